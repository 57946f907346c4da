// Everything about one managed identity: where it lives, every grant (with names, scopes and the
// groups it holds them through), who can become it, its findings and its lifecycle timeline.
// Reads only this identity's rows; "who can become it" runs the rules' own pure function over a
// small snapshot of the scopes above its host and resources, never over the tenant.
import "server-only";
import { getDb, type Db } from "../db";
import { findInChunks } from "./find-in-chunks";
import { env } from "../env";
import { AppError } from "../errors";
import { defaultRuleConfig } from "../rules/config";
import { indexSnapshot } from "../rules/index-snapshot";
import { ancestorScopes } from "../rules/privilege/ancestor-scopes";
import { builtInRolePermissions } from "../rules/privilege/built-in-role-permissions";
import { findIdentityControllers } from "../rules/privilege/find-identity-controllers";
import { findTrustingApps } from "../rules/privilege/find-trusting-apps";
import { getPrivilegeModel } from "../rules/privilege/privilege-model";
import { rules } from "../rules/registry";
import { severityRank } from "../rules/severity";
import type {
  AzurePermission,
  Cloud,
  FederatedCredentialRecord,
  ManagementGroupRecord,
  ResourceRecord,
  RoleAssignmentRecord,
  ScopeLevel,
  ServicePrincipalRecord,
  Snapshot,
  SubscriptionRecord,
} from "../rules/snapshot";
import {
  privilegeLevelName,
  type AzureRoleGrantView,
  type ControllerView,
  type GroupRef,
  type IdentityDetail,
  type IdentityFindingView,
  type ResourceRef,
  type TimelineEntry,
} from "../schemas/identity";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMELINE_LIMIT = 300;
const ruleTitle = new Map<string, string>(rules.map((r) => [r.id, r.title]));

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const lastSegment = (armId: string) => armId.split("/").filter(Boolean).pop() ?? armId;

/** Resource type of an ARM id (provider/type[/subtype]), lower-cased. */
function typeOf(armId: string): string | null {
  const parts = armId.toLowerCase().split("/");
  const at = parts.lastIndexOf("providers");
  if (at < 0 || at + 2 >= parts.length) return null;
  const types: string[] = [];
  for (let i = at + 2; i < parts.length; i += 2) types.push(parts[i]!);
  return `${parts[at + 1]}/${types.join("/")}`;
}

function permissionsOf(value: unknown): AzurePermission[] {
  return (Array.isArray(value) ? value : []).map((p) => {
    const r = record(p);
    return {
      actions: strings(r.actions),
      notActions: strings(r.notActions),
      dataActions: strings(r.dataActions),
      notDataActions: strings(r.notDataActions),
    };
  });
}

export async function getIdentity(
  tenantId: string,
  id: string,
  options: { db?: Db; now?: Date } = {},
): Promise<IdentityDetail> {
  const db = options.db ?? getDb();
  if (!GUID.test(id)) throw new AppError("not_found", "There is no managed identity with this id.");
  const objectId = id.toLowerCase();
  const sp = await db.servicePrincipal.findUnique({ where: { tenantId_id: { tenantId, id: objectId } } });
  if (!sp || sp.miKind === null) {
    throw new AppError("not_found", `There is no managed identity with the object id ${objectId} in the synced tenant.`);
  }
  const resourceId = sp.miResourceId;
  const kind = sp.miKind;

  // 1. Where it lives.
  const attachments =
    kind === "UserAssigned" && resourceId
      ? await db.identityAttachment.findMany({ where: { tenantId, identityResourceId: resourceId } })
      : [];
  const resourceIds = [...new Set([...(resourceId ? [resourceId] : []), ...attachments.map((a) => a.resourceId)])];
  const [tenant, resources, directGroups, transitive] = await Promise.all([
    db.tenant.findUnique({ where: { id: tenantId } }),
    findInChunks(resourceIds, (ids) => db.resource.findMany({ where: { tenantId, id: { in: ids } } })),
    db.groupMembership.findMany({ where: { tenantId, memberId: objectId } }),
    db.transitiveMembership.findMany({ where: { tenantId, principalId: objectId }, orderBy: { depth: "asc" } }),
  ]);
  const resourceById = new Map(resources.map((r) => [r.id, r]));
  const subscriptionIds = new Set<string>();
  for (const s of [sp.subscriptionId, ...attachments.map((a) => a.subscriptionId), ...resources.map((r) => r.subscriptionId)])
    if (s) subscriptionIds.add(s);

  // 2. Grants: the identity's own, and those of every group it is in (transitively).
  const groupIds = [...new Set(transitive.map((t) => t.groupId))];
  const holders = [objectId, ...groupIds];
  const [roleAssignments, directoryAssignments, appRoleAssignments, credentials, federated, trustingFics, findings] =
    await Promise.all([
      findInChunks(holders, (ids) => db.roleAssignment.findMany({ where: { tenantId, principalId: { in: ids } } })),
      findInChunks(holders, (ids) =>
        db.directoryRoleAssignment.findMany({ where: { tenantId, principalId: { in: ids } } }),
      ),
      db.appRoleAssignment.findMany({ where: { tenantId, principalId: objectId } }),
      // Managed identities carry only the platform's certificate; its rotation belongs on the timeline.
      db.credential.findMany({
        where: { tenantId, ownerId: objectId },
        select: { keyId: true, kind: true, displayName: true, firstSeenAt: true },
      }),
      kind === "UserAssigned" && resourceId
        ? db.federatedCredential.findMany({ where: { tenantId, ownerId: resourceId } })
        : [],
      // An app trusts a managed identity when a credential's subject is its object id (api-facts §2).
      kind === "UserAssigned"
        ? db.federatedCredential.findMany({ where: { tenantId, ownerType: "Application", subject: sp.id } })
        : [],
      db.finding.findMany({
        where: { tenantId, subjectId: objectId },
        select: {
          id: true,
          ruleId: true,
          title: true,
          severity: true,
          status: true,
          firstSeenAt: true,
          dueDate: true,
        },
      }),
    ]);
  for (const a of roleAssignments) if (a.subscriptionId) subscriptionIds.add(a.subscriptionId);

  // 3. "Who can become it": the scopes at or above its host, its own resource and what it is attached to.
  const managementGroups = await db.managementGroup.findMany({ where: { tenantId } });
  const subscriptions = await findInChunks(subscriptionIds, (ids) =>
    db.subscription.findMany({ where: { tenantId, id: { in: ids } } }),
  );
  const mgRecords: ManagementGroupRecord[] = managementGroups.map((m) => ({
    id: m.id,
    name: m.name,
    displayName: m.displayName,
    parentId: m.parentId,
  }));
  const subRecords: SubscriptionRecord[] = subscriptions.map((s) => ({
    id: s.id,
    displayName: s.displayName,
    managementGroupId: s.managementGroupId,
    resourcesEnumeratedAt: s.resourcesEnumeratedAt,
  }));
  const resourceRecords: ResourceRecord[] = resources.map((r) => ({
    id: r.id,
    armId: r.armId,
    subscriptionId: r.subscriptionId,
    resourceGroup: r.resourceGroup,
    type: r.type,
    name: r.name,
    identityType: r.identityType,
    principalId: r.principalId,
    clientId: r.clientId,
  }));
  const scopeIndex = indexSnapshot(
    emptySnapshot(tenantId, { managementGroups: mgRecords, subscriptions: subRecords, resources: resourceRecords }),
  );
  const scopes = new Set<string>();
  for (const target of resourceIds) for (const scope of ancestorScopes(scopeIndex, target)) scopes.add(scope);
  const controlAssignments =
    await findInChunks(scopes, (chunk) => db.roleAssignment.findMany({ where: { tenantId, scope: { in: chunk } } }));
  const roleDefinitionIds = [
    ...new Set([...controlAssignments, ...roleAssignments].map((a) => a.roleDefinitionId.toLowerCase())),
  ];

  // 4. Names: role definitions, groups, directory roles, controllers, and what the timeline mentions.
  const events = await db.historyEvent.findMany({
    where: { tenantId, subjectId: objectId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: TIMELINE_LIMIT + 1,
  });
  const eventDetails = events.map((e) => record(e.details));
  for (const d of eventDetails) {
    const roleDefinitionId = text(d.roleDefinitionId);
    if (roleDefinitionId) roleDefinitionIds.push(roleDefinitionId.toLowerCase());
  }
  const namedGroupIds = new Set<string>([
    ...groupIds,
    ...transitive.flatMap((t) => strings(t.path)),
    ...events.filter((e) => e.entityType === "groupMembership").map((e, i) => text(eventDetails[i]?.groupId) ?? e.entityId),
  ]);
  const controllerIds = [...new Set(controlAssignments.map((a) => a.principalId.toLowerCase()))];
  const [roleDefinitions, groups, directoryDefinitions, users, principals, controllerGroups, trustingApps] =
    await Promise.all([
      findInChunks(roleDefinitionIds, (ids) => db.roleDefinition.findMany({ where: { tenantId, id: { in: ids } } })),
      findInChunks(namedGroupIds, (ids) => db.group.findMany({ where: { tenantId, id: { in: ids } } })),
      // Directory role definitions are a tenant's hundred or so roles: read them all.
      db.directoryRoleDefinition.findMany({ where: { tenantId } }),
      findInChunks(controllerIds, (ids) =>
        db.user.findMany({
          where: { tenantId, id: { in: ids } },
          select: { id: true, displayName: true, userPrincipalName: true },
        }),
      ),
      findInChunks(controllerIds, (ids) =>
        db.servicePrincipal.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true, displayName: true } }),
      ),
      findInChunks(controllerIds, (ids) =>
        db.group.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true, displayName: true } }),
      ),
      findInChunks(
        trustingFics.map((f) => f.ownerId),
        (ids) => db.application.findMany({ where: { tenantId, id: { in: ids } } }),
      ),
    ]);

  const roleDefinitionById = new Map(roleDefinitions.map((d) => [d.id.toLowerCase(), d]));
  const roleName = (roleDefinitionId: string) =>
    roleDefinitionById.get(roleDefinitionId.toLowerCase())?.roleName ??
    builtInRolePermissions.get(roleDefinitionId.toLowerCase())?.roleName ??
    `Unknown role ${roleDefinitionId}`;
  const groupName = new Map(groups.map((g) => [g.id, g.displayName]));
  const groupRef = (groupId: string): GroupRef => ({ id: groupId, name: groupName.get(groupId) ?? groupId });
  const directoryRoleName = (roleDefinitionId: string) =>
    directoryDefinitions.find((d) => d.id === roleDefinitionId || d.templateId === roleDefinitionId)?.displayName ??
    roleDefinitionId;
  const subscriptionName = new Map(subscriptions.map((s) => [s.id, s.displayName]));
  const mgName = new Map(managementGroups.map((m) => [m.id, m.displayName ?? m.name]));

  const scopeLabel = (scope: string, level: ScopeLevel): string => {
    const s = scope.toLowerCase();
    const sub = /^\/subscriptions\/([^/]+)/.exec(s)?.[1];
    const subLabel = sub ? (subscriptionName.get(sub) ?? sub) : "";
    switch (level) {
      case "root":
        return "Tenant root";
      case "managementGroup":
        return `Management group ${mgName.get(s) ?? lastSegment(s)}`;
      case "subscription":
        return `Subscription ${subLabel}`;
      case "resourceGroup":
        return `Resource group ${/\/resourcegroups\/([^/]+)/.exec(s)?.[1] ?? lastSegment(s)} in ${subLabel}`;
      case "resource": {
        const r = resourceById.get(s);
        return `${r?.name ?? lastSegment(s)} (${r?.type ?? typeOf(s) ?? "resource"}) in ${subLabel}`;
      }
    }
  };

  const resourceRef = (storedId: string, firstSeenAt: Date | null = null): ResourceRef => {
    const r = resourceById.get(storedId);
    const sub = r?.subscriptionId ?? /^\/subscriptions\/([^/]+)/i.exec(storedId)?.[1]?.toLowerCase() ?? null;
    return {
      armId: r?.armId ?? (storedId === sp.miResourceId ? (sp.miResourceArmId ?? storedId) : storedId),
      name: r?.name ?? lastSegment(storedId),
      type: r?.type ?? typeOf(storedId),
      subscriptionId: sub,
      subscriptionName: sub ? (subscriptionName.get(sub) ?? null) : null,
      resourceGroup: r?.resourceGroup ?? /\/resourcegroups\/([^/]+)/i.exec(storedId)?.[1]?.toLowerCase() ?? null,
      location: r?.location ?? null,
      exists: r !== undefined,
      firstSeenAt: iso(firstSeenAt),
    };
  };

  // Grants, direct first, then through groups.
  const holderGroup = (principalId: string): GroupRef | null =>
    principalId.toLowerCase() === objectId ? null : groupRef(principalId.toLowerCase());
  const byHolder = <T extends { principalId: string }>(a: T, b: T) =>
    Number(a.principalId.toLowerCase() !== objectId) - Number(b.principalId.toLowerCase() !== objectId);
  const scopeOrder: Record<ScopeLevel, number> = { root: 0, managementGroup: 1, subscription: 2, resourceGroup: 3, resource: 4 };
  const azureRoles: AzureRoleGrantView[] = [...roleAssignments]
    .sort((a, b) => byHolder(a, b) || scopeOrder[a.scopeLevel] - scopeOrder[b.scopeLevel] || a.scope.localeCompare(b.scope))
    .map((a) => ({
      assignmentId: a.id,
      roleDefinitionId: a.roleDefinitionId,
      roleName: roleName(a.roleDefinitionId),
      roleType: roleDefinitionById.get(a.roleDefinitionId.toLowerCase())?.roleType ?? "BuiltInRole",
      scope: a.scope,
      scopeLevel: a.scopeLevel,
      scopeLabel: scopeLabel(a.scope, a.scopeLevel),
      condition: a.condition,
      via: holderGroup(a.principalId),
      firstSeenAt: iso(a.firstSeenAt),
    }));
  const directoryRoles = [...directoryAssignments].sort(byHolder).map((a) => ({
    assignmentId: a.id,
    roleName: directoryRoleName(a.roleDefinitionId),
    roleDefinitionId: a.roleDefinitionId,
    directoryScopeId: a.directoryScopeId,
    via: holderGroup(a.principalId),
    firstSeenAt: iso(a.firstSeenAt),
  }));
  const appPermissions = appRoleAssignments
    .map((a) => ({
      assignmentId: a.id,
      resourceDisplayName: a.resourceDisplayName ?? a.resourceId,
      resourceAppId: a.resourceAppId,
      permission: a.appRoleValue ?? a.appRoleId,
      appRoleId: a.appRoleId,
      firstSeenAt: iso(a.firstSeenAt),
    }))
    .sort((a, b) => a.resourceDisplayName.localeCompare(b.resourceDisplayName) || a.permission.localeCompare(b.permission));
  const groupMeta = new Map(groups.map((g) => [g.id, g]));
  const heldCount = (groupId: string, list: { principalId: string }[]) =>
    list.filter((a) => a.principalId.toLowerCase() === groupId).length;
  const groupViews = transitive.map((t) => {
    const path = strings(t.path);
    return {
      group: groupRef(t.groupId),
      depth: t.depth,
      path: (path.length > 0 ? path : [t.groupId]).map(groupRef),
      isAssignableToRole: groupMeta.get(t.groupId)?.isAssignableToRole ?? false,
      azureRoleCount: heldCount(t.groupId, roleAssignments),
      directoryRoleCount: heldCount(t.groupId, directoryAssignments),
    };
  });

  // Who can become it, through the rules' own reading of Azure RBAC.
  const identityRecord: ServicePrincipalRecord = {
    id: sp.id,
    appId: sp.appId,
    displayName: sp.displayName,
    servicePrincipalType: sp.servicePrincipalType,
    accountEnabled: sp.accountEnabled,
    appOwnerOrganizationId: sp.appOwnerOrganizationId,
    signInAudience: sp.signInAudience,
    appRoleValues: [],
    miKind: kind,
    miResourceId: resourceId,
    subscriptionId: sp.subscriptionId,
    resourceGroup: sp.resourceGroup,
    resourceType: sp.resourceType,
    lastSignInAt: sp.lastSignInAt,
    firstSeenAt: sp.firstSeenAt,
  };
  const controlRecords: RoleAssignmentRecord[] = controlAssignments.map((a) => ({
    id: a.id,
    scope: a.scope,
    scopeLevel: a.scopeLevel,
    subscriptionId: a.subscriptionId,
    roleDefinitionId: a.roleDefinitionId,
    principalId: a.principalId,
    principalType: a.principalType,
    condition: a.condition,
  }));
  const ficRecords: FederatedCredentialRecord[] = trustingFics.map((f) => ({
    id: f.id,
    ownerType: "Application",
    ownerId: f.ownerId,
    name: f.name,
    issuer: f.issuer,
    subject: f.subject,
    audiences: strings(f.audiences),
  }));
  const cloud = (tenant?.cloud ?? "public") as Cloud;
  const snapshot = emptySnapshot(tenantId, {
    cloud,
    // As the evaluation does: a custom cloud (the emulator) issues from its own login URL.
    authorityHost: cloud === "custom" ? env().STEWARD_LOGIN_URL?.replace(/\/+$/, "") : undefined,
    now: options.now ?? new Date(),
    servicePrincipals: [identityRecord],
    managementGroups: mgRecords,
    subscriptions: subRecords,
    resources: resourceRecords,
    identityAttachments: attachments.map((a) => ({
      resourceId: a.resourceId,
      identityResourceId: a.identityResourceId,
      principalId: a.principalId,
      clientId: a.clientId,
      subscriptionId: a.subscriptionId,
    })),
    roleDefinitions: roleDefinitions.map((d) => ({
      id: d.id,
      roleName: d.roleName,
      roleType: d.roleType,
      permissions: permissionsOf(d.permissions),
    })),
    roleAssignments: controlRecords,
    federatedCredentials: ficRecords,
    applications: trustingApps.map((a) => ({
      id: a.id,
      appId: a.appId,
      displayName: a.displayName,
      signInAudience: a.signInAudience,
    })),
  });
  const index = indexSnapshot(snapshot);
  const privilege = getPrivilegeModel(index, defaultRuleConfig);
  const principalName = new Map<string, string>([
    ...users.map((u) => [u.id.toLowerCase(), u.displayName ?? u.userPrincipalName] as const),
    ...principals.map((p) => [p.id.toLowerCase(), p.displayName] as const),
    ...controllerGroups.map((g) => [g.id.toLowerCase(), g.displayName] as const),
  ]);
  const principalUpn = new Map(users.map((u) => [u.id.toLowerCase(), u.userPrincipalName]));
  const controllers: ControllerView[] = findIdentityControllers(index, privilege, identityRecord)
    .map((c) => ({
      principalId: c.principalId,
      principalType: c.principalType,
      principalName: principalName.get(c.principalId) ?? c.principalId,
      principalUpn: principalUpn.get(c.principalId) ?? null,
      roleName: c.roleName,
      scope: c.scope,
      scopeLevel: c.scopeLevel,
      scopeLabel: scopeLabel(c.scope, c.scopeLevel),
      route: c.route,
      action: c.action,
      target: resourceRef(c.targetResourceId),
    }))
    .sort((a, b) => scopeOrder[a.scopeLevel] - scopeOrder[b.scopeLevel] || a.principalName.localeCompare(b.principalName));

  // Every app credential naming this identity, and whether Entra would honour it.
  const effective = new Set(findTrustingApps(index, identityRecord).map((t) => t.federatedCredential.id));
  const appById = new Map(trustingApps.map((a) => [a.id, a]));
  const trusting = trustingFics
    .map((f) => {
      const app = appById.get(f.ownerId);
      return {
        applicationId: app?.id ?? null,
        appId: app?.appId ?? null,
        displayName: app?.displayName ?? f.ownerId,
        credentialName: f.name,
        issuer: f.issuer,
        subject: f.subject,
        audiences: strings(f.audiences),
        effective: effective.has(f.id),
      };
    })
    .sort((a, b) => Number(b.effective) - Number(a.effective) || a.displayName.localeCompare(b.displayName));

  const findingViews: IdentityFindingView[] = findings
    .map((f) => ({
      id: f.id,
      ruleId: f.ruleId,
      ruleTitle: ruleTitle.get(f.ruleId) ?? f.ruleId,
      title: f.title,
      severity: f.severity,
      status: f.status,
      firstSeenAt: f.firstSeenAt.toISOString(),
      dueDate: iso(f.dueDate),
    }))
    .sort((a, b) => {
      const active = (s: string) => (s === "open" || s === "in_progress" ? 0 : 1);
      return (
        active(a.status) - active(b.status) ||
        severityRank[b.severity] - severityRank[a.severity] ||
        a.firstSeenAt.localeCompare(b.firstSeenAt)
      );
    });

  // 5. The timeline: what each sync saw change, plus first-sight baselines for rows whose arrival
  // has no event (a tenant's first load may record rows by firstSeenAt alone).
  const describeEvent = (entityType: string, entityId: string, d: Record<string, unknown>): string => {
    switch (entityType) {
      case "azureRoleAssignment": {
        const scope = text(d.scope);
        const level = text(d.scopeLevel) as ScopeLevel | null;
        const role = text(d.roleDefinitionId);
        return `${role ? roleName(role) : "a role"}${scope && level ? ` at ${scopeLabel(scope, level)}` : ""}`;
      }
      case "directoryRoleAssignment": {
        const role = text(d.roleDefinitionId);
        return role ? directoryRoleName(role) : entityId;
      }
      case "appRoleAssignment":
        return `${text(d.resourceDisplayName) ?? "an API"} ${text(d.appRoleValue) ?? text(d.appRoleId) ?? ""}`.trim();
      case "groupMembership":
        return groupRef((text(d.groupId) ?? entityId).toLowerCase()).name;
      case "attachment":
      case "resource": {
        const armId = text(d.armId) ?? text(d.resourceId) ?? entityId;
        return `${lastSegment(armId)} (${text(d.type) ?? typeOf(armId) ?? "resource"})`;
      }
      case "federatedCredential":
        return `${text(d.name) ?? entityId}${text(d.subject) ? `, subject ${text(d.subject)}` : ""}`;
      case "credential":
        return `${text(d.kind) ?? "credential"}${text(d.displayName) ? ` ${text(d.displayName)}` : ""}`;
      case "identity":
        return text(d.displayName) ?? sp.displayName;
      default:
        return entityId;
    }
  };
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const shown = events.slice(0, TIMELINE_LIMIT);
  const timeline: TimelineEntry[] = shown.map((e, i) => ({
    key: `h${e.id}`,
    at: e.at.toISOString(),
    change: e.change,
    entityType: e.entityType,
    text: `${capital(e.summary)}: ${describeEvent(e.entityType, e.entityId, eventDetails[i]!)}`,
    source: "history",
  }));
  // Baselines only when the history is complete enough to know what has no "added" event.
  if (events.length <= TIMELINE_LIMIT) {
    const added = new Set(events.filter((e) => e.change === "added").map((e) => `${e.entityType}|${e.entityId}`));
    const baseline = (entityType: string, entityId: string, at: Date, what: string) => {
      if (added.has(`${entityType}|${entityId}`)) return;
      timeline.push({ key: `b${entityType}|${entityId}`, at: at.toISOString(), change: "firstSeen", entityType, text: what, source: "baseline" });
    };
    baseline("identity", objectId, sp.firstSeenAt, `Identity ${sp.displayName}`);
    for (const a of roleAssignments) {
      if (a.principalId.toLowerCase() !== objectId) continue;
      baseline("azureRoleAssignment", a.id, a.firstSeenAt, `Azure role ${roleName(a.roleDefinitionId)} at ${scopeLabel(a.scope, a.scopeLevel)}`);
    }
    for (const a of directoryAssignments) {
      if (a.principalId.toLowerCase() !== objectId) continue;
      baseline("directoryRoleAssignment", a.id, a.firstSeenAt, `Directory role ${directoryRoleName(a.roleDefinitionId)}`);
    }
    for (const a of appRoleAssignments) {
      baseline("appRoleAssignment", a.id, a.firstSeenAt, `App permission ${a.resourceDisplayName ?? a.resourceId} ${a.appRoleValue ?? a.appRoleId}`);
    }
    for (const m of directGroups) {
      baseline("groupMembership", m.groupId, m.firstSeenAt, `Member of group ${groupRef(m.groupId).name}`);
    }
    for (const a of attachments) {
      baseline("attachment", a.resourceId, a.firstSeenAt, `Attached to ${lastSegment(a.resourceId)} (${typeOf(a.resourceId) ?? "resource"})`);
    }
    const own = resourceId ? resourceById.get(resourceId) : undefined;
    if (own) {
      baseline("resource", own.id, own.firstSeenAt, `Resource ${own.name} (${own.type})`);
    }
    for (const c of credentials) {
      baseline("credential", c.keyId, c.firstSeenAt, `Credential: ${c.kind}${c.displayName ? ` ${c.displayName}` : ""}`);
    }
    for (const f of federated) {
      baseline("federatedCredential", f.id, f.firstSeenAt, `Federated credential ${f.name}, subject ${f.subject}`);
    }
    timeline.sort((a, b) => b.at.localeCompare(a.at) || a.key.localeCompare(b.key));
  }

  return {
    identity: {
      id: sp.id,
      appId: sp.appId,
      displayName: sp.displayName,
      kind,
      resourceId: sp.miResourceArmId ?? sp.miResourceId,
      subscriptionId: sp.subscriptionId,
      subscriptionName: sp.subscriptionId ? (subscriptionName.get(sp.subscriptionId) ?? null) : null,
      resourceGroup: sp.resourceGroup,
      resourceType: sp.resourceType,
      accountEnabled: sp.accountEnabled,
      isOrphaned: sp.isOrphaned,
      attachedResourceCount: sp.attachedResourceCount,
      azureRoleCount: sp.azureRoleCount,
      directoryRoleCount: sp.directoryRoleCount,
      appRoleCount: sp.appRoleCount,
      groupCount: sp.groupCount,
      openFindingCount: sp.openFindingCount,
      privilege: privilegeLevelName(sp.privilegeLevel),
      firstSeenAt: sp.firstSeenAt.toISOString(),
      lastSignInAt: iso(sp.lastSignInAt),
      tenantId,
      lastSyncAt: iso(tenant?.lastSuccessfulSyncAt),
    },
    orphanedReason: orphanedReason(sp, resourceRef, attachments.length, subscriptions),
    host: kind === "SystemAssigned" && resourceId ? resourceRef(resourceId) : null,
    identityResource: kind === "UserAssigned" && resourceId ? resourceRef(resourceId) : null,
    attachedResources: attachments
      .map((a) => resourceRef(a.resourceId, a.firstSeenAt))
      .sort((a, b) => a.armId.localeCompare(b.armId)),
    azureRoles,
    directoryRoles,
    appPermissions,
    groups: groupViews,
    federatedCredentials: federated
      .map((f) => ({
        id: f.id,
        name: f.name,
        issuer: f.issuer,
        subject: f.subject,
        audiences: strings(f.audiences),
        firstSeenAt: iso(f.firstSeenAt),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    trustingApps: trusting,
    controllers,
    findings: findingViews,
    timeline,
    timelineTruncated: events.length > TIMELINE_LIMIT,
  };
}

function orphanedReason(
  sp: { miKind: string | null; miResourceId: string | null; isOrphaned: boolean; subscriptionId: string | null },
  resourceRef: (id: string) => ResourceRef,
  attachmentCount: number,
  subscriptions: { id: string; displayName: string | null; resourcesEnumeratedAt: Date | null }[],
): string {
  if (sp.miKind === "UserAssigned") {
    return sp.isOrphaned || attachmentCount === 0
      ? "Orphaned: no resource uses this user-assigned identity, yet anyone allowed to assign it can still use what it holds."
      : `In use: attached to ${attachmentCount} resource${attachmentCount === 1 ? "" : "s"}.`;
  }
  if (!sp.miResourceId) return "The host resource is unknown: Entra does not name it for this identity.";
  const host = resourceRef(sp.miResourceId);
  const sub = subscriptions.find((s) => s.id === sp.subscriptionId);
  const subLabel = sub?.displayName ?? sp.subscriptionId ?? "its subscription";
  if (sp.isOrphaned) {
    return `Orphaned: its host resource ${host.name} no longer exists in ${subLabel}, whose resources the last sync read completely. The identity outlived the resource it belonged to.`;
  }
  if (host.exists) return `In use: it lives on its host resource ${host.name}.`;
  return `Its host resource ${host.name} was not found, but the last sync could not read every resource of ${subLabel}, so it is not reported as orphaned.`;
}

function emptySnapshot(tenantId: string, parts: Partial<Snapshot>): Snapshot {
  return {
    tenantId,
    cloud: "public",
    now: new Date(),
    signInActivityAvailable: false,
    servicePrincipals: [],
    managementGroups: [],
    subscriptions: [],
    resources: [],
    identityAttachments: [],
    roleDefinitions: [],
    roleAssignments: [],
    applications: [],
    credentials: [],
    federatedCredentials: [],
    appRoleAssignments: [],
    directoryRoleDefinitions: [],
    directoryRoleAssignments: [],
    groups: [],
    groupMemberships: [],
    users: [],
    ...parts,
  };
}
