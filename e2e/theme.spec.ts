// Light and dark themes: the system's by default, a remembered choice otherwise, never a flash of
// the wrong one while the page loads.
import { expect, test } from "@playwright/test";
import { expectNoSeriousViolations } from "./support/a11y";

test("follows the system until a theme is chosen, then remembers the choice across pages", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/rules");
  const html = page.locator("html");
  await expect(html).toHaveAttribute("data-theme", "dark");
  const toggle = page.getByRole("group", { name: "Colour theme" });
  await expect(toggle.getByRole("radio", { name: "System" })).toBeChecked();

  // Keyboard: arrows move between the choices of the radio group.
  await toggle.getByRole("radio", { name: "System" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(toggle.getByRole("radio", { name: "Light" })).toBeChecked();
  await expect(html).toHaveAttribute("data-theme", "light");
  await expectNoSeriousViolations(page);

  // A different system preference no longer matters, and the choice survives a new page load.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/sync");
  await expect(html).toHaveAttribute("data-theme", "light");
  await expect(page.getByRole("group", { name: "Colour theme" }).getByRole("radio", { name: "Light" })).toBeChecked();

  await page.getByRole("group", { name: "Colour theme" }).getByText("System", { exact: true }).click();
  await expect(html).toHaveAttribute("data-theme", "dark");
  await page.emulateMedia({ colorScheme: "light" });
  await expect(html).toHaveAttribute("data-theme", "light"); // followed live
});

test("a stored theme is applied before the page paints", async ({ page }) => {
  await page.addInitScript(() => window.localStorage.setItem("steward-theme", "dark"));
  await page.emulateMedia({ colorScheme: "light" });
  // Record the theme at the first moment the body exists, before any React code has run.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.body) {
        (window as unknown as { themeAtFirstBody: string | undefined }).themeAtFirstBody =
          document.documentElement.dataset.theme;
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto("/findings");
  expect(await page.evaluate(() => (window as unknown as { themeAtFirstBody?: string }).themeAtFirstBody)).toBe("dark");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe("rgb(248, 250, 252)"); // not the light page background
});
