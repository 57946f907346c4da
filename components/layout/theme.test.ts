import { describe, expect, it } from "vitest";
import { parseThemePreference, resolveTheme, THEME_STORAGE_KEY, themeInitScript } from "./theme";

/** Runs the serialised <head> script against a stand-in window, as the browser would before paint. */
function runInitScript(stored: string | null | Error, systemDark: boolean) {
  const root = { dataset: {} as Record<string, string>, style: {} as Record<string, string> };
  const window = {
    localStorage: {
      getItem: (key: string) => {
        if (stored instanceof Error) throw stored;
        return key === THEME_STORAGE_KEY ? stored : null;
      },
    },
    matchMedia: (query: string) => ({ matches: query === "(prefers-color-scheme: dark)" && systemDark }),
  };
  new Function("window", "document", themeInitScript)(window, { documentElement: root });
  return root;
}

describe("theme", () => {
  it("accepts only the three preferences and otherwise follows the system", () => {
    expect(parseThemePreference("dark")).toBe("dark");
    expect(parseThemePreference("light")).toBe("light");
    expect(parseThemePreference("solarized")).toBe("system");
    expect(parseThemePreference(undefined)).toBe("system");
  });

  it("resolves the system preference from the media query, and explicit ones as they are", () => {
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("system", false)).toBe("light");
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
  });

  it("the pre-paint script applies a stored choice over the system's", () => {
    expect(runInitScript("dark", false)).toMatchObject({
      dataset: { theme: "dark", themePreference: "dark" },
      style: { colorScheme: "dark" },
    });
    expect(runInitScript("light", true).dataset).toEqual({ theme: "light", themePreference: "light" });
  });

  it("the pre-paint script follows the system when nothing (or nonsense) is stored, or storage throws", () => {
    expect(runInitScript(null, true).dataset).toEqual({ theme: "dark", themePreference: "system" });
    expect(runInitScript("blue", false).dataset).toEqual({ theme: "light", themePreference: "system" });
    expect(runInitScript(new Error("SecurityError"), true).dataset).toEqual({
      theme: "dark",
      themePreference: "system",
    });
  });
});
