// "Who can become this identity": principals whose Azure roles, at the target's scope or above, let
// them run code on its host or use / re-credential the user-assigned identity itself.
import { cached, lc, type SnapshotIndex } from "../index-snapshot";
import { rankOf } from "../severity";
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

// Ways to run code as a host's identity without touching the identity: rewrite the resource, run a
// command or add an extension (VMs, scale sets), change app settings or publish code (web apps).
const HOST_CONTROL_SUFFIXES = ["write", "runCommand/action", "extensions/write", "config/write", "publish/action"];

function hostControlActions(index: SnapshotIndex, resourceId: string, fallbackType: string | null): string[] {
  const type = index.resourceById.get(lc(resourceId))?.type ?? fallbackType ?? resourceTypeOf(resourceId);
  return type ? HOST_CONTROL_SUFFIXES.map((suffix) => `${type}/${suffix}`) : [];
}

interface RankedAssignment {
  readonly assignment: RoleAssignmentRecord;
  /** Severity rank of the assignee's own computed privilege (0 = none). */
  readonly rank: number;
}

const rankedMemos = new WeakMap<PrivilegeModel, Map<string, RankedAssignment[]>>();

/**
 * Assignments at the resource's scope or above whose role allows the action, each scope's list sorted
 * by the assignee's privilege so callers can stop at the first assignee as privileged as they care.
 * Without that cut-off a root-scope Owner would be paired with every identity in the tenant.
 */
function assignmentsAllowing(
  index: SnapshotIndex,
  privilege: PrivilegeModel,
  resourceId: string,
  action: string,
  belowRank: number,
): RoleAssignmentRecord[] {
  let memo = rankedMemos.get(privilege);
  if (!memo) {
    memo = new Map();
    rankedMemos.set(privilege, memo);
  }
  const allowsMemo = cached(index, "role-allows", () => new Map<string, boolean>());
  const action_ = lc(action);
  const result: RoleAssignmentRecord[] = [];
  for (const scope of ancestorScopes(index, resourceId)) {
    const k = `${scope}|${action_}`;
    let atScope = memo.get(k);
    if (!atScope) {
      atScope = (index.roleAssignmentsByScope.get(scope) ?? [])
        .filter((a) => {
          const rk = `${lc(a.roleDefinitionId)}|${action_}`;
          let allowed = allowsMemo.get(rk);
          if (allowed === undefined) {
            allowed = roleAllowsAction(privilege.role(a.roleDefinitionId).definition.permissions, action);
            allowsMemo.set(rk, allowed);
          }
          return allowed;
        })
        .map((assignment) => ({ assignment, rank: rankOf(privilege.of(assignment.principalId).severity) }))
        .sort((x, y) => x.rank - y.rank);
      memo.set(k, atScope);
    }
    for (const { assignment, rank } of atScope) {
      if (rank >= belowRank) break;
      result.push(assignment);
    }
  }
  return result;
}

/**
 * Principals that can become the identity. With `belowRank`, only those whose own privilege ranks
 * lower (see severity.ts rankOf) — the ones that matter for escalation.
 */
export function findIdentityControllers(
  index: SnapshotIndex,
  privilege: PrivilegeModel,
  identity: ServicePrincipalRecord,
  belowRank: number = Number.POSITIVE_INFINITY,
): IdentityController[] {
  if (identity.miResourceId === null) return [];
  const targets: { resourceId: string; actions: string[]; route: ControlRoute }[] = [];
  if (identity.miKind === "SystemAssigned") {
    const actions = hostControlActions(index, identity.miResourceId, identity.resourceType);
    targets.push({ resourceId: identity.miResourceId, actions, route: "host-write" });
  } else {
    targets.push({ resourceId: identity.miResourceId, actions: [ASSIGN_ACTION], route: "identity-assign" });
    targets.push({
      resourceId: identity.miResourceId,
      actions: [FIC_WRITE_ACTION],
      route: "identity-federated-credential-write",
    });
    for (const attachment of index.attachmentsByIdentityResourceId.get(lc(identity.miResourceId)) ?? []) {
      const actions = hostControlActions(index, attachment.resourceId, null);
      targets.push({ resourceId: lc(attachment.resourceId), actions, route: "attached-host-write" });
    }
  }
  const controllers: IdentityController[] = [];
  for (const target of targets) {
    // One entry per assignment and target, naming the first control action its role allows.
    const seen = new Set<string>();
    for (const action of target.actions) {
      for (const a of assignmentsAllowing(index, privilege, target.resourceId, action, belowRank)) {
        if (lc(a.principalId) === lc(identity.id) || seen.has(a.id)) continue;
        seen.add(a.id);
        controllers.push({
          principalId: lc(a.principalId),
          principalType: a.principalType,
          assignmentId: a.id,
          roleDefinitionId: lc(a.roleDefinitionId),
          roleName: privilege.role(a.roleDefinitionId).definition.roleName,
          scope: a.scope,
          scopeLevel: a.scopeLevel,
          route: target.route,
          action,
          targetResourceId: lc(target.resourceId),
        });
      }
    }
  }
  return controllers;
}
