import { describe, expect, it } from "vitest";
import {
  createManagedIdentity,
  createRoleAssignment,
  daysBefore,
  resourceGroupScope,
  subscriptionScope,
} from "../testing/factories";
import { runRule } from "../testing/run-rule";
import type { ServicePrincipalRecord } from "../snapshot";
import { AZURE_ROLE } from "../well-known-ids";
import { miInactivePrivileged as rule } from "./mi-inactive-privileged";

function privileged(overrides: Partial<ServicePrincipalRecord>, roleDefinitionId: string = AZURE_ROLE.contributor) {
  const mi = createManagedIdentity(overrides);
  const grant = createRoleAssignment({ principalId: mi.id, roleDefinitionId, scope: subscriptionScope() });
  return { mi, grant, parts: { servicePrincipals: [mi], roleAssignments: [grant] } };
}

describe("mi-inactive-privileged", () => {
  it("fires (low) after 91 days without a sign-in, naming the privileged assignment", () => {
    const { mi, grant, parts } = privileged({ lastSignInAt: daysBefore(91) });
    const results = runRule(rule, parts);
    expect(results).toEqual([expect.objectContaining({ subjectId: mi.id, severity: "low" })]);
    expect(results[0]?.evidence).toMatchObject({ privilegeSeverity: "high", privilegedAssignmentIds: [grant.id] });
  });

  it("does not fire at 89 days (near miss) or with a custom longer period", () => {
    expect(runRule(rule, privileged({ lastSignInAt: daysBefore(89) }).parts)).toEqual([]);
    expect(runRule(rule, privileged({ lastSignInAt: daysBefore(100) }).parts, { inactivityDays: 120 })).toEqual([]);
  });

  it("treats a never-signed-in identity as inactive only once it has existed for the period", () => {
    expect(runRule(rule, privileged({ lastSignInAt: null, firstSeenAt: daysBefore(200) }).parts)).toHaveLength(1);
    expect(runRule(rule, privileged({ lastSignInAt: null, firstSeenAt: daysBefore(10) }).parts)).toEqual([]);
  });

  it("does not fire without sign-in activity data, or without privilege", () => {
    const { parts } = privileged({ lastSignInAt: daysBefore(300) });
    expect(runRule(rule, { ...parts, signInActivityAvailable: false })).toEqual([]);
    const reader = createManagedIdentity({ lastSignInAt: daysBefore(300) });
    expect(
      runRule(rule, {
        servicePrincipals: [reader],
        roleAssignments: [
          createRoleAssignment({
            principalId: reader.id,
            roleDefinitionId: AZURE_ROLE.reader,
            scope: resourceGroupScope("rg"),
          }),
        ],
      }),
    ).toEqual([]);
  });
});
