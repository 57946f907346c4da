import { describe, expect, it } from "vitest";
import { formatDay, formatDuration, formatInstant, formatNumber, plural } from "./format";

describe("format", () => {
  it("durations read naturally at every scale", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(2_700)).toBe("2.7 s");
    expect(formatDuration(72_000)).toBe("1 min 12 s");
    expect(formatDuration(3_780_000)).toBe("1 h 3 min");
  });

  it("instants are UTC whatever the machine's zone, and bad input is a dash", () => {
    expect(formatInstant("2026-12-02T03:19:28.123Z")).toBe("2026-12-02 03:19:28 UTC");
    expect(formatInstant("2026-12-02T03:19:28.123+01:00", { seconds: false })).toBe("2026-12-02 02:19 UTC");
    expect(formatInstant("yesterday")).toBe("—");
    expect(formatDay("2026-12-31T23:59:59Z")).toBe("2026-12-31");
  });

  it("counts group thousands and pluralise", () => {
    expect(formatNumber(120_345)).toBe("120,345");
    expect(plural(1, "finding")).toBe("1 finding");
    expect(plural(2_000, "finding")).toBe("2,000 findings");
    expect(plural(0, "identity", "identities")).toBe("0 identities");
  });
});
