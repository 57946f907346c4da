// Migration candidates on the synced demo tenant: rank and filter them, open a plan and copy the
// federated credential's exact values.
import { expect, test, type Page } from "@playwright/test";
import { checkInBothThemes } from "./support/a11y";

const rows = (page: Page) => page.getByRole("region", { name: /Migration candidates/ }).locator("tbody tr");

test("candidates are ranked by score and filter by target, kind and minimum score", async ({ page }) => {
  await page.goto("/candidates");
  await expect(page.getByRole("heading", { level: 1, name: "Candidates" })).toBeVisible();
  await expect(rows(page).first()).toBeVisible();
  const scores = (await rows(page).locator("td:nth-child(1)").allInnerTexts()).map((t) => Number.parseInt(t, 10));
  expect(scores.length).toBeGreaterThan(3);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));

  await page.getByLabel("Minimum score").selectOption("50");
  await expect(page).toHaveURL(/minScore=50/);
  await expect(page.getByText(/candidates? match/)).toBeVisible();
  const high = (await rows(page).locator("td:nth-child(1)").allInnerTexts()).map((t) => Number.parseInt(t, 10));
  expect(high.every((s) => s >= 50)).toBe(true);

  await page.getByLabel("Kind").selectOption("User");
  await expect(page).toHaveURL(/kind=User/);
  await expect(rows(page).first()).toContainText("User account");
});

test("open a federated-credential candidate's plan and copy the exact issuer, subject and audience", async ({
  page,
  context,
}, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/candidates?target=ManagedIdentityAsFederatedCredential");
  await expect(rows(page).first()).toContainText("MI as federated credential");
  const name = await rows(page).first().getByRole("link").innerText();
  await rows(page).first().getByRole("link").click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(
    page.getByRole("region", { name: /Recommended: Managed identity as federated credential/ }),
  ).toBeVisible();
  await expect(page.getByRole("region", { name: "Why it is a candidate" }).getByRole("listitem").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Steps" }).getByRole("listitem").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Identity to create" })).toContainText("User-assigned");

  const fic = page.getByRole("region", { name: "Federated credential to add to the app registration" });
  const issuer = await fic.locator("dd code").nth(1).innerText();
  expect(issuer).toMatch(/^https:\/\/.+\/[0-9a-f-]{36}\/v2\.0$/);
  await fic.getByRole("button", { name: "Copy issuer" }).click();
  await expect(fic.getByRole("status").nth(1)).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(issuer);
  await fic.getByRole("button", { name: "Copy audience" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("api://AzureADTokenExchange");
  await fic.getByRole("button", { name: "Copy subject" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("object (principal) id");
  await expect(page.getByRole("region", { name: /At the end, remove/ })).toContainText("Client secret");

  await checkInBothThemes(page, testInfo, {
    path: page.url(),
    name: "candidate-plan",
    ready: async (p) => expect(p.getByRole("region", { name: "Steps" })).toBeVisible(),
  });
});

test("a user-assigned plan lists the role assignments to replicate and the credentials to remove", async ({ page }) => {
  await page.goto("/candidates?target=UserAssigned&kind=Application");
  await rows(page).first().getByRole("link").click();
  const roles = page.getByRole("region", { name: /Azure role assignments to replicate/ });
  await expect(roles.getByRole("table")).toBeVisible();
  await expect(roles.getByRole("cell").first()).not.toBeEmpty();
  await expect(page.getByRole("region", { name: /At the end, remove/ }).getByRole("table")).toBeVisible();
});

test("the candidates list and a plan hold at 768 px", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 768, height: 1000 });
  await page.goto("/candidates");
  await expect(rows(page).first()).toBeVisible();
  const overflow = () =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("candidates-768.png"), fullPage: true });
  await rows(page).first().getByRole("link").click();
  await expect(page.getByRole("region", { name: "Steps" })).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("candidate-plan-768.png"), fullPage: true });
});
