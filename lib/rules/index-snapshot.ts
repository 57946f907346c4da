// Builds, once per evaluation, the lookups every rule shares so no rule scans a big array per identity.
import type {
  AppRoleAssignmentRecord,
  ApplicationRecord,
  CredentialRecord,
  DirectoryRoleAssignmentRecord,
  DirectoryRoleDefinitionRecord,
  FederatedCredentialRecord,
  GroupRecord,
  IdentityAttachmentRecord,
  ManagementGroupRecord,
  ResourceRecord,
  RoleAssignmentRecord,
  RoleDefinitionRecord,
  ServicePrincipalRecord,
  Snapshot,
  SubscriptionRecord,
  UserRecord,
} from "./snapshot";

/** GUIDs and ARM ids compare case-insensitively; every map key goes through this. */
export function lc(value: string): string {
  return value.toLowerCase();
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(keyOf(item), item);
  return map;
}

export interface SnapshotIndex {
  readonly snapshot: Snapshot;
  readonly servicePrincipalById: ReadonlyMap<string, ServicePrincipalRecord>;
  readonly servicePrincipalByAppId: ReadonlyMap<string, ServicePrincipalRecord>;
  /** Service principals with a managed identity kind, in snapshot order. */
  readonly managedIdentities: readonly ServicePrincipalRecord[];
  readonly applicationById: ReadonlyMap<string, ApplicationRecord>;
  readonly applicationByAppId: ReadonlyMap<string, ApplicationRecord>;
  readonly userById: ReadonlyMap<string, UserRecord>;
  readonly groupById: ReadonlyMap<string, GroupRecord>;
  readonly resourceById: ReadonlyMap<string, ResourceRecord>;
  readonly resourcesByName: ReadonlyMap<string, readonly ResourceRecord[]>;
  readonly subscriptionById: ReadonlyMap<string, SubscriptionRecord>;
  readonly managementGroupById: ReadonlyMap<string, ManagementGroupRecord>;
  readonly roleDefinitionById: ReadonlyMap<string, RoleDefinitionRecord>;
  readonly roleAssignmentsByPrincipal: ReadonlyMap<string, readonly RoleAssignmentRecord[]>;
  readonly roleAssignmentsByScope: ReadonlyMap<string, readonly RoleAssignmentRecord[]>;
  readonly directoryRoleDefinitionById: ReadonlyMap<string, DirectoryRoleDefinitionRecord>;
  readonly directoryRoleAssignmentsByPrincipal: ReadonlyMap<string, readonly DirectoryRoleAssignmentRecord[]>;
  readonly appRoleAssignmentsByPrincipal: ReadonlyMap<string, readonly AppRoleAssignmentRecord[]>;
  /** Direct groups of a member (user, service principal or group). */
  readonly groupsOfMember: ReadonlyMap<string, readonly string[]>;
  readonly attachmentsByIdentityResourceId: ReadonlyMap<string, readonly IdentityAttachmentRecord[]>;
  readonly credentialsByOwner: ReadonlyMap<string, readonly CredentialRecord[]>;
  readonly federatedCredentialsByOwner: ReadonlyMap<string, readonly FederatedCredentialRecord[]>;
  /** App-registration FICs by exact subject: the MI-as-FIC subject is case-sensitive (api-facts §2). */
  readonly appFederatedCredentialsBySubject: ReadonlyMap<string, readonly FederatedCredentialRecord[]>;
  /** Lazily computed, shared structures (group closure, privilege model, controllers). */
  readonly cache: Map<string, unknown>;
}

export function indexSnapshot(snapshot: Snapshot): SnapshotIndex {
  const servicePrincipalById = uniqueBy(snapshot.servicePrincipals, (sp) => lc(sp.id));
  return {
    snapshot,
    servicePrincipalById,
    servicePrincipalByAppId: uniqueBy(snapshot.servicePrincipals, (sp) => lc(sp.appId)),
    managedIdentities: snapshot.servicePrincipals.filter((sp) => sp.miKind !== null),
    applicationById: uniqueBy(snapshot.applications, (a) => lc(a.id)),
    applicationByAppId: uniqueBy(snapshot.applications, (a) => lc(a.appId)),
    userById: uniqueBy(snapshot.users, (u) => lc(u.id)),
    groupById: uniqueBy(snapshot.groups, (g) => lc(g.id)),
    resourceById: uniqueBy(snapshot.resources, (r) => lc(r.id)),
    resourcesByName: groupBy(snapshot.resources, (r) => lc(r.name)),
    subscriptionById: uniqueBy(snapshot.subscriptions, (s) => lc(s.id)),
    managementGroupById: uniqueBy(snapshot.managementGroups, (m) => lc(m.id)),
    roleDefinitionById: uniqueBy(snapshot.roleDefinitions, (d) => lc(d.id)),
    roleAssignmentsByPrincipal: groupBy(snapshot.roleAssignments, (a) => lc(a.principalId)),
    roleAssignmentsByScope: groupBy(snapshot.roleAssignments, (a) => lc(a.scope)),
    directoryRoleDefinitionById: uniqueBy(snapshot.directoryRoleDefinitions, (d) => lc(d.id)),
    directoryRoleAssignmentsByPrincipal: groupBy(snapshot.directoryRoleAssignments, (a) => lc(a.principalId)),
    appRoleAssignmentsByPrincipal: groupBy(snapshot.appRoleAssignments, (a) => lc(a.principalId)),
    groupsOfMember: buildGroupsOfMember(snapshot),
    attachmentsByIdentityResourceId: groupBy(snapshot.identityAttachments, (a) => lc(a.identityResourceId)),
    credentialsByOwner: groupBy(snapshot.credentials, (c) => lc(c.ownerId)),
    federatedCredentialsByOwner: groupBy(snapshot.federatedCredentials, (f) => lc(f.ownerId)),
    appFederatedCredentialsBySubject: groupBy(snapshot.federatedCredentials, (f) =>
      f.ownerType === "Application" ? f.subject : null,
    ),
    cache: new Map(),
  };
}

function buildGroupsOfMember(snapshot: Snapshot): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const m of snapshot.groupMemberships) {
    const key = lc(m.memberId);
    const list = map.get(key);
    if (list) list.push(lc(m.groupId));
    else map.set(key, [lc(m.groupId)]);
  }
  return map;
}

/** Memoizes one shared structure per index under a fixed name. */
export function cached<T>(index: SnapshotIndex, name: string, build: () => T): T {
  if (index.cache.has(name)) return index.cache.get(name) as T;
  const value = build();
  index.cache.set(name, value);
  return value;
}
