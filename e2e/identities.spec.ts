// The inventory journeys on the synced demo tenant: find an identity by filter, open it, read where
// it lives, what it holds, who can become it, its findings and its timeline; share a view by URL,
// page through it, export it; stay usable by keyboard, at 768 px and in both themes.
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

function table(page: Page) {
  return page.getByRole("table", { name: "Managed identities" });
}

/** The body rows of the inventory table (each is named by its row header, the identity's name). */
function rows(page: Page) {
  return table(page).locator("tbody tr");
}

test("find an identity by filter, open it, and see where it lives, its grants, controllers, findings and timeline", async ({
  page,
  request,
}, testInfo) => {
  test.slow();
  await page.goto("/identities");
  await expect(page.getByRole("heading", { level: 1, name: "Identities" })).toBeVisible();

  // Narrow to user-assigned identities: the URL says so, the count agrees with the API.
  await page.getByLabel("Kind", { exact: true }).selectOption("UserAssigned");
  await expect(page).toHaveURL(/[?&]kind=UserAssigned(&|$)/);
  const { total } = await (await request.get("/api/identities/count?kind=UserAssigned")).json();
  await expect(page.getByText(`${total} identities match`)).toBeVisible();
  await expect(rows(page)).toHaveCount(Math.min(total, 50));
  // Kind is the first data cell after the name.
  for (const kind of await rows(page).locator("td:nth-of-type(1)").allTextContents())
    expect(kind).toBe("User-assigned");

  // Search by a name fragment, typed as a user would: a pause commits to the URL, and the box keeps
  // its focus and every keystroke while the list catches up.
  const search = page.getByRole("searchbox", { name: "Search" });
  await search.pressSequentially("dep", { delay: 50 });
  await expect(page).toHaveURL(/[?&]q=dep(&|$)/);
  await search.pressSequentially("loy", { delay: 50 });
  await expect(search).toBeFocused();
  await expect(search).toHaveValue("deploy");
  await expect(page).toHaveURL(/[?&]q=deploy(&|$)/);
  await expect(page).toHaveURL(/kind=UserAssigned/);
  const link = table(page).getByRole("link", { name: "mi-deploy-pipeline", exact: true });
  await expect(link).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("identities-filtered.png"), fullPage: true });

  await link.click();
  await expect(page).toHaveURL(/\/identities\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1, name: "mi-deploy-pipeline" })).toBeVisible();
  await expect(page.getByText(id).first()).toBeVisible();

  // Where it lives: its own ARM resource and the resources it is attached to, with ARM ids.
  const where = page.getByRole("region", { name: "Where it lives", exact: true });
  await expect(where).toContainText("In use: attached to");
  const attached = where.getByRole("table", { name: "Resources this identity is attached to" });
  await expect(attached).toContainText("func-deployer");
  await expect(attached).toContainText("/subscriptions/");

  // What it can do: Azure roles with scope, federated credentials with issuer and subject.
  const grants = page.getByRole("region", { name: "What it can do", exact: true });
  const roles = grants.getByRole("table", { name: "Azure role assignments" });
  await expect(roles.getByRole("rowheader", { name: "Owner" })).toBeVisible();
  await expect(roles).toContainText("Subscription");
  const federated = grants.getByRole("table", { name: /Federated credentials/ });
  await expect(federated).toContainText("https://token.actions.githubusercontent.com");
  await expect(federated).toContainText("repo:contoso/platform:ref:refs/heads/main");

  // Who can become it: principals with a role at or above its scopes.
  const controllers = page.getByRole("region", { name: "Who can become it", exact: true });
  await expect(controllers.getByRole("table")).toContainText("Can assign this identity to a resource they control");

  // Its findings link to the finding pages and to the queue filtered by this identity.
  const findings = page.getByRole("region", { name: "Findings", exact: true });
  const findingLink = findings.getByRole("table").getByRole("link").first();
  await expect(findingLink).toHaveAttribute("href", /^\/findings\/[^/]+$/);
  await expect(findings.getByRole("link", { name: /findings in the queue/ })).toHaveAttribute(
    "href",
    `/findings?subject=${id}`,
  );

  // The timeline says what the syncs saw (or, after a first load, when each grant was first seen).
  const timeline = page.getByRole("region", { name: "Timeline", exact: true });
  await expect(timeline).toContainText(/Attached to (a resource: )?func-deployer/);
  await expect(timeline).toContainText(/Azure role (assigned: )?Owner at Subscription/);

  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: testInfo.outputPath(`identity-detail-${scheme}.png`), fullPage: true });
  }
});

test("a system-assigned identity names its host resource; group membership shows the path", async ({
  page,
  request,
}) => {
  const { items } = await (await request.get("/api/identities?kind=SystemAssigned&limit=200")).json();
  const host = items.find((i: { isOrphaned: boolean; resourceId: string | null }) => !i.isOrphaned && i.resourceId);
  await page.goto(`/identities/${host.id}`);
  const hostTable = page.getByRole("table", { name: "Host resource" });
  // ARM ids compare case-insensitively (Entra spells them lower-case, ARM in its own casing).
  await expect(hostTable).toContainText(new RegExp(host.resourceId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i"));
  await expect(page.getByRole("region", { name: "Where it lives", exact: true })).toContainText(
    "lives on its host resource",
  );

  const { items: grouped } = await (await request.get("/api/identities?sort=groups&dir=desc&limit=1")).json();
  await page.goto(`/identities/${grouped[0].id}`);
  const groups = page.getByRole("table", { name: /Group memberships/ });
  await expect(groups.locator("tbody tr")).toHaveCount(grouped[0].groupCount);
});

test("sorting is in the URL and works by keyboard, with aria-sort on the header", async ({ page }) => {
  await page.goto("/identities");
  const risk = table(page).getByRole("columnheader", { name: "Risk" });
  await expect(table(page).getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "ascending");
  await risk.getByRole("button").focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/sort=privilege&dir=desc/);
  await expect(risk).toHaveAttribute("aria-sort", "descending");
  // The riskiest identity comes first.
  await expect(rows(page).first().getByText("Critical")).toBeVisible();
  await risk.getByRole("button").press("Enter");
  await expect(page).toHaveURL(/sort=privilege&dir=asc/);
  await expect(risk).toHaveAttribute("aria-sort", "ascending");
});

test("Next and Previous page through the inventory and a shared link reopens the same page", async ({
  page,
  browser,
}) => {
  await page.goto("/identities?limit=25&sort=name&dir=asc");
  await expect(rows(page)).toHaveCount(25);
  const firstPage = await rows(page).locator("th").allTextContents();
  await expect(page.getByText("Previous").first()).toHaveAttribute("aria-disabled", "true");

  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(rows(page).first()).not.toHaveText(firstPage[0]!);
  const secondPage = await rows(page).locator("th").allTextContents();
  expect(secondPage.some((name) => firstPage.includes(name))).toBe(false);
  // Names keep their order across the page boundary.
  expect([firstPage.at(-1)!, secondPage[0]!].map((n) => n.toLowerCase())).toEqual(
    [firstPage.at(-1)!, secondPage[0]!].map((n) => n.toLowerCase()).sort(),
  );

  // Someone else opening the link sees the same page.
  const shared = await browser.newPage();
  await shared.goto(page.url());
  await expect(shared.getByRole("table", { name: "Managed identities" }).locator("tbody tr th")).toHaveText(secondPage);
  await shared.close();

  await page.getByRole("link", { name: "Previous" }).click();
  await expect(rows(page).locator("th")).toHaveText(firstPage);

  // Changing a filter starts again from the first page.
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await page.getByLabel("Kind", { exact: true }).selectOption("SystemAssigned");
  await expect(page).not.toHaveURL(/cursor=/);
});

test("Export CSV downloads the current view with the contract's fields", async ({ page, request }) => {
  await page.goto("/identities?kind=UserAssigned&sort=name&dir=desc");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^identities-\d{8}-\d{6}\.csv$/);
  const text = readFileSync(await download.path(), "utf8");
  const lines = text.trimEnd().split("\r\n");
  expect(lines[0]!.split(",").slice(0, 14)).toEqual([
    "id",
    "appId",
    "displayName",
    "kind",
    "resourceId",
    "attachedResourceIds",
    "subscriptionId",
    "accountEnabled",
    "isOrphaned",
    "azureRoleAssignmentCount",
    "directoryRoleCount",
    "appRoleCount",
    "groupCount",
    "openFindingCount",
  ]);
  const { total } = await (await request.get("/api/identities/count?kind=UserAssigned")).json();
  expect(lines).toHaveLength(total + 1);
  expect(lines.slice(1).every((line) => line.includes(",UserAssigned,"))).toBe(true);
});

test("a link with filters it cannot use says so and offers a clean one; a forged cursor offers the first page", async ({
  page,
  request,
}) => {
  await page.goto("/identities?kind=Robot&orphaned=maybe&findings=open");
  const alert = page.getByRole("alert").filter({ hasText: "could not be used" });
  await expect(alert).toContainText("kind");
  await expect(alert).toContainText("Robot");
  await expect(alert).toContainText("orphaned");
  // The valid filter still applies.
  await expect(page.getByLabel("Open findings", { exact: true })).toHaveValue("open");
  await alert.getByRole("link", { name: "Remove them from the address" }).click();
  await expect(page).toHaveURL(/\/identities\?findings=open$/);

  const forged = Buffer.from(JSON.stringify({ v: 1, k: "name", d: "asc", x: { $gt: "" }, i: "x", b: false })).toString(
    "base64url",
  );
  const api = await request.get(`/api/identities?cursor=${forged}`);
  expect(api.status()).toBe(422);
  expect((await api.json()).error.details.field).toBe("cursor");
  await page.goto(`/identities?cursor=${forged}`);
  await expect(page.getByRole("alert").filter({ hasText: "paging cursor is not valid" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the first page" }).click();
  await expect(page).toHaveURL(/\/identities$/);
  await expect(rows(page).first()).toBeVisible();
});

test("an unknown identity is a 404 page that leads back to the inventory", async ({ page }) => {
  const response = await page.goto("/identities/00000000-0000-0000-0000-000000000000");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Identity not found" })).toBeVisible();
  await page.getByRole("link", { name: "Search the inventory" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Identities" })).toBeVisible();
});

test("the inventory is accessible in light and dark, and usable at 768 px with the table scrolling inside itself", async ({
  page,
}, testInfo) => {
  // Two full-page axe runs and screenshots of a wide table: slow on a shared machine.
  test.slow();
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/identities");
    await expect(rows(page).first()).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: testInfo.outputPath(`identities-${scheme}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 768, height: 1000 });
  await page.goto("/identities");
  await expect(rows(page).first()).toBeVisible();
  const pageOverflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(pageOverflow).toBeLessThanOrEqual(0);
  const region = page.getByRole("region", { name: "Managed identities" });
  const inner = await region.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(inner).toBeGreaterThan(0);
  // The scroll region takes keyboard focus, so its overflow is reachable without a mouse.
  await region.focus();
  await page.keyboard.press("End");
  await page.screenshot({ path: testInfo.outputPath("identities-768.png"), fullPage: true });
});
