import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./encode-csv";

describe("csvCell", () => {
  it("quotes commas, quotes and line breaks as RFC 4180 says", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
  });

  it("writes empty cells for null, arrays joined with ';', objects as JSON, dates as ISO", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(["a", "b", "c"])).toBe("a;b;c");
    expect(csvCell([])).toBe("");
    expect(csvCell({ k: "v", n: 1 })).toBe('"{""k"":""v"",""n"":1}"');
    expect(csvCell(new Date("2026-11-22T00:00:00Z"))).toBe("2026-11-22T00:00:00.000Z");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(42)).toBe("42");
  });

  it("defuses text a spreadsheet would run as a formula (ASVS 1.2.10)", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("\rcmd")).toBe('"\'\rcmd"');
    expect(csvCell(["=evil", "ok"])).toBe("'=evil;ok");
    // Numbers are data, not formulas.
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell("a=b")).toBe("a=b");
  });
});

describe("csvRow", () => {
  it("joins cells with commas and ends with CRLF", () => {
    expect(csvRow(["id", "a,b", null, ["x", "y"]])).toBe('id,"a,b",,x;y\r\n');
  });
});
