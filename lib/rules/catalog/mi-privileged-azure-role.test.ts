import { describe, expect, it } from "vitest";
import {
  createGroup,
  createGroupMembership,
  createManagedIdentity,
  createManagementGroup,
  createRoleAssignment,
  createRoleDefinition,
  createServicePrincipal,
  managementGroupScope,
  resourceGroupScope,
  resourceIdOf,
  subscriptionScope,
} from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { AZURE_ROLE } from "../well-known-ids";
import { miPrivilegedAzureRole as rule } from "./mi-privileged-azure-role";

function withRole(roleDefinitionId: string, scope: string, extra: Parameters<typeof runRule>[1] = {}) {
  const mi = createManagedIdentity();
  const assignment = createRoleAssignment({ principalId: mi.id, roleDefinitionId, scope });
  return {
    mi,
    assignment,
    results: runRule(rule, { servicePrincipals: [mi], roleAssignments: [assignment], ...extra }),
  };
}

describe("mi-privileged-azure-role", () => {
  it("fires for Owner on a subscription and names the assignment", () => {
    const { mi, assignment, results } = withRole(AZURE_ROLE.owner, subscriptionScope());
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ subjectId: mi.id, subjectKind: "UserAssigned", severity: "high", target: "" });
    expect(results[0]?.evidence).toEqual({
      assignments: [
        expect.objectContaining({ assignmentId: assignment.id, roleName: "Owner", scope: assignment.scope }),
      ],
    });
  });

  it.each([
    ["root", "/", "critical"],
    ["management group", managementGroupScope("platform"), "critical"],
    ["subscription", subscriptionScope(), "high"],
    ["resource group", resourceGroupScope("rg-app"), "medium"],
    ["resource", resourceIdOf("microsoft.web/sites", "web1"), "low"],
  ])("takes its severity from a %s scope", (_level, scope, severity) => {
    const { results } = withRole(AZURE_ROLE.contributor, scope, {
      managementGroups: [createManagementGroup("platform")],
    });
    expect(results.map((r) => r.severity)).toEqual([severity]);
  });

  it("follows configured scope severities and privileged role ids", () => {
    const { mi, assignment } = withRole(AZURE_ROLE.contributor, subscriptionScope());
    const parts = { servicePrincipals: [mi], roleAssignments: [assignment] };
    const stricter = runRule(rule, parts, {
      scopeSeverity: {
        root: "critical",
        managementGroup: "critical",
        subscription: "critical",
        resourceGroup: "high",
        resource: "medium",
      },
    });
    expect(stricter.map((r) => r.severity)).toEqual(["critical"]);
    // Contributor's definition allows `*`, so dropping it from the id list still leaves it privileged.
    expect(runRule(rule, parts, { privilegedAzureRoleIds: [] })[0]?.evidence["assignments"]).toEqual([
      expect.objectContaining({ privilegedBecause: "all-actions" }),
    ]);
  });

  it("uses the broadest of several privileged assignments", () => {
    const mi = createManagedIdentity();
    const results = runRule(rule, {
      servicePrincipals: [mi],
      roleAssignments: [
        createRoleAssignment({
          principalId: mi.id,
          roleDefinitionId: AZURE_ROLE.owner,
          scope: resourceGroupScope("rg"),
        }),
        createRoleAssignment({ principalId: mi.id, roleDefinitionId: AZURE_ROLE.userAccessAdministrator, scope: "/" }),
      ],
    });
    expect(results).toHaveLength(1);
    expect(results[0]?.severity).toBe("critical");
    expect(results[0]?.evidence["assignments"]).toHaveLength(2);
  });

  it("recognises User Access Administrator and RBAC Administrator by id even without synced definitions", () => {
    for (const role of [AZURE_ROLE.userAccessAdministrator, AZURE_ROLE.rbacAdministrator]) {
      const { results } = withRole(role, subscriptionScope(), { roleDefinitions: [] });
      expect(results).toHaveLength(1);
    }
  });

  it("compares role definition ids case-insensitively", () => {
    const { results } = withRole(AZURE_ROLE.owner.toUpperCase(), subscriptionScope());
    expect(results).toHaveLength(1);
  });

  it("computes custom roles from their actions: `*` and role-assignment writes are privileged", () => {
    const star = createRoleDefinition({ roleName: "Anything", permissions: [{ actions: ["*"], notActions: [] }] });
    const auth = createRoleDefinition({
      roleName: "Access granter",
      permissions: [{ actions: ["Microsoft.Authorization/*/write"], notActions: [] }],
    });
    for (const def of [star, auth]) {
      const { results } = withRole(def.id, subscriptionScope(), { roleDefinitions: [def] });
      expect(results).toHaveLength(1);
      expect(results[0]?.evidence["assignments"]).toEqual([
        expect.objectContaining({ privilegedBecause: def === star ? "all-actions" : "grants-access-control" }),
      ]);
    }
  });

  it("honours notActions (near misses)", () => {
    const readOnlyStar = createRoleDefinition({
      permissions: [{ actions: ["*"], notActions: ["*/write", "*/delete", "*/action"] }],
    });
    const locksOnly = createRoleDefinition({
      permissions: [
        {
          actions: ["Microsoft.Authorization/*/write"],
          notActions: [
            "Microsoft.Authorization/roleAssignments/write",
            "Microsoft.Authorization/roleDefinitions/write",
          ],
        },
      ],
    });
    for (const def of [readOnlyStar, locksOnly]) {
      const { results } = withRole(def.id, subscriptionScope(), { roleDefinitions: [def] });
      expect(results).toEqual([]);
    }
  });

  it("does not fire for Reader, data-plane roles, or a managed identity without assignments", () => {
    expect(withRole(AZURE_ROLE.reader, "/").results).toEqual([]);
    expect(withRole(AZURE_ROLE.storageBlobDataOwner, subscriptionScope()).results).toEqual([]);
    expect(runRule(rule, { servicePrincipals: [createManagedIdentity()] })).toEqual([]);
  });

  it("leaves application principals and group-held roles to other rules", () => {
    const app = createServicePrincipal();
    const mi = createManagedIdentity();
    const group = createGroup();
    const results = runRule(rule, {
      servicePrincipals: [app, mi],
      groups: [group],
      groupMemberships: [createGroupMembership(group, mi)],
      roleAssignments: [
        createRoleAssignment({ principalId: app.id, roleDefinitionId: AZURE_ROLE.owner }),
        createRoleAssignment({ principalId: group.id, roleDefinitionId: AZURE_ROLE.owner, principalType: "Group" }),
      ],
    });
    expect(results).toEqual([]);
  });
});
