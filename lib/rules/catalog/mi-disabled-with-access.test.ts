import { describe, expect, it } from "vitest";
import {
  createAppRoleAssignment,
  createDirectoryRoleAssignment,
  createGroup,
  createGroupMembership,
  createManagedIdentity,
  createRoleAssignment,
  createServicePrincipal,
} from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { AZURE_ROLE, DIRECTORY_ROLE, GRAPH_APP_ROLE } from "../well-known-ids";
import { miDisabledWithAccess as rule } from "./mi-disabled-with-access";

describe("mi-disabled-with-access", () => {
  it("fires (low) for a disabled identity with any kind of grant, listing each", () => {
    const mi = createManagedIdentity({ accountEnabled: false });
    const group = createGroup();
    const ra = createRoleAssignment({ principalId: mi.id, roleDefinitionId: AZURE_ROLE.reader });
    const dra = createDirectoryRoleAssignment({
      principalId: mi.id,
      roleDefinitionId: DIRECTORY_ROLE.directoryReaders,
    });
    const ara = createAppRoleAssignment({ principalId: mi.id, appRoleId: GRAPH_APP_ROLE["User.Read.All"] });
    const results = runRule(rule, {
      servicePrincipals: [mi],
      groups: [group],
      groupMemberships: [createGroupMembership(group, mi)],
      roleAssignments: [ra],
      directoryRoleAssignments: [dra],
      appRoleAssignments: [ara],
    });
    expect(results).toEqual([expect.objectContaining({ subjectId: mi.id, severity: "low" })]);
    expect(results[0]?.evidence["grants"]).toEqual({
      azureRoleAssignmentIds: [ra.id],
      directoryRoleAssignmentIds: [dra.id],
      appRoleAssignmentIds: [ara.id],
      groupIds: [group.id],
      total: 4,
    });
  });

  it("does not fire for a disabled identity without grants, an enabled one with grants, or a disabled app", () => {
    const bare = createManagedIdentity({ accountEnabled: false });
    const enabled = createManagedIdentity();
    const app = createServicePrincipal({ accountEnabled: false });
    expect(
      runRule(rule, {
        servicePrincipals: [bare, enabled, app],
        roleAssignments: [
          createRoleAssignment({ principalId: enabled.id, roleDefinitionId: AZURE_ROLE.owner }),
          createRoleAssignment({ principalId: app.id, roleDefinitionId: AZURE_ROLE.owner }),
        ],
      }),
    ).toEqual([]);
  });
});
