// Scale smoke test: the whole catalog over a 10k-identity tenant (the proportions of the 100k
// benchmark tenant) held in memory. It asserts invariants that hold whatever the rules decide;
// the 100k run and its timing belong to bench/, so every `npm test` does not pay for them.
import { describe, expect, it } from "vitest";
import { planMigrationCandidates } from "./candidates/plan-migration-candidates";
import { defaultRuleConfig } from "./config";
import { lc } from "./index-snapshot";
import { evaluateAll } from "./registry";
import { RULE_IDS } from "./rule";
import { SEVERITIES } from "./severity";
import { buildSyntheticSnapshot } from "./testing/build-synthetic-snapshot";

describe("the catalog at 10k identities", () => {
  it("evaluates every rule and every candidate with consistent, serialisable output", { timeout: 600_000 }, () => {
    const snapshot = buildSyntheticSnapshot({ identities: 10_000, roleAssignments: 50_000, memberships: 100_000 });
    expect(snapshot.roleAssignments).toHaveLength(50_000);
    expect(snapshot.groupMemberships.length).toBeGreaterThanOrEqual(100_000);

    const { results, timings, index } = evaluateAll(snapshot, defaultRuleConfig);
    expect(timings.map((t) => t.ruleId).sort()).toEqual([...RULE_IDS].sort());

    const keys = new Set<string>();
    const subjects = new Set([
      ...snapshot.servicePrincipals.map((s) => lc(s.id)),
      ...snapshot.applications.map((a) => lc(a.id)),
      ...snapshot.users.map((u) => lc(u.id)),
    ]);
    for (const r of results) {
      expect(keys.has(r.key), r.key).toBe(false);
      keys.add(r.key);
      expect(r.key).toBe(`${r.ruleId}|${r.subjectId}|${r.target}`);
      expect(SEVERITIES).toContain(r.severity);
      expect(subjects.has(lc(r.subjectId))).toBe(true);
      expect(r.title.length).toBeGreaterThan(0);
    }
    // Evidence is stored as JSON: a round trip must not lose anything (Dates or undefined would).
    for (const r of results) {
      const json = JSON.stringify(r.evidence);
      if (JSON.stringify(JSON.parse(json)) !== json || json.includes('"undefined"'))
        throw new Error(`evidence of ${r.key} is not plain JSON`);
    }
    expect(results.every((r) => Object.values(r.evidence).every((v) => v !== undefined && !(v instanceof Date)))).toBe(
      true,
    );
    // The generator plants every kind of risk, so every rule family has something to say.
    const fired = new Set(results.map((r) => r.ruleId));
    for (const id of [
      "mi-privileged-azure-role",
      "mi-privileged-directory-role",
      "mi-dangerous-graph-permission",
      "mi-privileged-group-member",
      "mi-orphaned-system-assigned",
      "mi-orphaned-user-assigned",
      "mi-federated-credential-risk",
      "mi-trusted-by-app",
      "mi-escalation-path",
      "mi-disabled-with-access",
      "app-secret-credential",
      "app-azure-workload",
    ] as const) {
      expect(fired.has(id), id).toBe(true);
    }
    // Platform certificates of the 100k identities never surface.
    expect(results.some((r) => JSON.stringify(r.evidence).includes("platform-"))).toBe(false);

    const candidates = planMigrationCandidates(index, defaultRuleConfig);
    expect(candidates.length).toBeGreaterThan(0);
    expect(new Set(candidates.map((c) => c.id)).size).toBe(candidates.length);
    for (const c of candidates) {
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(100);
      expect(c.reasons.length).toBeGreaterThan(0);
    }
  });
});
