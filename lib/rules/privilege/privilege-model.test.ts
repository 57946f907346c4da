import { describe, expect, it } from "vitest";
import { defaultRuleConfig } from "../config";
import { indexSnapshot } from "../index-snapshot";
import {
  createGroup,
  createGroupMembership,
  createManagedIdentity,
  createRoleAssignment,
  createSnapshot,
  createUser,
  resourceGroupScope,
} from "../testing/factories";
import { buildSyntheticSnapshot } from "../testing/build-synthetic-snapshot";
import { AZURE_ROLE } from "../well-known-ids";
import { getPrivilegeModel } from "./privilege-model";

describe("severityOf", () => {
  it("sees privilege held by a group several levels up, like of()", () => {
    const user = createUser();
    const mi = createManagedIdentity();
    const [team, department, admins] = [createGroup(), createGroup(), createGroup()] as const;
    const index = indexSnapshot(
      createSnapshot({
        users: [user],
        servicePrincipals: [mi],
        groups: [team, department, admins],
        groupMemberships: [
          createGroupMembership(team, user, "User"),
          createGroupMembership(department, team, "Group"),
          createGroupMembership(admins, department, "Group"),
        ],
        roleAssignments: [
          createRoleAssignment({ principalId: admins.id, principalType: "Group", roleDefinitionId: AZURE_ROLE.owner }),
          createRoleAssignment({
            principalId: mi.id,
            roleDefinitionId: AZURE_ROLE.contributor,
            scope: resourceGroupScope("rg-app"),
          }),
        ],
      }),
    );
    const privilege = getPrivilegeModel(index, defaultRuleConfig);
    expect(privilege.severityOf(user.id.toUpperCase())).toBe("high");
    expect(privilege.severityOf(team.id)).toBe("high");
    expect(privilege.severityOf(mi.id)).toBe("medium");
    expect(privilege.severityOf(createUser().id)).toBeNull();
    for (const id of [user.id, team.id, department.id, admins.id, mi.id])
      expect(privilege.severityOf(id)).toBe(privilege.of(id).severity);
  });

  it("agrees with of() for every principal of a large tenant, in either order of asking", () => {
    const snapshot = buildSyntheticSnapshot({ identities: 2_000, roleAssignments: 10_000, memberships: 20_000 });
    const ids = [
      ...snapshot.servicePrincipals.map((sp) => sp.id),
      ...snapshot.users.map((u) => u.id),
      ...snapshot.groups.map((g) => g.id),
    ];
    const first = getPrivilegeModel(indexSnapshot(snapshot), defaultRuleConfig);
    const severities = ids.map((id) => first.severityOf(id));
    const second = getPrivilegeModel(indexSnapshot(snapshot), defaultRuleConfig);
    expect(ids.map((id) => second.of(id).severity)).toEqual(severities);
    expect(severities.some((s) => s !== null)).toBe(true);
  });
});
