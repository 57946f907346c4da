import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { DEMO_URL, EMPTY_URL } from "./support/env";

const pages = [
  { name: "Overview", path: "/", heading: "Overview" },
  { name: "Identities", path: "/identities", heading: "Identities" },
  { name: "Findings", path: "/findings", heading: "Findings" },
  { name: "Candidates", path: "/candidates", heading: "Candidates" },
  { name: "Sync", path: "/sync", heading: "Sync" },
  { name: "Rules", path: "/rules", heading: "Rules" },
];

test("health reports the database reachable at the current migration level", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe("ok");
  expect(body.database.reachable).toBe(true);
  expect(body.database.migration.upToDate).toBe(true);
  expect(body.database.migration.current).toMatch(/^\d{14}_/);
  expect(response.headers()["cache-control"]).toContain("no-store");
});

test("a new user is told what to do next on an empty database", async ({ page }) => {
  await page.goto(`${EMPTY_URL}/`);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  const empty = page.getByRole("region", { name: "No tenant synced yet" });
  await expect(empty).toBeVisible();
  await expect(empty).toContainText("npm run demo");
  await expect(empty).toContainText("npx steward sync");
});

test("the navigation reaches every section by keyboard", async ({ page }) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const p of pages.slice(1)) {
    const link = nav.getByRole("link", { name: p.name, exact: true });
    await link.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`${p.path}$`));
    await expect(page.getByRole("heading", { level: 1, name: p.heading })).toBeVisible();
    await expect(link).toHaveAttribute("aria-current", "page");
  }
});

for (const p of pages) {
  test(`${p.name} has no serious accessibility violations, in light and dark, synced or empty`, async ({
    page,
  }, testInfo) => {
    for (const [state, base] of [
      ["synced", DEMO_URL],
      ["empty", EMPTY_URL],
    ] as const)
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`${base}${p.path}`);
        await expect(page.getByRole("heading", { level: 1, name: p.heading })).toBeVisible();
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
        await page.screenshot({
          path: testInfo.outputPath(`${p.name.toLowerCase()}-${state}-${scheme}.png`),
          fullPage: true,
        });
      }
  });
}

test("the rule catalog lists every rule with its rationale and remediation", async ({ page }) => {
  await page.goto("/rules");
  const items = page
    .getByRole("main")
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { level: 2 }) });
  await expect(items).toHaveCount(17);
  const first = page.locator("#mi-privileged-azure-role");
  await first.getByText("How to fix it").click();
  await expect(first.getByRole("listitem").first()).toBeVisible();
});

test("the layout holds at 768 px wide", async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1000 });
  await page.goto("/sync");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test("starting a sync without a configured tenant says what is missing", async ({ page }) => {
  await page.goto(`${EMPTY_URL}/sync`);
  await page.getByRole("button", { name: "Sync now" }).click();
  // (Next.js keeps its own route announcer as a second, empty alert region.)
  await expect(page.getByRole("alert").filter({ hasText: "No tenant is configured" })).toContainText("AZURE_TENANT_ID");
});

test("the JSON API refuses a cross-site request to start a sync", async ({ request }) => {
  const response = await request.post("/api/sync", { headers: { origin: "https://evil.example" } });
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe("forbidden");
});
