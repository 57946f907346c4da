import { describe, expect, it } from "vitest";
import { parseRuleConfig } from "../config";
import { indexSnapshot } from "../index-snapshot";
import {
  createAppRoleAssignment,
  createAppWithPrincipal,
  createCredential,
  createGroup,
  createGroupMembership,
  createManagedIdentity,
  createResource,
  createRoleAssignment,
  createServicePrincipal,
  createSnapshot,
  createUser,
  daysAfter,
  daysBefore,
  resourceGroupScope,
  subscriptionScope,
  TEST_TENANT_ID,
  type SnapshotParts,
} from "../testing/factories";
import { AZURE_ROLE, GRAPH_APP_ROLE } from "../well-known-ids";
import { planMigrationCandidates } from "./plan-migration-candidates";

function plan(parts: SnapshotParts) {
  return planMigrationCandidates(indexSnapshot(createSnapshot(parts)), parseRuleConfig({}));
}

const OTHER_SUBSCRIPTION = "44444444-0000-4000-8000-000000000001";

describe("planMigrationCandidates", () => {
  it("scores an Azure workload with two secrets and plans a user-assigned identity with everything to replicate and remove", () => {
    const { application, principal } = createAppWithPrincipal({ application: { displayName: "billing-sync" } });
    const longSecret = createCredential({ ownerId: application.id, lifetimeDays: 1095 });
    const shortSecret = createCredential({ ownerId: application.id, lifetimeDays: 90 });
    const contributor = createRoleAssignment({
      principalId: principal.id,
      roleDefinitionId: AZURE_ROLE.contributor,
      scope: resourceGroupScope("rg-billing"),
    });
    const mailSend = createAppRoleAssignment({
      principalId: principal.id,
      appRoleId: GRAPH_APP_ROLE["Mail.Send"],
      appRoleValue: "Mail.Send",
    });
    const group = createGroup({ displayName: "billing-writers" });
    const candidates = plan({
      applications: [application],
      servicePrincipals: [principal],
      credentials: [longSecret, shortSecret],
      roleAssignments: [contributor],
      appRoleAssignments: [mailSend],
      groups: [group],
      groupMemberships: [createGroupMembership(group, principal)],
    });
    expect(candidates).toHaveLength(1);
    const c = candidates[0];
    expect(c).toMatchObject({
      id: principal.id,
      appId: application.appId,
      principalKind: "Application",
      credentialSummary: "2 client secrets",
      // secret 35 + lifetime 10 + Azure roles 30 + one extra credential 5
      score: 80,
      recommendedTarget: "UserAssigned",
    });
    expect(c?.reasons.join("\n")).toMatch(/2 client secrets/);
    expect(c?.reasons.join("\n")).toContain(longSecret.keyId);
    expect(c?.reasons.join("\n")).toMatch(/1 Azure role assignment: it runs against Azure/);
    expect(c?.targetReasoning.join("\n")).toMatch(/pre-authorisation/);
    expect(c?.plan).toMatchObject({
      identityToCreate: { kind: "UserAssigned", name: "billing-sync-id", hostResourceIds: [] },
      roleAssignmentsToReplicate: [
        { sourceAssignmentId: contributor.id, roleName: "Contributor", scope: contributor.scope },
      ],
      appPermissionsToReplicate: [{ sourceAssignmentId: mailSend.id, appRoleValue: "Mail.Send" }],
      groupMembershipsToReplicate: [{ groupId: group.id, displayName: "billing-writers" }],
      federatedCredential: null,
    });
    expect(c?.plan.credentialsToRemove.map((x) => x.keyId).sort()).toEqual(
      [longSecret.keyId, shortSecret.keyId].sort(),
    );
  });

  it("recommends system-assigned when exactly one compute resource carries the workload's name", () => {
    const { application, principal } = createAppWithPrincipal({ application: { displayName: "orders-api" } });
    const site = createResource({ name: "orders-api", type: "microsoft.web/sites" });
    const storage = createResource({ name: "orders-api", type: "microsoft.storage/storageaccounts" });
    const [c] = plan({
      applications: [application],
      servicePrincipals: [principal],
      resources: [site, storage],
      credentials: [createCredential({ ownerId: application.id })],
    });
    expect(c?.recommendedTarget).toBe("SystemAssigned");
    expect(c?.plan.identityToCreate).toMatchObject({ kind: "SystemAssigned", hostResourceIds: [site.id] });
  });

  it("recommends user-assigned for several hosts, or Azure roles across subscriptions", () => {
    const { application, principal } = createAppWithPrincipal({ application: { displayName: "worker" } });
    const hosts = [
      createResource({ name: "worker", type: "microsoft.compute/virtualmachines" }),
      createResource({ name: "worker", type: "microsoft.web/sites", resourceGroup: "rg-2" }),
    ];
    const [several] = plan({
      applications: [application],
      servicePrincipals: [principal],
      resources: hosts,
      credentials: [createCredential({ ownerId: application.id })],
    });
    expect(several?.recommendedTarget).toBe("UserAssigned");
    // In id order, whatever order the database returned the resources in.
    expect(several?.plan.identityToCreate.hostResourceIds).toEqual(hosts.map((h) => h.id).sort());

    const spread = createAppWithPrincipal();
    const [c] = plan({
      applications: [spread.application],
      servicePrincipals: [spread.principal],
      credentials: [createCredential({ ownerId: spread.application.id })],
      roleAssignments: [
        createRoleAssignment({
          principalId: spread.principal.id,
          roleDefinitionId: AZURE_ROLE.reader,
          scope: subscriptionScope(),
        }),
        createRoleAssignment({
          principalId: spread.principal.id,
          roleDefinitionId: AZURE_ROLE.reader,
          scope: subscriptionScope(OTHER_SUBSCRIPTION),
        }),
      ],
    });
    expect(c?.targetReasoning.join(" ")).toMatch(/span 2 subscriptions/);
  });

  it.each([
    ["public", `https://login.microsoftonline.com/${TEST_TENANT_ID}/v2.0`, "api://AzureADTokenExchange"],
    ["usgov", `https://login.microsoftonline.us/${TEST_TENANT_ID}/v2.0`, "api://AzureADTokenExchangeUSGov"],
    ["china", `https://login.chinacloudapi.cn/${TEST_TENANT_ID}/v2.0`, "api://AzureADTokenExchangeChina"],
  ] as const)("keeps a multi-tenant app as an app and plans the %s federated credential", (cloud, issuer, audience) => {
    const { application, principal } = createAppWithPrincipal({
      application: { displayName: "partner-connector", signInAudience: "AzureADMultipleOrgs" },
    });
    const secret = createCredential({ ownerId: application.id });
    const [c] = plan({
      cloud,
      applications: [application],
      servicePrincipals: [principal],
      credentials: [secret],
      roleAssignments: [createRoleAssignment({ principalId: principal.id, roleDefinitionId: AZURE_ROLE.reader })],
    });
    expect(c?.recommendedTarget).toBe("ManagedIdentityAsFederatedCredential");
    expect(c?.targetReasoning[0]).toMatch(/multi-tenant/);
    expect(c?.plan.federatedCredential).toMatchObject({
      applicationObjectId: application.id,
      issuer,
      audiences: [audience],
    });
    expect(c?.plan.federatedCredential?.subjectSource).toMatch(/principalId/);
    expect(c?.plan.roleAssignmentsToReplicate).toEqual([]);
    expect(c?.plan.credentialsToRemove.map((x) => x.keyId)).toEqual([secret.keyId]);
    expect(c?.plan.identityToCreate.kind).toBe("UserAssigned");
  });

  it("uses the custom authority host for a custom cloud, and keeps API apps (app roles) as apps", () => {
    const { application, principal } = createAppWithPrincipal({ principal: { appRoleValues: ["Orders.Read"] } });
    const [c] = plan({
      cloud: "custom",
      authorityHost: "https://login.emulator.test:4010",
      applications: [application],
      servicePrincipals: [principal],
      credentials: [createCredential({ ownerId: application.id, kind: "certificate" })],
    });
    expect(c?.recommendedTarget).toBe("ManagedIdentityAsFederatedCredential");
    expect(c?.plan.federatedCredential?.issuer).toBe(`https://login.emulator.test:4010/${TEST_TENANT_ID}/v2.0`);
  });

  it("scores a certificate-only app without Azure roles low, and more when a credential is expiring", () => {
    const quiet = createAppWithPrincipal();
    const [a] = plan({
      applications: [quiet.application],
      servicePrincipals: [quiet.principal],
      credentials: [createCredential({ ownerId: quiet.application.id, kind: "certificate" })],
    });
    expect(a?.score).toBe(20);
    const soon = createAppWithPrincipal();
    const [b] = plan({
      applications: [soon.application],
      servicePrincipals: [soon.principal],
      credentials: [
        createCredential({
          ownerId: soon.application.id,
          kind: "certificate",
          startDateTime: daysBefore(300),
          endDateTime: daysAfter(5),
        }),
      ],
    });
    expect(b?.score).toBe(30);
  });

  it("plans service-account users, retiring the account instead of credentials", () => {
    const svc = createUser({
      userPrincipalName: "svc-reports@contoso.example",
      displayName: null,
      lastSignInAt: null,
      lastNonInteractiveSignInAt: daysBefore(1),
    });
    const person = createUser();
    const assignment = createRoleAssignment({
      principalId: svc.id,
      principalType: "User",
      roleDefinitionId: AZURE_ROLE.reader,
    });
    const candidates = plan({
      users: [svc, person],
      roleAssignments: [
        assignment,
        createRoleAssignment({ principalId: person.id, principalType: "User", roleDefinitionId: AZURE_ROLE.reader }),
      ],
    });
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toMatchObject({
      id: svc.id,
      appId: null,
      principalKind: "User",
      credentialSummary: "user password",
      score: 100,
      plan: {
        accountToDisable: "svc-reports@contoso.example",
        roleAssignmentsToReplicate: [{ sourceAssignmentId: assignment.id }],
        credentialsToRemove: [],
      },
    });
  });

  it("leaves out managed identities, apps with only expired credentials, other tenants' apps, and sorts by score", () => {
    const mi = createManagedIdentity();
    const stale = createAppWithPrincipal();
    const foreign = createServicePrincipal({ appOwnerOrganizationId: "f8cdef31-a31e-4b4a-93e4-5f571e91255a" });
    const low = createAppWithPrincipal({ application: { displayName: "a-low" } });
    const high = createAppWithPrincipal({ application: { displayName: "z-high" } });
    const candidates = plan({
      applications: [stale.application, low.application, high.application],
      servicePrincipals: [mi, stale.principal, foreign, low.principal, high.principal],
      credentials: [
        createCredential({
          ownerId: mi.id,
          ownerType: "ServicePrincipal",
          kind: "certificate",
          isPlatformManaged: true,
        }),
        createCredential({
          ownerId: stale.application.id,
          startDateTime: daysBefore(400),
          endDateTime: daysBefore(10),
        }),
        createCredential({ ownerId: foreign.id, ownerType: "ServicePrincipal" }),
        createCredential({ ownerId: low.application.id, kind: "certificate" }),
        createCredential({ ownerId: high.application.id }),
      ],
      roleAssignments: [createRoleAssignment({ principalId: high.principal.id, roleDefinitionId: AZURE_ROLE.reader })],
    });
    expect(candidates.map((c) => c.displayName)).toEqual(["z-high", "a-low"]);
    for (const c of candidates) expect(c.score).toBeGreaterThanOrEqual(0);
  });
});
