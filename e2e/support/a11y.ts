// Accessibility and screenshots for a page in both themes, the way every spec checks its pages.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/** No serious or critical axe violations on what the page shows now. */
export async function expectNoSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/**
 * Loads `path` with the system in light, then dark (the theme follows the system by default), checks
 * axe in each and saves a full-page screenshot named `<name>-<scheme>.png`.
 */
export async function checkInBothThemes(
  page: Page,
  testInfo: TestInfo,
  options: { path: string; name: string; ready: (page: Page) => Promise<void> },
): Promise<void> {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(options.path);
    await options.ready(page);
    await expect(page.locator("html")).toHaveAttribute("data-theme", scheme);
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: testInfo.outputPath(`${options.name}-${scheme}.png`), fullPage: true });
  }
}
