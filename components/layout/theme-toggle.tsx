"use client";

import { useEffect, useId, useSyncExternalStore } from "react";
import {
  parseThemePreference,
  resolveTheme,
  THEME_PREFERENCES,
  THEME_STORAGE_KEY,
  type ThemePreference,
} from "./theme";

const labels: Record<ThemePreference, string> = { system: "System", light: "Light", dark: "Dark" };
const DARK_QUERY = "(prefers-color-scheme: dark)";

// The preference lives on <html> (set before paint by the inline script in app/layout.tsx), so every
// toggle on the page reads the same value and the server render needs none.
const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const getPreference = () => parseThemePreference(document.documentElement.dataset.themePreference);
const getServerPreference = (): ThemePreference => "system";

function apply(preference: ThemePreference) {
  const theme = resolveTheme(preference, window.matchMedia(DARK_QUERY).matches);
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.dataset.themePreference = preference;
  root.style.colorScheme = theme;
  for (const listener of listeners) listener();
}

function choose(preference: ThemePreference) {
  try {
    if (preference === "system") window.localStorage.removeItem(THEME_STORAGE_KEY);
    else window.localStorage.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // Storage unavailable: the choice holds for this page only.
  }
  apply(preference);
}

/** System / light / dark, as a radio group: arrow keys move between the choices. */
export function ThemeToggle() {
  const preference = useSyncExternalStore(subscribe, getPreference, getServerPreference);
  const name = useId();

  // Following the system means following it live, e.g. when the OS switches to dark at dusk.
  useEffect(() => {
    if (preference !== "system") return;
    const media = window.matchMedia(DARK_QUERY);
    const follow = () => apply("system");
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, [preference]);

  return (
    <fieldset className="flex items-center gap-2">
      <legend className="sr-only">Colour theme</legend>
      <div className="inline-flex rounded-md border border-slate-300 bg-slate-100 p-0.5 dark:border-slate-700 dark:bg-slate-800">
        {THEME_PREFERENCES.map((value) => (
          <label
            key={value}
            className="cursor-pointer rounded px-2 py-1 text-xs font-medium text-slate-700 has-[:checked]:bg-white has-[:checked]:text-slate-900 has-[:checked]:shadow-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-blue-600 dark:text-slate-300 dark:has-[:checked]:bg-slate-950 dark:has-[:checked]:text-white"
          >
            <input
              type="radio"
              name={name}
              value={value}
              checked={preference === value}
              onChange={() => choose(value)}
              className="sr-only"
            />
            {labels[value]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
