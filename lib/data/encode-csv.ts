// RFC 4180 CSV for the exports: a header row, CRLF line ends, quoting where needed, arrays joined
// with ";", objects as JSON, and text that a spreadsheet would run as a formula defused (ASVS 1.2.10).

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text of one value before quoting. */
export function csvText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) {
    return value
      .map((item) =>
        item !== null && typeof item === "object" && !(item instanceof Date) ? JSON.stringify(item) : csvText(item),
      )
      .join(";");
  }
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** One cell: formula-like text gets a leading `'`, then RFC 4180 quoting. Numbers are left as they are. */
export function csvCell(value: unknown): string {
  let text = csvText(value);
  if (typeof value !== "number" && typeof value !== "bigint" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
