/** A Json column as an object: SQLite can hand back text where raw SQL wrote it; anything else is {}. */
export function parseJsonObject(value: unknown): Record<string, unknown> {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return {};
    }
  }
  return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

/** A Json column as an object, or null when it holds nothing (audit before/after). */
export function parseJsonObjectOrNull(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  return parseJsonObject(value);
}

/** A Json column holding a list of strings (reasons); anything else reads as empty. */
export function parseStringArray(value: unknown): string[] {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return [];
    }
  }
  return Array.isArray(parsed) ? parsed.map(String) : [];
}
