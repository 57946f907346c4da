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

/** The assignments at one scope, ordered by their assignee's own privilege (least first). */
interface RankedAtScope {
  readonly assignments: readonly RoleAssignmentRecord[];
  /** Severity rank of each assignee's computed privilege (0 = none), ascending. */
  readonly ranks: Uint8Array;
}

const rankedMemos = new WeakMap<PrivilegeModel, Map<string, RankedAtScope>>();

function rankedAt(index: SnapshotIndex, privilege: PrivilegeModel, scope: string): RankedAtScope {
  let memo = rankedMemos.get(privilege);
  if (!memo) {
    memo = new Map();
    rankedMemos.set(privilege, memo);
  }
  let hit = memo.get(scope);
  if (!hit) {
    // A stable sort keeps the stored order among equally privileged assignees.
    const ranked = (index.roleAssignmentsByScope.get(scope) ?? [])
      .map((assignment) => ({ assignment, rank: rankOf(privilege.severityOf(assignment.principalId)) }))
      .sort((x, y) => x.rank - y.rank);
    hit = { assignments: ranked.map((r) => r.assignment), ranks: Uint8Array.from(ranked, (r) => r.rank) };
    memo.set(scope, hit);
  }
  return hit;
}

/** Whether a role allows an action (lower-cased), memoized per role and action. */
function allows(index: SnapshotIndex, privilege: PrivilegeModel, roleDefinitionId: string, action: string): boolean {
  const memo = cached(index, "role-allows", () => new Map<string, Map<string, boolean>>());
  const roleId = lc(roleDefinitionId);
  let byAction = memo.get(roleId);
  if (!byAction) {
    byAction = new Map();
    memo.set(roleId, byAction);
  }
  let allowed = byAction.get(action);
  if (allowed === undefined) {
    allowed = roleAllowsAction(privilege.role(roleId).definition.permissions, action);
    byAction.set(action, allowed);
  }
  return allowed;
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
  const result: RoleAssignmentRecord[] = [];
  for (const scope of scopes) {
    const { assignments, ranks } = rankedAt(index, privilege, scope);
    for (let i = 0; i < assignments.length; i += 1) {
      if ((ranks[i] as number) >= belowRank) break;
      const assignment = assignments[i] as RoleAssignmentRecord;
      if (allows(index, privilege, assignment.roleDefinitionId, action)) result.push(assignment);
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
  const identityId = lc(identity.id);
  for (const target of targets) {
    // One entry per assignment and target, naming the first control action its role allows.
    const seen = new Set<string>();
    const scopes = ancestorScopes(index, target.resourceId);
    for (const action of target.actions) {
      for (const a of assignmentsAllowing(index, privilege, scopes, lc(action), belowRank)) {
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
