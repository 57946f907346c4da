// The colour theme: a preference (system, light or dark) kept in localStorage, resolved to the
// `data-theme` attribute on <html> that Tailwind's `dark:` variant reads (app/globals.css).

export const THEME_PREFERENCES = ["system", "light", "dark"] as const;
export type ThemePreference = (typeof THEME_PREFERENCES)[number];
export type Theme = "light" | "dark";

export const THEME_STORAGE_KEY = "steward-theme";

export function parseThemePreference(value: unknown): ThemePreference {
  return THEME_PREFERENCES.includes(value as ThemePreference) ? (value as ThemePreference) : "system";
}

export function resolveTheme(preference: ThemePreference, systemPrefersDark: boolean): Theme {
  if (preference === "system") return systemPrefersDark ? "dark" : "light";
  return preference;
}

/**
 * Runs in <head> before the body paints, so a stored "dark" never flashes light (and the reverse).
 * Kept free of imports: it is serialised into the page as it is. localStorage can throw (disabled
 * storage, sandboxed frames); the page then follows the system.
 */
function initTheme(storageKey: string) {
  let preference = "system";
  try {
    const stored = window.localStorage.getItem(storageKey);
    if (stored === "light" || stored === "dark") preference = stored;
  } catch {
    // storage unavailable: follow the system
  }
  const dark =
    preference === "dark" || (preference === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  const root = document.documentElement;
  root.dataset.theme = dark ? "dark" : "light";
  root.dataset.themePreference = preference;
  root.style.colorScheme = dark ? "dark" : "light";
}

export const themeInitScript = `(${initTheme.toString()})(${JSON.stringify(THEME_STORAGE_KEY)})`;
