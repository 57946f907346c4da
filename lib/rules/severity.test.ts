import { describe, expect, it } from "vitest";
import { compareSeverityDesc, maxSeverity, rankOf, SEVERITIES, severityLabel } from "./severity";

describe("severity", () => {
  it("orders critical above high above medium above low above info above nothing", () => {
    const ranks = SEVERITIES.map(rankOf);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(new Set(ranks).size).toBe(SEVERITIES.length);
    expect(rankOf(null)).toBeLessThan(rankOf("info"));
  });

  it("picks the worse severity and treats null as nothing", () => {
    expect(maxSeverity("low", "high")).toBe("high");
    expect(maxSeverity("critical", "medium")).toBe("critical");
    expect(maxSeverity(null, "info")).toBe("info");
    expect(maxSeverity(null, null)).toBeNull();
    expect(["low", "critical", "info"].sort((a, b) => compareSeverityDesc(a as "low", b as "low"))).toEqual([
      "critical",
      "low",
      "info",
    ]);
  });

  it("labels every severity", () => {
    for (const s of SEVERITIES) expect(severityLabel[s]).toMatch(/^[A-Z]/);
  });
});
