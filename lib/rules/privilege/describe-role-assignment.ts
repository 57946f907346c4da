import type { PrivilegeModel } from "./privilege-model";
import type { AppliedRoleAssignment } from "./list-azure-role-assignments";

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
