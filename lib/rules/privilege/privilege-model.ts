// Computed privilege of any principal: Azure roles through their definitions, directory roles through
// template ids, app permissions by resource appId + appRoleId, and what transitive groups hold.
import type { RuleConfig } from "../config";
import { cached, lc, type SnapshotIndex } from "../index-snapshot";
import { maxSeverity, type Severity } from "../severity";
import type { ScopeLevel } from "../snapshot";
import { classifyAzureRole, type AzureRoleBasis, type AzureRoleClassification } from "./classify-azure-role";
import { resolveAncestorGroups, resolveGroupClosure } from "./resolve-group-closure";
import { resolveRoleDefinition, type ResolvedRoleDefinition } from "./resolve-role-definition";

export interface AzureRoleGrant {
  readonly kind: "azureRole";
  readonly assignmentId: string;
  readonly roleDefinitionId: string;
  readonly roleName: string;
  readonly scope: string;
  readonly scopeLevel: ScopeLevel;
  readonly subscriptionId: string | null;
  readonly condition: string | null;
  readonly basis: AzureRoleBasis;
  readonly severity: Severity;
}

export interface DirectoryRoleGrant {
  readonly kind: "directoryRole";
  readonly assignmentId: string;
  readonly roleDefinitionId: string;
  readonly templateId: string;
  readonly roleName: string;
  readonly directoryScopeId: string;
  readonly severity: Severity;
}

export interface AppPermissionGrant {
  readonly kind: "appPermission";
  readonly assignmentId: string;
  readonly resourceAppId: string;
  readonly resourceDisplayName: string | null;
  readonly appRoleId: string;
  readonly permission: string;
  readonly severity: Severity;
}

export interface RoleAssignableGroupGrant {
  readonly kind: "roleAssignableGroup";
  readonly groupId: string;
  readonly severity: Severity;
}

export type Grant = AzureRoleGrant | DirectoryRoleGrant | AppPermissionGrant | RoleAssignableGroupGrant;

export interface OwnPrivilege {
  readonly severity: Severity | null;
  readonly grants: readonly Grant[];
}

export interface GroupPrivilege extends OwnPrivilege {
  readonly groupId: string;
  readonly groupName: string;
  /** Group ids from the principal's direct group to this group. */
  readonly path: readonly string[];
}

export interface PrincipalPrivilege {
  /** The worst of everything below; null when the principal holds nothing privileged. */
  readonly severity: Severity | null;
  readonly direct: OwnPrivilege;
  readonly viaGroups: readonly GroupPrivilege[];
}

export interface PrivilegeModel {
  role(roleDefinitionId: string): { definition: ResolvedRoleDefinition; classification: AzureRoleClassification };
  /** What the principal holds itself (for a group: including being role-assignable). */
  own(principalId: string): OwnPrivilege;
  /** Own privilege plus that of every transitive group, with the path kept. */
  of(principalId: string): PrincipalPrivilege;
  /**
   * `of(principalId).severity` without building the group paths: what ranking needs for the many
   * principals (controllers, assignees) whose grants never reach evidence.
   */
  severityOf(principalId: string): Severity | null;
  appPermissionKey(resourceAppId: string, appRoleId: string): string;
}

function buildPrivilegeModel(index: SnapshotIndex, config: RuleConfig): PrivilegeModel {
  const roleMemo = new Map<string, ReturnType<PrivilegeModel["role"]>>();
  const ownMemo = new Map<string, OwnPrivilege>();
  const ofMemo = new Map<string, PrincipalPrivilege>();
  const severityMemo = new Map<string, Severity | null>();
  const ownSeverityMemo = new Map<string, Severity | null>();
  const groupClosureSeverityMemo = new Map<string, Severity | null>();
  const key = (resourceAppId: string, appRoleId: string) => `${lc(resourceAppId)}|${lc(appRoleId)}`;
  const highRisk = new Map(config.highRiskAppRoles.map((r) => [key(r.resourceAppId, r.appRoleId), r.name]));
  const critical = new Set(config.criticalAppRoles.map((r) => key(r.resourceAppId, r.appRoleId)));
  const privilegedDirectory = new Set(config.privilegedDirectoryRoleTemplateIds);
  const criticalDirectory = new Set(config.criticalDirectoryRoleTemplateIds);

  const role: PrivilegeModel["role"] = (roleDefinitionId) => {
    const id = lc(roleDefinitionId);
    let hit = roleMemo.get(id);
    if (!hit) {
      const definition = resolveRoleDefinition(index, id);
      hit = { definition, classification: classifyAzureRole(definition, config) };
      roleMemo.set(id, hit);
    }
    return hit;
  };

  /**
   * Walks what a principal holds itself: returns the worst severity and, given a list, fills it with
   * the grants. Ranking a hundred thousand assignees needs only the severity, not the grant objects.
   */
  const scan = (id: string, grants: Grant[] | null): Severity | null => {
    let severity: Severity | null = null;
    for (const a of index.roleAssignmentsByPrincipal.get(id) ?? []) {
      const { definition, classification } = role(a.roleDefinitionId);
      if (!classification.privileged || classification.basis === null) continue;
      severity = maxSeverity(severity, config.scopeSeverity[a.scopeLevel]);
      grants?.push({
        kind: "azureRole",
        assignmentId: a.id,
        roleDefinitionId: definition.id,
        roleName: definition.roleName,
        scope: a.scope,
        scopeLevel: a.scopeLevel,
        subscriptionId: a.subscriptionId,
        condition: a.condition,
        basis: classification.basis,
        severity: config.scopeSeverity[a.scopeLevel],
      });
    }
    for (const a of index.directoryRoleAssignmentsByPrincipal.get(id) ?? []) {
      const definition = index.directoryRoleDefinitionById.get(lc(a.roleDefinitionId));
      // Built-in roles have id == templateId (api-facts §2), so a missing definition still resolves.
      const templateId = lc(definition?.templateId ?? a.roleDefinitionId);
      if (!privilegedDirectory.has(templateId) && !criticalDirectory.has(templateId)) continue;
      const held: Severity = criticalDirectory.has(templateId) ? "critical" : "high";
      severity = maxSeverity(severity, held);
      grants?.push({
        kind: "directoryRole",
        assignmentId: a.id,
        roleDefinitionId: a.roleDefinitionId,
        templateId,
        roleName: definition?.displayName ?? templateId,
        directoryScopeId: a.directoryScopeId,
        severity: held,
      });
    }
    for (const a of index.appRoleAssignmentsByPrincipal.get(id) ?? []) {
      // App roles assigned to users or groups are sign-in roles, not application permissions.
      if (a.principalType === "User" || a.principalType === "Group") continue;
      const resourceAppId = a.resourceAppId ?? index.servicePrincipalById.get(lc(a.resourceId))?.appId ?? null;
      if (resourceAppId === null) continue;
      const k = key(resourceAppId, a.appRoleId);
      const permission = highRisk.get(k);
      if (permission === undefined && !critical.has(k)) continue;
      const held: Severity = critical.has(k) ? "critical" : "high";
      severity = maxSeverity(severity, held);
      grants?.push({
        kind: "appPermission",
        assignmentId: a.id,
        resourceAppId: lc(resourceAppId),
        resourceDisplayName: a.resourceDisplayName,
        appRoleId: lc(a.appRoleId),
        permission: permission ?? a.appRoleValue ?? lc(a.appRoleId),
        severity: held,
      });
    }
    if (index.groupById.get(id)?.isAssignableToRole) {
      severity = maxSeverity(severity, config.roleAssignableGroupSeverity);
      grants?.push({ kind: "roleAssignableGroup", groupId: id, severity: config.roleAssignableGroupSeverity });
    }
    return severity;
  };

  const own = (principalId: string): OwnPrivilege => {
    const id = lc(principalId);
    const hit = ownMemo.get(id);
    if (hit) return hit;
    const grants: Grant[] = [];
    const result: OwnPrivilege = { severity: scan(id, grants), grants };
    ownMemo.set(id, result);
    return result;
  };

  const ownSeverity = (id: string): Severity | null => {
    const held = ownMemo.get(id);
    if (held) return held.severity;
    let severity = ownSeverityMemo.get(id);
    if (severity === undefined) {
      severity = scan(id, null);
      ownSeverityMemo.set(id, severity);
    }
    return severity;
  };

  const of = (principalId: string): PrincipalPrivilege => {
    const id = lc(principalId);
    const hit = ofMemo.get(id);
    if (hit) return hit;
    const direct = own(id);
    const viaGroups: GroupPrivilege[] = [];
    let severity = direct.severity;
    for (const [groupId, path] of resolveGroupClosure(index, id)) {
      const held = own(groupId);
      if (held.severity === null) continue;
      viaGroups.push({
        ...held,
        groupId,
        groupName: index.groupById.get(groupId)?.displayName ?? groupId,
        path,
      });
      severity = maxSeverity(severity, held.severity);
    }
    const result: PrincipalPrivilege = { severity, direct, viaGroups };
    ofMemo.set(id, result);
    return result;
  };

  // The worst of a group's own privilege and that of every group it is nested in, once per group.
  const groupClosureSeverity = (groupId: string): Severity | null => {
    const hit = groupClosureSeverityMemo.get(groupId);
    if (hit !== undefined) return hit;
    let severity: Severity | null = null;
    for (const ancestor of resolveAncestorGroups(index, groupId).keys())
      severity = maxSeverity(severity, ownSeverity(ancestor));
    groupClosureSeverityMemo.set(groupId, severity);
    return severity;
  };

  const severityOf = (principalId: string): Severity | null => {
    const id = lc(principalId);
    const memoized = ofMemo.get(id)?.severity ?? severityMemo.get(id);
    if (memoized !== undefined) return memoized;
    let severity = ownSeverity(id);
    for (const groupId of index.groupsOfMember.get(id) ?? [])
      severity = maxSeverity(severity, groupClosureSeverity(groupId));
    severityMemo.set(id, severity);
    return severity;
  };

  return { role, own, of, severityOf, appPermissionKey: key };
}

/** One model per (index, config): every rule of an evaluation shares its memoized answers. */
export function getPrivilegeModel(index: SnapshotIndex, config: RuleConfig): PrivilegeModel {
  const models = cached(index, "privilege-models", () => new WeakMap<RuleConfig, PrivilegeModel>());
  let model = models.get(config);
  if (!model) {
    model = buildPrivilegeModel(index, config);
    models.set(config, model);
  }
  return model;
}
