import { describe, expect, it } from "vitest";
import { RULE_IDS } from "./rule";
import { evaluateAll, rules } from "./registry";
import { createManagedIdentity, createRoleAssignment, createSnapshot } from "./testing/factories";
import { AZURE_ROLE } from "./well-known-ids";

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

describe("evaluateAll", () => {
  it("tags every result with its rule and stable key, and times every rule", () => {
    const mi = createManagedIdentity({ accountEnabled: false });
    const snapshot = createSnapshot({
      servicePrincipals: [mi],
      roleAssignments: [createRoleAssignment({ principalId: mi.id, roleDefinitionId: AZURE_ROLE.owner, scope: "/" })],
    });
    const { results, timings } = evaluateAll(snapshot);
    expect(results.map((r) => r.key).sort()).toEqual(
      [
        `mi-disabled-with-access|${mi.id}|`,
        `mi-orphaned-user-assigned|${mi.id}|`,
        `mi-privileged-azure-role|${mi.id}|`,
      ].sort(),
    );
    expect(timings.map((t) => t.ruleId)).toEqual(rules.map((r) => r.id));
    expect(timings.find((t) => t.ruleId === "mi-privileged-azure-role")?.resultCount).toBe(1);
  });
});
