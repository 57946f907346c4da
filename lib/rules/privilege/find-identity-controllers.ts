// "Who can become this identity": principals whose Azure roles, at the target's scope or above, let
// them run code on its host or use / re-credential the user-assigned identity itself.
import { cached, lc, type SnapshotIndex } from "../index-snapshot";
import type { RoleAssignmentRecord, ScopeLevel, ServicePrincipalRecord } from "../snapshot";
import { ancestorScopes, resourceTypeOf } from "./ancestor-scopes";
import type { PrivilegeModel } from "./privilege-model";
import { roleAllowsAction } from "./role-allows-action";

export type ControlRoute =
  "host-write" | "identity-assign" | "identity-federated-credential-write" | "attached-host-write";

export interface IdentityController {
  readonly principalId: string;
  readonly principalType: string;
  readonly assignmentId: string;
  readonly roleDefinitionId: string;
  readonly roleName: string;
  readonly scope: string;
  readonly scopeLevel: ScopeLevel;
  readonly route: ControlRoute;
  /** The control-plane action the role allows there. */
  readonly action: string;
  /** The resource that action is about (host, identity or an attached host). */
  readonly targetResourceId: string;
}

// Assigning the identity to a resource you control, or adding a federated credential you control,
// both yield its tokens (Managed Identity Operator / Contributor, or anything broader).
const ASSIGN_ACTION = "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action";
const FIC_WRITE_ACTION = "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write";

function hostWriteAction(index: SnapshotIndex, resourceId: string, fallbackType: string | null): string | null {
  const type = index.resourceById.get(lc(resourceId))?.type ?? fallbackType ?? resourceTypeOf(resourceId);
  // Writing the host (new code, run command, extensions, app settings) is running as its identity.
  return type ? `${type}/write` : null;
}

function assignmentsAllowing(
  index: SnapshotIndex,
  privilege: PrivilegeModel,
  resourceId: string,
  action: string,
): readonly RoleAssignmentRecord[] {
  const memo = cached(index, "assignments-allowing", () => new Map<string, RoleAssignmentRecord[]>());
  const allowsMemo = cached(index, "role-allows", () => new Map<string, boolean>());
  const result: RoleAssignmentRecord[] = [];
  for (const scope of ancestorScopes(index, resourceId)) {
    const k = `${scope}|${lc(action)}`;
    let atScope = memo.get(k);
    if (!atScope) {
      atScope = (index.roleAssignmentsByScope.get(scope) ?? []).filter((a) => {
        const rk = `${lc(a.roleDefinitionId)}|${lc(action)}`;
        let allowed = allowsMemo.get(rk);
        if (allowed === undefined) {
          allowed = roleAllowsAction(privilege.role(a.roleDefinitionId).definition.permissions, action);
          allowsMemo.set(rk, allowed);
        }
        return allowed;
      });
      memo.set(k, atScope);
    }
    result.push(...atScope);
  }
  return result;
}

export function findIdentityControllers(
  index: SnapshotIndex,
  privilege: PrivilegeModel,
  identity: ServicePrincipalRecord,
): IdentityController[] {
  if (identity.miResourceId === null) return [];
  const targets: { resourceId: string; action: string; route: ControlRoute }[] = [];
  if (identity.miKind === "SystemAssigned") {
    const action = hostWriteAction(index, identity.miResourceId, identity.resourceType);
    if (action) targets.push({ resourceId: identity.miResourceId, action, route: "host-write" });
  } else {
    targets.push({ resourceId: identity.miResourceId, action: ASSIGN_ACTION, route: "identity-assign" });
    targets.push({
      resourceId: identity.miResourceId,
      action: FIC_WRITE_ACTION,
      route: "identity-federated-credential-write",
    });
    for (const attachment of index.attachmentsByIdentityResourceId.get(lc(identity.miResourceId)) ?? []) {
      const action = hostWriteAction(index, attachment.resourceId, null);
      if (action) targets.push({ resourceId: lc(attachment.resourceId), action, route: "attached-host-write" });
    }
  }
  const controllers: IdentityController[] = [];
  for (const target of targets) {
    for (const a of assignmentsAllowing(index, privilege, target.resourceId, target.action)) {
      if (lc(a.principalId) === lc(identity.id)) continue;
      controllers.push({
        principalId: lc(a.principalId),
        principalType: a.principalType,
        assignmentId: a.id,
        roleDefinitionId: lc(a.roleDefinitionId),
        roleName: privilege.role(a.roleDefinitionId).definition.roleName,
        scope: a.scope,
        scopeLevel: a.scopeLevel,
        route: target.route,
        action: target.action,
        targetResourceId: lc(target.resourceId),
      });
    }
  }
  return controllers;
}
