import { describe, expect, it } from "vitest";
import { createRoleAssignment, createUser, daysBefore } from "../testing/factories";
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
