import { describe, expect, it } from "vitest";
import {
  createAppWithPrincipal,
  createAttachment,
  createFederatedCredential,
  createDirectoryRoleAssignment,
  createManagedIdentity,
  createManagementGroup,
  createResource,
  createRoleAssignment,
  createRoleDefinition,
  createSubscription,
  createUser,
  managementGroupScope,
  resourceGroupScope,
  subscriptionScope,
  TEST_TENANT_ID,
} from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { AZURE_ROLE, DIRECTORY_ROLE } from "../well-known-ids";
import { miEscalationPath as rule } from "./mi-escalation-path";

const websiteContributor = createRoleDefinition({
  roleName: "Website Contributor",
  roleType: "BuiltInRole",
  permissions: [{ actions: ["Microsoft.Web/sites/*", "Microsoft.Authorization/*/read"], notActions: [] }],
});

function privilegedWebApp() {
  const mi = createManagedIdentity({ kind: "SystemAssigned" });
  const ownerAtSub = createRoleAssignment({
    principalId: mi.id,
    roleDefinitionId: AZURE_ROLE.owner,
    scope: subscriptionScope(),
  });
  return { mi, ownerAtSub };
}

describe("mi-escalation-path", () => {
  it("fires when a Website Contributor on the host can become a subscription Owner identity", () => {
    const { mi, ownerAtSub } = privilegedWebApp();
    const dev = createUser();
    const control = createRoleAssignment({
      principalId: dev.id,
      principalType: "User",
      roleDefinitionId: websiteContributor.id,
      scope: mi.miResourceId ?? "",
    });
    const results = runRule(rule, {
      servicePrincipals: [mi],
      users: [dev],
      roleDefinitions: [websiteContributor],
      roleAssignments: [ownerAtSub, control],
    });
    expect(results).toEqual([expect.objectContaining({ subjectId: mi.id, target: dev.id, severity: "high" })]);
    expect(results[0]?.evidence).toMatchObject({
      controller: { principalId: dev.id, privilegeSeverity: null },
      routes: [
        expect.objectContaining({ route: "host-write", assignmentId: control.id, action: "microsoft.web/sites/write" }),
      ],
      identityPrivilegeSeverity: "high",
    });
  });

  it("counts run-command and publish rights, not only writes", () => {
    const vmIdentity = createManagedIdentity({
      kind: "SystemAssigned",
      resourceType: "microsoft.compute/virtualmachines",
    });
    const commander = createUser();
    const runCommandOnly = createRoleDefinition({
      roleName: "VM command runner",
      permissions: [{ actions: ["Microsoft.Compute/virtualMachines/runCommand/action", "*/read"], notActions: [] }],
    });
    const results = runRule(rule, {
      servicePrincipals: [vmIdentity],
      users: [commander],
      roleDefinitions: [runCommandOnly],
      roleAssignments: [
        createRoleAssignment({
          principalId: vmIdentity.id,
          roleDefinitionId: AZURE_ROLE.owner,
          scope: subscriptionScope(),
        }),
        createRoleAssignment({
          principalId: commander.id,
          roleDefinitionId: runCommandOnly.id,
          scope: vmIdentity.miResourceId ?? "",
        }),
      ],
    });
    expect(results[0]?.evidence["routes"]).toEqual([
      expect.objectContaining({ route: "host-write", action: "microsoft.compute/virtualmachines/runCommand/action" }),
    ]);
  });

  it("finds controllers above the host: resource group and management group", () => {
    const mi = createManagedIdentity({ kind: "SystemAssigned", resourceType: "microsoft.compute/virtualmachines" });
    const rootOwner = createRoleAssignment({ principalId: mi.id, roleDefinitionId: AZURE_ROLE.owner, scope: "/" });
    const rgOperator = createUser();
    const mgOperator = createUser();
    const results = runRule(rule, {
      servicePrincipals: [mi],
      users: [rgOperator, mgOperator],
      managementGroups: [createManagementGroup("corp")],
      subscriptions: [createSubscription({ managementGroupId: managementGroupScope("corp") })],
      roleAssignments: [
        rootOwner,
        createRoleAssignment({
          principalId: rgOperator.id,
          roleDefinitionId: AZURE_ROLE.virtualMachineContributor,
          scope: resourceGroupScope(mi.resourceGroup ?? ""),
        }),
        createRoleAssignment({
          principalId: mgOperator.id,
          roleDefinitionId: AZURE_ROLE.virtualMachineContributor,
          scope: managementGroupScope("corp"),
        }),
      ],
    });
    expect(results.map((r) => r.target).sort()).toEqual([rgOperator.id, mgOperator.id].sort());
  });

  it("finds operators and credential writers of a user-assigned identity, and controllers of its attached hosts", () => {
    const mi = createManagedIdentity({ kind: "UserAssigned" });
    const vm = createResource({ type: "microsoft.compute/virtualmachines", resourceGroup: "rg-vms" });
    const operator = createUser();
    const identityContributor = createUser();
    const vmAdmin = createUser();
    const results = runRule(rule, {
      servicePrincipals: [mi],
      users: [operator, identityContributor, vmAdmin],
      resources: [vm],
      identityAttachments: [createAttachment(mi, vm)],
      directoryRoleAssignments: [
        createDirectoryRoleAssignment({ principalId: mi.id, roleDefinitionId: DIRECTORY_ROLE.globalAdministrator }),
      ],
      roleAssignments: [
        createRoleAssignment({
          principalId: operator.id,
          roleDefinitionId: AZURE_ROLE.managedIdentityOperator,
          scope: mi.miResourceId ?? "",
        }),
        createRoleAssignment({
          principalId: identityContributor.id,
          roleDefinitionId: AZURE_ROLE.managedIdentityContributor,
          scope: resourceGroupScope("rg-identities"),
        }),
        createRoleAssignment({
          principalId: vmAdmin.id,
          roleDefinitionId: AZURE_ROLE.virtualMachineContributor,
          scope: vm.id,
        }),
      ],
    });
    const routes = new Map(
      results.map((r) => [r.target, (r.evidence["routes"] as { route: string }[]).map((x) => x.route)]),
    );
    expect(routes).toEqual(
      new Map([
        [operator.id, ["identity-assign"]],
        [identityContributor.id, ["identity-federated-credential-write"]],
        [vmAdmin.id, ["attached-host-write"]],
      ]),
    );
  });

  it("counts the privilege of apps that trust the identity as a federated credential", () => {
    const mi = createManagedIdentity({ kind: "UserAssigned" });
    const { application, principal } = createAppWithPrincipal();
    const operator = createUser();
    const parts = {
      servicePrincipals: [mi, principal],
      applications: [application],
      users: [operator],
      federatedCredentials: [
        createFederatedCredential({
          ownerType: "Application",
          ownerId: application.id,
          issuer: `https://login.microsoftonline.com/${TEST_TENANT_ID}/v2.0`,
          subject: mi.id,
        }),
      ],
      roleAssignments: [
        createRoleAssignment({
          principalId: operator.id,
          roleDefinitionId: AZURE_ROLE.managedIdentityOperator,
          scope: mi.miResourceId ?? "",
        }),
      ],
    };
    // The identity itself holds nothing; the app it can act as is a Global Administrator.
    expect(runRule(rule, parts)).toEqual([]);
    const results = runRule(rule, {
      ...parts,
      directoryRoleAssignments: [
        createDirectoryRoleAssignment({
          principalId: principal.id,
          roleDefinitionId: DIRECTORY_ROLE.globalAdministrator,
        }),
      ],
    });
    expect(results).toEqual([expect.objectContaining({ subjectId: mi.id, target: operator.id })]);
    expect(results[0]?.evidence).toMatchObject({
      identityPrivilegeSeverity: "critical",
      identityActsAsApps: [{ appId: application.appId, servicePrincipalId: principal.id, severity: "critical" }],
    });
  });

  it("does not fire when the controller already holds as much privilege (near miss: equal severity)", () => {
    const { mi, ownerAtSub } = privilegedWebApp();
    const admin = createUser();
    const results = runRule(rule, {
      servicePrincipals: [mi],
      users: [admin],
      roleAssignments: [
        ownerAtSub,
        createRoleAssignment({
          principalId: admin.id,
          roleDefinitionId: AZURE_ROLE.contributor,
          scope: subscriptionScope(),
        }),
      ],
    });
    expect(results).toEqual([]);
  });

  it("fires for a Contributor on the resource group (medium) over a subscription Owner identity (high)", () => {
    const { mi, ownerAtSub } = privilegedWebApp();
    const dev = createUser();
    const results = runRule(rule, {
      servicePrincipals: [mi],
      users: [dev],
      roleAssignments: [
        ownerAtSub,
        createRoleAssignment({
          principalId: dev.id,
          roleDefinitionId: AZURE_ROLE.contributor,
          scope: resourceGroupScope("rg-app"),
        }),
      ],
    });
    expect(results[0]?.evidence).toMatchObject({ controller: { principalId: dev.id, privilegeSeverity: "medium" } });
  });

  it("does not fire for readers, for controllers of other resources, or for unprivileged identities", () => {
    const { mi, ownerAtSub } = privilegedWebApp();
    const reader = createUser();
    const elsewhere = createUser();
    expect(
      runRule(rule, {
        servicePrincipals: [mi],
        users: [reader, elsewhere],
        roleDefinitions: [websiteContributor],
        roleAssignments: [
          ownerAtSub,
          createRoleAssignment({
            principalId: reader.id,
            roleDefinitionId: AZURE_ROLE.reader,
            scope: mi.miResourceId ?? "",
          }),
          createRoleAssignment({
            principalId: elsewhere.id,
            roleDefinitionId: websiteContributor.id,
            scope: resourceGroupScope("rg-other"),
          }),
        ],
      }),
    ).toEqual([]);
    const plain = createManagedIdentity({ kind: "SystemAssigned" });
    const dev = createUser();
    expect(
      runRule(rule, {
        servicePrincipals: [plain],
        users: [dev],
        roleDefinitions: [websiteContributor],
        roleAssignments: [
          createRoleAssignment({
            principalId: dev.id,
            roleDefinitionId: websiteContributor.id,
            scope: plain.miResourceId ?? "",
          }),
        ],
      }),
    ).toEqual([]);
  });
});
