// Everything a principal holds, privileged or not: "still holds grants" means any of these.
import { lc, type SnapshotIndex } from "../index-snapshot";

export interface GrantInventory {
  readonly azureRoleAssignmentIds: readonly string[];
  readonly directoryRoleAssignmentIds: readonly string[];
  readonly appRoleAssignmentIds: readonly string[];
  readonly groupIds: readonly string[];
  readonly total: number;
}

export function listGrants(index: SnapshotIndex, principalId: string): GrantInventory {
  const id = lc(principalId);
  const azureRoleAssignmentIds = (index.roleAssignmentsByPrincipal.get(id) ?? []).map((a) => a.id);
  const directoryRoleAssignmentIds = (index.directoryRoleAssignmentsByPrincipal.get(id) ?? []).map((a) => a.id);
  const appRoleAssignmentIds = (index.appRoleAssignmentsByPrincipal.get(id) ?? []).map((a) => a.id);
  const groupIds = [...(index.groupsOfMember.get(id) ?? [])];
  return {
    azureRoleAssignmentIds,
    directoryRoleAssignmentIds,
    appRoleAssignmentIds,
    groupIds,
    total:
      azureRoleAssignmentIds.length + directoryRoleAssignmentIds.length + appRoleAssignmentIds.length + groupIds.length,
  };
}
