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

function hostControlActions(index: SnapshotIndex, resourceId: string, fallbackType: string | null): readonly string[] {
  const type = index.resourceById.get(lc(resourceId))?.type ?? fallbackType ?? resourceTypeOf(resourceId);
  if (!type) return [];
  // One list per resource type: the same strings every time, so the memos below hash them once.
  const byType = cached(index, "host-control-actions", () => new Map<string, readonly string[]>());
  let actions = byType.get(type);
  if (!actions) {
    actions = HOST_CONTROL_SUFFIXES.map((suffix) => `${type}/${suffix}`);
    byType.set(type, actions);
  }
  return actions;
}

/**
 * The assignments at one scope ordered by their assignee's own privilege (least first; a stable
 * sort keeps the stored order among equals), with each one's role as a small number so "does its
 * role allow this action" is an array read.
 */
interface RankedScope {
  readonly assignments: readonly RoleAssignmentRecord[];
  readonly ranks: Uint8Array;
  readonly roles: Uint16Array;
}

/** Per privilege model (ranks and roles depend on its config): roles by number, and what each allows. */
interface ControlMemo {
  readonly roleNumbers: Map<string, number>;
  readonly roleIds: string[];
  /** action → role number → allowed (undefined until asked). */
  readonly allowed: Map<string, (boolean | undefined)[]>;
  /** Shared scopes (resource groups and above) ranked once. */
  readonly scopes: Map<string, RankedScope | null>;
}

const controlMemos = new WeakMap<PrivilegeModel, ControlMemo>();

function controlMemo(privilege: PrivilegeModel): ControlMemo {
  let memo = controlMemos.get(privilege);
  if (!memo) {
    memo = { roleNumbers: new Map(), roleIds: [], allowed: new Map(), scopes: new Map() };
    controlMemos.set(privilege, memo);
  }
  return memo;
}

function rank(privilege: PrivilegeModel, memo: ControlMemo, atScope: readonly RoleAssignmentRecord[]): RankedScope {
  const ranks = atScope.map((a) => rankOf(privilege.severityOf(a.principalId)));
  const order = atScope.map((_, i) => i).sort((x, y) => (ranks[x] as number) - (ranks[y] as number));
  const roleNumber = (roleDefinitionId: string) => {
    const id = lc(roleDefinitionId);
    let n = memo.roleNumbers.get(id);
    if (n === undefined) {
      n = memo.roleIds.length;
      memo.roleIds.push(id);
      memo.roleNumbers.set(id, n);
    }
    return n;
  };
  return {
    assignments: order.map((i) => atScope[i] as RoleAssignmentRecord),
    ranks: Uint8Array.from(order, (i) => ranks[i] as number),
    roles: Uint16Array.from(order, (i) => roleNumber((atScope[i] as RoleAssignmentRecord).roleDefinitionId)),
  };
}

function rankedAt(index: SnapshotIndex, privilege: PrivilegeModel, memo: ControlMemo, scope: string) {
  // Resource scopes concern one host and the few identities attached to it: not worth keeping.
  // Resource groups, subscriptions, management groups and the root are shared by many identities.
  const shared = !scope.includes("/providers/") || scope.startsWith("/providers/");
  if (shared && memo.scopes.has(scope)) return memo.scopes.get(scope) ?? null;
  const atScope = index.roleAssignmentsByScope.get(scope);
  const ranked = atScope ? rank(privilege, memo, atScope) : null;
  if (shared) memo.scopes.set(scope, ranked);
  return ranked;
}

/**
 * Assignments at the given scopes whose role allows the action and whose assignee ranks below
 * `belowRank`: each scope's list is ordered by privilege, so the walk stops at the first assignee as
 * privileged as the caller cares about. Without that cut-off a root-scope Owner would be paired
 * with every identity in the tenant.
 */
function assignmentsAllowing(
  index: SnapshotIndex,
  privilege: PrivilegeModel,
  scopes: readonly string[],
  action: string,
  belowRank: number,
): RoleAssignmentRecord[] {
  const memo = controlMemo(privilege);
  let allowed = memo.allowed.get(action);
  if (!allowed) {
    allowed = [];
    memo.allowed.set(action, allowed);
  }
  const result: RoleAssignmentRecord[] = [];
  for (const scope of scopes) {
    const ranked = rankedAt(index, privilege, memo, scope);
    if (!ranked) continue;
    for (let i = 0; i < ranked.ranks.length && (ranked.ranks[i] as number) < belowRank; i += 1) {
      const role = ranked.roles[i] as number;
      let ok = allowed[role];
      if (ok === undefined) {
        ok = roleAllowsAction(privilege.role(memo.roleIds[role] as string).definition.permissions, action);
        allowed[role] = ok;
      }
      if (ok) result.push(ranked.assignments[i] as RoleAssignmentRecord);
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
  const targets: { resourceId: string; actions: readonly string[]; route: ControlRoute }[] = [];
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
  const identityId = lc(identity.id);
  const scopesOf = new Map<string, readonly string[]>();
  for (const target of targets) {
    // One entry per assignment and target, naming the first control action its role allows.
    const seen = new Set<string>();
    let scopes = scopesOf.get(target.resourceId);
    if (!scopes) {
      scopes = ancestorScopes(index, target.resourceId);
      scopesOf.set(target.resourceId, scopes);
    }
    for (const action of target.actions) {
      for (const a of assignmentsAllowing(index, privilege, scopes, action, belowRank)) {
        if (lc(a.principalId) === identityId || seen.has(a.id)) continue;
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
