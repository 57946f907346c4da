import type { ScopeLevel } from "../snapshot";
import type { AppliedRoleAssignment } from "./list-azure-role-assignments";
import type { PrivilegeModel } from "./privilege-model";

/** Evidence form of an applied Azure role assignment. */
export function describeRoleAssignment(
  privilege: PrivilegeModel,
  applied: AppliedRoleAssignment,
): Record<string, unknown> {
  const { assignment, viaPath } = applied;
  return {
    assignmentId: assignment.id,
    roleDefinitionId: assignment.roleDefinitionId.toLowerCase(),
    roleName: privilege.role(assignment.roleDefinitionId).definition.roleName,
    scope: assignment.scope,
    scopeLevel: assignment.scopeLevel,
    viaGroupPath: viaPath,
  };
}

/**
 * At most this many assignments are spelled out in one finding's evidence. A user in forty groups
 * can inherit thousands (1.7 MB of JSON for one finding at 100k); the count keeps the whole truth.
 */
export const EVIDENCE_ROLE_ASSIGNMENT_LIMIT = 50;

const SCOPE_BREADTH: Record<ScopeLevel, number> = {
  root: 5,
  managementGroup: 4,
  subscription: 3,
  resourceGroup: 2,
  resource: 1,
};

/**
 * Evidence for "holds Azure role assignments": how many, and the most telling ones — privileged
 * roles first, then the broadest scope, then the shortest group path (held directly before via groups).
 */
export function describeRoleAssignments(
  privilege: PrivilegeModel,
  applied: readonly AppliedRoleAssignment[],
): { roleAssignmentCount: number; roleAssignments: Record<string, unknown>[]; roleAssignmentsOmitted: number } {
  // Sort keys computed once per assignment: users inherit thousands through their groups.
  const keyed = applied.map((a, i) => ({
    a,
    i,
    privileged: privilege.role(a.assignment.roleDefinitionId).classification.privileged ? 1 : 0,
    breadth: SCOPE_BREADTH[a.assignment.scopeLevel],
  }));
  const shown = keyed
    .sort(
      (x, y) =>
        y.privileged - x.privileged || y.breadth - x.breadth || x.a.viaPath.length - y.a.viaPath.length || x.i - y.i,
    )
    .slice(0, EVIDENCE_ROLE_ASSIGNMENT_LIMIT)
    .map((k) => k.a);
  return {
    roleAssignmentCount: applied.length,
    roleAssignments: shown.map((a) => describeRoleAssignment(privilege, a)),
    roleAssignmentsOmitted: applied.length - shown.length,
  };
}
