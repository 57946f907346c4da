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

/** The assignments at one scope whose role allows one action, ordered by their assignee's own privilege. */
interface Allowing {
  readonly assignments: readonly RoleAssignmentRecord[];
  /** Severity rank of each assignee's computed privilege (0 = none), ascending. */
  readonly ranks: Uint8Array;
}

const NONE: Allowing = { assignments: [], ranks: new Uint8Array(0) };

/** scope → action → Allowing, per privilege model (ranks depend on its config). */
const allowingMemos = new WeakMap<PrivilegeModel, Map<string, Map<string, Allowing>>>();

function allowingAt(index: SnapshotIndex, privilege: PrivilegeModel, scope: string, action: string): Allowing {
  const atScope = index.roleAssignmentsByScope.get(scope);
  if (!atScope) return NONE;
  let memo = allowingMemos.get(privilege);
  if (!memo) {
    memo = new Map();
    allowingMemos.set(privilege, memo);
  }
  let byAction = memo.get(scope);
  if (!byAction) {
    byAction = new Map();
    memo.set(scope, byAction);
  }
  let hit = byAction.get(action);
  if (!hit) {
    const allowed = atScope.filter((a) => allows(index, privilege, a.roleDefinitionId, action));
    if (allowed.length === 0) hit = NONE;
    else {
      const ranks = allowed.map((a) => rankOf(privilege.severityOf(a.principalId)));
      // A stable sort of positions keeps the id order among equally privileged assignees.
      const order = allowed.map((_, i) => i).sort((x, y) => (ranks[x] as number) - (ranks[y] as number));
      hit = {
        assignments: order.map((i) => allowed[i] as RoleAssignmentRecord),
        ranks: Uint8Array.from(order, (i) => ranks[i] as number),
      };
    }
    byAction.set(action, hit);
  }
  return hit;
}

/** Whether a role allows an action, memoized per role and action. */
function allows(index: SnapshotIndex, privilege: PrivilegeModel, roleDefinitionId: string, action: string): boolean {
  const memo = cached(index, "role-allows", () => new Map<string, Map<string, boolean>>());
  let byAction = memo.get(roleDefinitionId);
  if (!byAction) {
    byAction = new Map();
    memo.set(roleDefinitionId, byAction);
  }
  let allowed = byAction.get(action);
  if (allowed === undefined) {
    allowed = roleAllowsAction(privilege.role(roleDefinitionId).definition.permissions, action);
    byAction.set(action, allowed);
  }
  return allowed;
}

/**
 * Assignments at the given scopes whose role allows the action and whose assignee ranks below
 * `belowRank`: each list is ordered by privilege, so the walk stops at the first assignee as
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
  const result: RoleAssignmentRecord[] = [];
  for (const scope of scopes) {
    const { assignments, ranks } = allowingAt(index, privilege, scope, action);
    for (let i = 0; i < assignments.length && (ranks[i] as number) < belowRank; i += 1)
      result.push(assignments[i] as RoleAssignmentRecord);
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
