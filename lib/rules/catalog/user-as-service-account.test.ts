import { describe, expect, it } from "vitest";
import {
  createGroup,
  createGroupMembership,
  createRoleAssignment,
  createUser,
  daysBefore,
  resourceGroupScope,
} from "../testing/factories";
import { EVIDENCE_ROLE_ASSIGNMENT_LIMIT } from "../privilege/describe-role-assignment";
import { runRule } from "../testing/run-rule";
import type { UserRecord } from "../snapshot";
import { AZURE_ROLE } from "../well-known-ids";
import { userAsServiceAccount as rule } from "./user-as-service-account";

function userWithRole(overrides: Partial<UserRecord>, withRole = true) {
  const user = createUser(overrides);
  const assignment = createRoleAssignment({
    principalId: user.id,
    principalType: "User",
    roleDefinitionId: AZURE_ROLE.contributor,
  });
  return { user, assignment, parts: { users: [user], roleAssignments: withRole ? [assignment] : [] } };
}

describe("user-as-service-account", () => {
  it("fires (medium) for a service-like name holding an Azure role, naming the assignment", () => {
    const { user, assignment, parts } = userWithRole({ userPrincipalName: "svc-backup@contoso.example" });
    const results = runRule(rule, parts);
    expect(results).toEqual([expect.objectContaining({ subjectId: user.id, subjectKind: "User", severity: "medium" })]);
    expect(results[0]?.evidence).toMatchObject({
      signals: ["naming"],
      roleAssignments: [expect.objectContaining({ assignmentId: assignment.id })],
    });
  });

  it("counts every inherited assignment but spells out only the most telling ones, privileged and broadest first", () => {
    const { user, assignment: contributor } = userWithRole({ userPrincipalName: "svc-deploy@contoso.example" });
    const groups = Array.from({ length: 20 }, () => createGroup());
    const inherited = groups.flatMap((group, g) =>
      [0, 1, 2].map((i) =>
        createRoleAssignment({
          principalId: group.id,
          principalType: "Group",
          roleDefinitionId: AZURE_ROLE.reader,
          scope: resourceGroupScope(`rg-${g}-${i}`),
        }),
      ),
    );
    const readerAtSubscription = createRoleAssignment({
      principalId: groups[19]!.id,
      principalType: "Group",
      roleDefinitionId: AZURE_ROLE.reader,
    });
    const [result] = runRule(rule, {
      users: [user],
      groups,
      groupMemberships: groups.map((group) => createGroupMembership(group, user, "User")),
      roleAssignments: [...inherited, readerAtSubscription, { ...contributor, scope: resourceGroupScope("rg-own") }],
    });
    expect(result?.title).toContain("holds 62 Azure role assignment(s)");
    const evidence = result?.evidence as { roleAssignmentCount: number; roleAssignments: { assignmentId: string }[] };
    expect(evidence).toMatchObject({
      roleAssignmentCount: 62,
      roleAssignmentsOmitted: 62 - EVIDENCE_ROLE_ASSIGNMENT_LIMIT,
    });
    expect(evidence.roleAssignments).toHaveLength(EVIDENCE_ROLE_ASSIGNMENT_LIMIT);
    expect(evidence.roleAssignments.slice(0, 2).map((a) => a.assignmentId)).toEqual([
      contributor.id,
      readerAtSubscription.id,
    ]);
  });

  it("fires for an ordinary name that signs in only non-interactively", () => {
    const { parts } = userWithRole({ lastSignInAt: daysBefore(200), lastNonInteractiveSignInAt: daysBefore(1) });
    expect(runRule(rule, parts)[0]?.evidence["signals"]).toEqual(["non-interactive-only"]);
  });

  it("does not fire for a person who signs in interactively, or without sign-in data", () => {
    expect(runRule(rule, userWithRole({}).parts)).toEqual([]);
    const { parts } = userWithRole({ lastSignInAt: null, lastNonInteractiveSignInAt: daysBefore(1) });
    expect(runRule(rule, { ...parts, signInActivityAvailable: false })).toEqual([]);
  });

  it("does not fire without Azure role assignments, for disabled accounts, or for names that only contain 'svc' mid-word", () => {
    expect(runRule(rule, userWithRole({ userPrincipalName: "svc-backup@contoso.example" }, false).parts)).toEqual([]);
    expect(
      runRule(rule, userWithRole({ userPrincipalName: "svc-backup@contoso.example", accountEnabled: false }).parts),
    ).toEqual([]);
    expect(
      runRule(rule, userWithRole({ userPrincipalName: "marsvcik@contoso.example", displayName: "Jan Marsvcik" }).parts),
    ).toEqual([]);
  });
});
