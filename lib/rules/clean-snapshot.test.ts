import { describe, expect, it } from "vitest";
import { planMigrationCandidates } from "./candidates/plan-migration-candidates";
import { defaultRuleConfig } from "./config";
import { evaluateAll } from "./registry";
import { buildCleanSnapshot } from "./testing/build-clean-snapshot";
import { AZURE_ROLE } from "./well-known-ids";

describe("a least-privilege tenant", () => {
  it("produces no finding from any rule", () => {
    const { results, timings } = evaluateAll(buildCleanSnapshot());
    expect(results).toEqual([]);
    expect(timings).toHaveLength(17);
  });

  it("produces no migration candidate", () => {
    const { index } = evaluateAll(buildCleanSnapshot());
    expect(planMigrationCandidates(index, defaultRuleConfig)).toEqual([]);
  });
});

describe("the clean tenant is a real baseline", () => {
  it("fires as soon as one of its identities gets a privileged role", () => {
    const clean = buildCleanSnapshot();
    const shared = clean.servicePrincipals.find((sp) => sp.displayName === "orders-data-reader");
    expect(shared).toBeDefined();
    const ownerAssignment = clean.roleAssignments.find((a) => a.roleDefinitionId === AZURE_ROLE.owner);
    expect(ownerAssignment).toBeDefined();
    const tainted = {
      ...clean,
      roleAssignments: clean.roleAssignments.map((a) =>
        a === ownerAssignment ? { ...a, principalId: shared?.id ?? "" } : a,
      ),
    };
    expect(evaluateAll(tainted).results.map((r) => r.ruleId)).toEqual(["mi-privileged-azure-role"]);
    // The developer's Reader on the web app's resource group becomes Contributor: now they can become it.
    const dev = clean.users.find((u) => u.userPrincipalName.startsWith("dana.dev"));
    const escalated = {
      ...tainted,
      roleAssignments: tainted.roleAssignments.map((a) =>
        a.principalId === dev?.id ? { ...a, roleDefinitionId: AZURE_ROLE.contributor } : a,
      ),
    };
    expect(evaluateAll(escalated).results.map((r) => `${r.ruleId}|${r.target}`)).toContain(
      `mi-escalation-path|${dev?.id}`,
    );
  });
});
