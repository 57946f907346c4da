import type { Grant } from "./privilege-model";

/** Evidence form of a grant: exactly which assignment (or property) makes the group privileged. */
export function describeGrant(grant: Grant): Record<string, unknown> {
  switch (grant.kind) {
    case "azureRole":
      return {
        kind: grant.kind,
        assignmentId: grant.assignmentId,
        roleDefinitionId: grant.roleDefinitionId,
        roleName: grant.roleName,
        scope: grant.scope,
        scopeLevel: grant.scopeLevel,
        severity: grant.severity,
      };
    case "directoryRole":
      return {
        kind: grant.kind,
        assignmentId: grant.assignmentId,
        templateId: grant.templateId,
        roleName: grant.roleName,
        directoryScopeId: grant.directoryScopeId,
        severity: grant.severity,
      };
    case "appPermission":
      return {
        kind: grant.kind,
        assignmentId: grant.assignmentId,
        resourceAppId: grant.resourceAppId,
        appRoleId: grant.appRoleId,
        permission: grant.permission,
        severity: grant.severity,
      };
    case "roleAssignableGroup":
      return { kind: grant.kind, groupId: grant.groupId, severity: grant.severity };
  }
}
