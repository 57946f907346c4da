// The overview on the synced demo tenant: its figures agree with the API, and every chart bar and
// headline figure leads to the filtered list it summarises.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

test("the severity chart leads to the findings queue filtered by that severity", async ({ page, request }) => {
  const overview = await (await request.get("/api/overview")).json();
  expect(overview.findings.bySeverity.high).toBeGreaterThan(0);
  await page.goto("/");
  const chart = page.getByRole("figure", { name: "Open findings by severity" });
  const high = chart.getByRole("link", { name: /^High/ });
  await expect(high).toHaveAccessibleName(`High: ${overview.findings.bySeverity.high} findings`);
  await high.click();
  await expect(page).toHaveURL(/\/findings\?severity=high$/);
  await expect(page.getByRole("heading", { level: 1, name: "Findings" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Severity" }).getByRole("checkbox", { name: "High" })).toBeChecked();
});

test("the rule chart leads to the findings of that rule", async ({ page, request }) => {
  const overview = await (await request.get("/api/overview")).json();
  const top = overview.findings.byRule[0];
  await page.goto("/");
  const chart = page.getByRole("figure", { name: "Open findings by rule" });
  await chart.getByRole("link", { name: new RegExp(`^${top.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/findings\\?rule=${top.ruleId}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Findings" })).toBeVisible();
});

test("the headline figures agree with the API and open the lists they count", async ({ page, request }) => {
  const overview = await (await request.get("/api/overview")).json();
  await page.goto("/");
  const figures = page.getByRole("region", { name: "Headline figures" });
  await expect(figures.getByRole("link", { name: /^Managed identities/ })).toContainText(
    String(overview.identities.total),
  );
  const orphaned = figures.getByRole("link", { name: /^Orphaned identities/ });
  await expect(orphaned).toContainText(String(overview.identities.orphaned));
  await orphaned.click();
  await expect(page).toHaveURL(/\/identities\?orphaned=true$/);
  await expect(page.getByLabel("Orphaned", { exact: true })).toHaveValue("true");
  await expect(page.getByText(`${overview.identities.orphaned} identities match`)).toBeVisible();
  const rows = page.getByRole("table", { name: "Managed identities" }).locator("tbody tr");
  await expect(rows).toHaveCount(overview.identities.orphaned);
  for (const cell of await rows.getByText("Orphaned", { exact: true }).all()) await expect(cell).toBeVisible();
});

test("the most exposed identities open their detail; the trend reads as text and as a table", async ({
  page,
  request,
}) => {
  const overview = await (await request.get("/api/overview")).json();
  await page.goto("/");
  const exposed = page.getByRole("region", { name: "Most exposed identities" });
  const first = overview.mostExposed[0];
  expect(first.privilege).toBe("critical");
  await expect(exposed.getByRole("listitem").first()).toContainText(first.displayName);

  const trend = page.getByRole("figure", { name: "Open and resolved findings per sync" });
  const chart = trend.getByRole("img");
  await expect(chart).toHaveAccessibleDescription(/open findings|One sync so far/);
  await trend.getByText("Show as a table").click();
  const table = trend.getByRole("table", { name: "Open and resolved findings per sync" });
  await expect(table.locator("tbody tr")).toHaveCount(overview.trend.length);
  await expect(table.locator("tbody tr").last()).toContainText(String(overview.trend.at(-1).open));

  await exposed.getByRole("link", { name: first.displayName, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: first.displayName })).toBeVisible();
});

test("the overview is accessible in light and dark and holds at 768 px", async ({ page }, testInfo) => {
  test.slow();
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/");
    await expect(page.getByRole("figure", { name: "Open findings by severity" })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: testInfo.outputPath(`overview-${scheme}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 768, height: 1000 });
  await page.goto("/");
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("overview-768.png"), fullPage: true });
});
