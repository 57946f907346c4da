import { describe, expect, it } from "vitest";
import {
  createDirectoryRoleAssignment,
  createDirectoryRoleDefinition,
  createGroup,
  createGroupMembership,
  createManagedIdentity,
  createServicePrincipal,
} from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { DIRECTORY_ROLE } from "../well-known-ids";
import { miPrivilegedDirectoryRole as rule } from "./mi-privileged-directory-role";

function withDirectoryRole(roleDefinitionId: string) {
  const mi = createManagedIdentity();
  const assignment = createDirectoryRoleAssignment({ principalId: mi.id, roleDefinitionId });
  return {
    mi,
    assignment,
    results: runRule(rule, { servicePrincipals: [mi], directoryRoleAssignments: [assignment] }),
  };
}

describe("mi-privileged-directory-role", () => {
  it.each([
    ["Global Administrator", DIRECTORY_ROLE.globalAdministrator],
    ["Privileged Role Administrator", DIRECTORY_ROLE.privilegedRoleAdministrator],
    ["Privileged Authentication Administrator", DIRECTORY_ROLE.privilegedAuthenticationAdministrator],
    ["Application Administrator", DIRECTORY_ROLE.applicationAdministrator],
    ["Cloud Application Administrator", DIRECTORY_ROLE.cloudApplicationAdministrator],
  ])("is critical for %s", (_name, templateId) => {
    const { results, assignment } = withDirectoryRole(templateId);
    expect(results.map((r) => r.severity)).toEqual(["critical"]);
    expect(results[0]?.evidence["assignments"]).toEqual([
      expect.objectContaining({ assignmentId: assignment.id, templateId, directoryScopeId: "/" }),
    ]);
  });

  it.each([
    ["User Administrator", DIRECTORY_ROLE.userAdministrator],
    ["Security Administrator", DIRECTORY_ROLE.securityAdministrator],
    ["Global Reader", DIRECTORY_ROLE.globalReader],
  ])("is high for %s", (_name, templateId) => {
    expect(withDirectoryRole(templateId).results.map((r) => r.severity)).toEqual(["high"]);
  });

  it("resolves a role through its definition's template id", () => {
    const mi = createManagedIdentity();
    const definition = createDirectoryRoleDefinition({
      id: "custom-tenant-specific-id",
      templateId: DIRECTORY_ROLE.globalAdministrator,
      displayName: "Global Administrator",
    });
    const results = runRule(rule, {
      servicePrincipals: [mi],
      directoryRoleDefinitions: [definition],
      directoryRoleAssignments: [
        createDirectoryRoleAssignment({ principalId: mi.id, roleDefinitionId: definition.id }),
      ],
    });
    expect(results[0]).toMatchObject({ severity: "critical", title: expect.stringContaining("Global Administrator") });
  });

  it("takes the worst of several roles", () => {
    const mi = createManagedIdentity();
    const results = runRule(rule, {
      servicePrincipals: [mi],
      directoryRoleAssignments: [
        createDirectoryRoleAssignment({ principalId: mi.id, roleDefinitionId: DIRECTORY_ROLE.userAdministrator }),
        createDirectoryRoleAssignment({ principalId: mi.id, roleDefinitionId: DIRECTORY_ROLE.globalAdministrator }),
      ],
    });
    expect(results.map((r) => r.severity)).toEqual(["critical"]);
  });

  it("does not fire for Directory Readers, for app principals, or for roles held only through a group", () => {
    expect(withDirectoryRole(DIRECTORY_ROLE.directoryReaders).results).toEqual([]);
    const app = createServicePrincipal();
    const mi = createManagedIdentity();
    const group = createGroup({ isAssignableToRole: true });
    const results = runRule(rule, {
      servicePrincipals: [app, mi],
      groups: [group],
      groupMemberships: [createGroupMembership(group, mi)],
      directoryRoleAssignments: [
        createDirectoryRoleAssignment({ principalId: app.id, roleDefinitionId: DIRECTORY_ROLE.globalAdministrator }),
        createDirectoryRoleAssignment({ principalId: group.id, roleDefinitionId: DIRECTORY_ROLE.globalAdministrator }),
      ],
    });
    expect(results).toEqual([]);
  });
});
