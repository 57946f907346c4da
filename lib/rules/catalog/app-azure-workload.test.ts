import { describe, expect, it } from "vitest";
import {
  createAppWithPrincipal,
  createCredential,
  createGroup,
  createGroupMembership,
  createRoleAssignment,
  daysBefore,
  resourceGroupScope,
} from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { AZURE_ROLE } from "../well-known-ids";
import { appAzureWorkload as rule } from "./app-azure-workload";

describe("app-azure-workload", () => {
  it("fires (high) for an app with a secret and any Azure role, naming both", () => {
    const { application, principal } = createAppWithPrincipal();
    const secret = createCredential({ ownerId: application.id });
    const reader = createRoleAssignment({
      principalId: principal.id,
      roleDefinitionId: AZURE_ROLE.storageBlobDataReader,
      scope: resourceGroupScope("rg-data"),
    });
    const results = runRule(rule, {
      applications: [application],
      servicePrincipals: [principal],
      credentials: [secret],
      roleAssignments: [reader],
    });
    expect(results).toEqual([expect.objectContaining({ subjectId: principal.id, severity: "high" })]);
    expect(results[0]?.evidence).toMatchObject({
      credentialKeyIds: [secret.keyId],
      roleAssignments: [
        expect.objectContaining({
          assignmentId: reader.id,
          roleDefinitionId: AZURE_ROLE.storageBlobDataReader,
          viaGroupPath: [],
        }),
      ],
    });
  });

  it("counts role assignments held through a group, with the path", () => {
    const { application, principal } = createAppWithPrincipal();
    const group = createGroup();
    const results = runRule(rule, {
      applications: [application],
      servicePrincipals: [principal],
      groups: [group],
      groupMemberships: [createGroupMembership(group, principal)],
      credentials: [createCredential({ ownerId: application.id, kind: "certificate" })],
      roleAssignments: [
        createRoleAssignment({ principalId: group.id, roleDefinitionId: AZURE_ROLE.reader, principalType: "Group" }),
      ],
    });
    expect(results[0]?.evidence["roleAssignments"]).toEqual([
      expect.objectContaining({ roleName: "Reader", viaGroupPath: [group.id] }),
    ]);
  });

  it("does not fire without Azure roles, or when all credentials have expired", () => {
    const { application, principal } = createAppWithPrincipal();
    expect(
      runRule(rule, {
        applications: [application],
        servicePrincipals: [principal],
        credentials: [createCredential({ ownerId: application.id })],
      }),
    ).toEqual([]);
    expect(
      runRule(rule, {
        applications: [application],
        servicePrincipals: [principal],
        credentials: [
          createCredential({ ownerId: application.id, startDateTime: daysBefore(200), endDateTime: daysBefore(1) }),
        ],
        roleAssignments: [createRoleAssignment({ principalId: principal.id, roleDefinitionId: AZURE_ROLE.reader })],
      }),
    ).toEqual([]);
  });
});
