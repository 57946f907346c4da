import { describe, expect, it } from "vitest";
import {
  createAttachment,
  createFederatedCredential,
  createManagedIdentity,
  createResource,
  createRoleAssignment,
  createSubscription,
  resourceGroupScope,
} from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { AZURE_ROLE } from "../well-known-ids";
import { miOrphanedUserAssigned as rule } from "./mi-orphaned-user-assigned";

describe("mi-orphaned-user-assigned", () => {
  it("is low for an unattached identity with no grants", () => {
    const mi = createManagedIdentity();
    const results = runRule(rule, { servicePrincipals: [mi] });
    expect(results).toEqual([
      expect.objectContaining({ subjectId: mi.id, severity: "low", subjectKind: "UserAssigned" }),
    ]);
    expect(results[0]?.evidence).toMatchObject({ identityResourceId: mi.miResourceId, attachedResourceCount: 0 });
  });

  it("is medium while the identity still holds a grant, and names it", () => {
    const mi = createManagedIdentity();
    const grant = createRoleAssignment({
      principalId: mi.id,
      roleDefinitionId: AZURE_ROLE.reader,
      scope: resourceGroupScope("rg"),
    });
    const results = runRule(rule, { servicePrincipals: [mi], roleAssignments: [grant] });
    expect(results.map((r) => r.severity)).toEqual(["medium"]);
    expect(results[0]?.evidence).toMatchObject({ grants: { azureRoleAssignmentIds: [grant.id], total: 1 } });
  });

  it("does not fire when a resource carries it, even with differently cased ids", () => {
    const mi = createManagedIdentity();
    const vm = createResource({ type: "microsoft.compute/virtualmachines" });
    const attachment = createAttachment(mi, vm, { identityResourceId: (mi.miResourceId ?? "").toUpperCase() });
    expect(runRule(rule, { servicePrincipals: [mi], resources: [vm], identityAttachments: [attachment] })).toEqual([]);
  });

  it("does not fire for an identity used through a federated credential (e.g. GitHub Actions)", () => {
    const mi = createManagedIdentity();
    const fic = createFederatedCredential({ ownerId: mi.miResourceId ?? "" });
    expect(runRule(rule, { servicePrincipals: [mi], federatedCredentials: [fic] })).toEqual([]);
  });

  it("does not judge while the identity's subscription is not fully enumerated", () => {
    const mi = createManagedIdentity();
    expect(
      runRule(rule, { servicePrincipals: [mi], subscriptions: [createSubscription({ resourcesEnumeratedAt: null })] }),
    ).toEqual([]);
    expect(runRule(rule, { servicePrincipals: [mi], subscriptions: [] })).toEqual([]);
  });

  it("ignores system-assigned identities", () => {
    expect(runRule(rule, { servicePrincipals: [createManagedIdentity({ kind: "SystemAssigned" })] })).toEqual([]);
  });
});
