// The definition of an Azure role as the rules see it: the synced one, else the built-in fallback.
import { lc, type SnapshotIndex } from "../index-snapshot";
import type { AzurePermission } from "../snapshot";
import { builtInRolePermissions } from "./built-in-role-permissions";

export interface ResolvedRoleDefinition {
  readonly id: string;
  readonly roleName: string;
  readonly roleType: string;
  readonly permissions: readonly AzurePermission[];
  /** False when neither the snapshot nor the built-in fallback knows the role. */
  readonly known: boolean;
}

export function resolveRoleDefinition(index: SnapshotIndex, roleDefinitionId: string): ResolvedRoleDefinition {
  const id = lc(roleDefinitionId);
  const synced = index.roleDefinitionById.get(id);
  if (synced) return { ...synced, id, known: true };
  const builtIn = builtInRolePermissions.get(id);
  if (builtIn)
    return { id, roleName: builtIn.roleName, roleType: "BuiltInRole", permissions: builtIn.permissions, known: true };
  return { id, roleName: `Unknown role ${id}`, roleType: "Unknown", permissions: [], known: false };
}
