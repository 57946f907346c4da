import { describe, expect, it } from "vitest";
import {
  createAppRoleAssignment,
  createDirectoryRoleAssignment,
  createGroup,
  createGroupMembership,
  createManagedIdentity,
  createRoleAssignment,
  resourceGroupScope,
  subscriptionScope,
} from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { AZURE_ROLE, DIRECTORY_ROLE, GRAPH_APP_ROLE } from "../well-known-ids";
import { miPrivilegedGroupMember as rule } from "./mi-privileged-group-member";

describe("mi-privileged-group-member", () => {
  it("fires through nested groups and keeps the path from the direct group", () => {
    const mi = createManagedIdentity();
    const team = createGroup({ displayName: "team" });
    const platform = createGroup({ displayName: "platform" });
    const admins = createGroup({ displayName: "sub-owners" });
    const owner = createRoleAssignment({
      principalId: admins.id,
      roleDefinitionId: AZURE_ROLE.owner,
      principalType: "Group",
    });
    const results = runRule(rule, {
      servicePrincipals: [mi],
      groups: [team, platform, admins],
      groupMemberships: [
        createGroupMembership(team, mi),
        createGroupMembership(platform, team, "Group"),
        createGroupMembership(admins, platform, "Group"),
      ],
      roleAssignments: [owner],
    });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ subjectId: mi.id, target: admins.id, severity: "high" });
    expect(results[0]?.evidence).toMatchObject({
      path: [
        { groupId: team.id, displayName: "team" },
        { groupId: platform.id, displayName: "platform" },
        { groupId: admins.id, displayName: "sub-owners" },
      ],
      grants: [expect.objectContaining({ assignmentId: owner.id, roleName: "Owner", scopeLevel: "subscription" })],
    });
  });

  it("takes the severity of what the group grants", () => {
    const mi = createManagedIdentity();
    const globalAdmins = createGroup({ isAssignableToRole: true });
    const rgContributors = createGroup();
    const results = runRule(rule, {
      servicePrincipals: [mi],
      groups: [globalAdmins, rgContributors],
      groupMemberships: [createGroupMembership(globalAdmins, mi), createGroupMembership(rgContributors, mi)],
      directoryRoleAssignments: [
        createDirectoryRoleAssignment({
          principalId: globalAdmins.id,
          roleDefinitionId: DIRECTORY_ROLE.globalAdministrator,
        }),
      ],
      roleAssignments: [
        createRoleAssignment({
          principalId: rgContributors.id,
          roleDefinitionId: AZURE_ROLE.contributor,
          scope: resourceGroupScope("rg-data"),
        }),
      ],
    });
    const byGroup = new Map(results.map((r) => [r.target, r.severity]));
    expect(byGroup).toEqual(
      new Map([
        [globalAdmins.id, "critical"],
        [rgContributors.id, "medium"],
      ]),
    );
  });

  it("treats an empty role-assignable group as medium", () => {
    const mi = createManagedIdentity();
    const group = createGroup({ isAssignableToRole: true });
    const results = runRule(rule, {
      servicePrincipals: [mi],
      groups: [group],
      groupMemberships: [createGroupMembership(group, mi)],
    });
    expect(results.map((r) => [r.target, r.severity])).toEqual([[group.id, "medium"]]);
  });

  it("survives membership cycles", () => {
    const mi = createManagedIdentity();
    const a = createGroup();
    const b = createGroup({ isAssignableToRole: true });
    const results = runRule(rule, {
      servicePrincipals: [mi],
      groups: [a, b],
      groupMemberships: [
        createGroupMembership(a, mi),
        createGroupMembership(b, a, "Group"),
        createGroupMembership(a, b, "Group"),
      ],
    });
    expect(results.map((r) => r.target)).toEqual([b.id]);
  });

  it("does not count app roles assigned to a group as application permissions", () => {
    const mi = createManagedIdentity();
    const group = createGroup();
    const results = runRule(rule, {
      servicePrincipals: [mi],
      groups: [group],
      groupMemberships: [createGroupMembership(group, mi)],
      appRoleAssignments: [
        createAppRoleAssignment({
          principalId: group.id,
          principalType: "Group",
          appRoleId: GRAPH_APP_ROLE["Directory.ReadWrite.All"],
        }),
      ],
    });
    expect(results).toEqual([]);
  });

  it("does not fire for groups that hold only non-privileged roles, or for non-members", () => {
    const mi = createManagedIdentity();
    const other = createManagedIdentity();
    const readers = createGroup();
    const owners = createGroup();
    const results = runRule(rule, {
      servicePrincipals: [mi, other],
      groups: [readers, owners],
      groupMemberships: [createGroupMembership(readers, mi)],
      roleAssignments: [
        createRoleAssignment({
          principalId: readers.id,
          roleDefinitionId: AZURE_ROLE.reader,
          scope: subscriptionScope(),
        }),
        createRoleAssignment({ principalId: owners.id, roleDefinitionId: AZURE_ROLE.owner }),
      ],
      directoryRoleAssignments: [
        createDirectoryRoleAssignment({ principalId: readers.id, roleDefinitionId: DIRECTORY_ROLE.directoryReaders }),
      ],
    });
    expect(results).toEqual([]);
  });
});
