import { describe, expect, it } from "vitest";
import { defaultRuleConfig } from "./config";
import { SnapshotIndexBuilder } from "./index-snapshot";
import { evaluateAll, evaluateIndex } from "./registry";
import type { Snapshot } from "./snapshot";
import { buildSyntheticSnapshot } from "./testing/build-synthetic-snapshot";

/** Feeds a snapshot's records to a builder in the order `arrange` gives each table, as a loader would. */
function buildFrom(snapshot: Snapshot, arrange: <T>(rows: readonly T[]) => readonly T[]) {
  const { tenantId, cloud, now, signInActivityAvailable } = snapshot;
  const builder = new SnapshotIndexBuilder({ tenantId, cloud, now, signInActivityAvailable });
  arrange(snapshot.users).forEach((r) => builder.user(r));
  arrange(snapshot.groupMemberships).forEach((m) => builder.groupMembership(m.groupId.toUpperCase(), m.memberId));
  arrange(snapshot.groups).forEach((r) => builder.group(r));
  arrange(snapshot.roleAssignments).forEach((r) => builder.roleAssignment(r));
  arrange(snapshot.directoryRoleAssignments).forEach((r) => builder.directoryRoleAssignment(r));
  arrange(snapshot.directoryRoleDefinitions).forEach((r) => builder.directoryRoleDefinition(r));
  arrange(snapshot.appRoleAssignments).forEach((r) => builder.appRoleAssignment(r));
  arrange(snapshot.federatedCredentials).forEach((r) => builder.federatedCredential(r));
  arrange(snapshot.credentials).forEach((r) => builder.credential(r));
  arrange(snapshot.applications).forEach((r) => builder.application(r));
  arrange(snapshot.roleDefinitions).forEach((r) => builder.roleDefinition(r));
  arrange(snapshot.identityAttachments).forEach((r) => builder.identityAttachment(r));
  arrange(snapshot.resources).forEach((r) => builder.resource(r));
  arrange(snapshot.subscriptions).forEach((r) => builder.subscription(r));
  arrange(snapshot.managementGroups).forEach((r) => builder.managementGroup(r));
  arrange(snapshot.servicePrincipals).forEach((r) => builder.servicePrincipal(r));
  return builder.build();
}

describe("SnapshotIndexBuilder", () => {
  const snapshot = buildSyntheticSnapshot({ identities: 1_000, roleAssignments: 5_000, memberships: 10_000 });
  const expected = evaluateAll(snapshot).results;

  it("gives every rule the same findings, evidence included, whatever order the rows arrive in", () => {
    const reversed = evaluateIndex(
      buildFrom(snapshot, (rows) => [...rows].reverse()),
      defaultRuleConfig,
    ).results;
    // A stride through each table scrambles any order the generator happened to produce.
    const strided = evaluateIndex(
      buildFrom(snapshot, (rows) => rows.map((_, i) => rows[(i * 7919) % rows.length]!)),
      defaultRuleConfig,
    ).results;
    expect(expected.length).toBeGreaterThan(100);
    const byKey = (results: typeof expected) => new Map(results.map((r) => [r.key, JSON.stringify(r)]));
    expect(byKey(reversed)).toEqual(byKey(expected));
    expect(byKey(strided)).toEqual(byKey(expected));
  });
});
