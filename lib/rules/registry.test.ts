import { describe, expect, it } from "vitest";
import { RULE_IDS } from "./rule";
import { rules } from "./registry";

describe("rule registry", () => {
  it("lists every catalog id exactly once", () => {
    expect(rules.map((r) => r.id).sort()).toEqual([...RULE_IDS].sort());
  });

  it("gives every rule the text its page needs, with documentation links", () => {
    for (const rule of rules) {
      expect(rule.title.length, rule.id).toBeGreaterThan(10);
      expect(rule.rationale.length, rule.id).toBeGreaterThan(80);
      expect(rule.severityDescription.length, rule.id).toBeGreaterThan(3);
      expect(rule.remediation.length, rule.id).toBeGreaterThan(0);
      expect(rule.references.length, rule.id).toBeGreaterThan(0);
      for (const ref of rule.references)
        expect(ref.url, rule.id).toMatch(/^https:\/\/(learn\.microsoft\.com|docs\.github\.com)\//);
    }
  });
});
