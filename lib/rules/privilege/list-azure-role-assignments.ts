// All Azure role assignments that apply to a principal, any role: its own and its groups' (with path).
import { lc, type SnapshotIndex } from "../index-snapshot";
import type { RoleAssignmentRecord } from "../snapshot";
import { resolveGroupClosure } from "./resolve-group-closure";

export interface AppliedRoleAssignment {
  readonly assignment: RoleAssignmentRecord;
  /** Group ids from the principal's direct group to the assignee group; empty when held directly. */
  readonly viaPath: readonly string[];
}

export function listAzureRoleAssignments(index: SnapshotIndex, principalId: string): AppliedRoleAssignment[] {
  const id = lc(principalId);
  const applied: AppliedRoleAssignment[] = (index.roleAssignmentsByPrincipal.get(id) ?? []).map((assignment) => ({
    assignment,
    viaPath: [],
  }));
  for (const [groupId, path] of resolveGroupClosure(index, id)) {
    for (const assignment of index.roleAssignmentsByPrincipal.get(groupId) ?? [])
      applied.push({ assignment, viaPath: path });
  }
  return applied;
}
