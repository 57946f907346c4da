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
import { MembershipTable } from "./membership-table";
import { RoleAssignmentTable, type Lookup } from "./role-assignment-table";

export type { Lookup };

/** GUIDs and ARM ids compare case-insensitively; every map key goes through this. */
export function lc(value: string): string {
  return value.toLowerCase();
}

/** What rules read from the snapshot itself; everything else they reach through the index's lookups. */
export type IndexedSnapshot = Pick<
  Snapshot,
  | "tenantId"
  | "cloud"
  | "authorityHost"
  | "now"
  | "signInActivityAvailable"
  | "servicePrincipals"
  | "applications"
  | "users"
>;

/** The snapshot's scalar facts; the records arrive through a {@link SnapshotIndexBuilder}. */
export type SnapshotHeader = Pick<Snapshot, "tenantId" | "cloud" | "authorityHost" | "now" | "signInActivityAvailable">;

export interface SnapshotIndex {
  readonly snapshot: IndexedSnapshot;
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
  /** Lower-cased principal id → its own Azure role assignments (built on each `get`). */
  readonly roleAssignmentsByPrincipal: Lookup<RoleAssignmentRecord>;
  /** Lower-cased scope → the assignments made exactly there (built on each `get`). */
  readonly roleAssignmentsByScope: Lookup<RoleAssignmentRecord>;
  readonly directoryRoleDefinitionById: ReadonlyMap<string, DirectoryRoleDefinitionRecord>;
  readonly directoryRoleAssignmentsByPrincipal: ReadonlyMap<string, readonly DirectoryRoleAssignmentRecord[]>;
  readonly appRoleAssignmentsByPrincipal: ReadonlyMap<string, readonly AppRoleAssignmentRecord[]>;
  /** Lower-cased member id (user, service principal or group) → its direct groups, lower-cased, in id order. */
  readonly groupsOfMember: Lookup<string>;
  readonly attachmentsByIdentityResourceId: ReadonlyMap<string, readonly IdentityAttachmentRecord[]>;
  readonly credentialsByOwner: ReadonlyMap<string, readonly CredentialRecord[]>;
  readonly federatedCredentialsByOwner: ReadonlyMap<string, readonly FederatedCredentialRecord[]>;
  /** App-registration FICs by exact subject: the MI-as-FIC subject is case-sensitive (api-facts §2). */
  readonly appFederatedCredentialsBySubject: ReadonlyMap<string, readonly FederatedCredentialRecord[]>;
  /** Lazily computed, shared structures (group closure, privilege model, controllers). */
  readonly cache: Map<string, unknown>;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byId<T extends { readonly id: string }>(list: T[]): void {
  list.sort((a, b) => compareText(a.id, b.id));
}

function append<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/**
 * Builds the index record by record, so a loader can stream a 100k tenant's tables into it without
 * first holding every row in arrays (1M membership records alone cost hundreds of MB). Records may
 * arrive in any order; a later record with the same id replaces an earlier one in the unique maps.
 */
export class SnapshotIndexBuilder {
  private readonly servicePrincipals: ServicePrincipalRecord[] = [];
  private readonly applications: ApplicationRecord[] = [];
  private readonly users: UserRecord[] = [];
  private readonly servicePrincipalById = new Map<string, ServicePrincipalRecord>();
  private readonly servicePrincipalByAppId = new Map<string, ServicePrincipalRecord>();
  private readonly applicationById = new Map<string, ApplicationRecord>();
  private readonly applicationByAppId = new Map<string, ApplicationRecord>();
  private readonly userById = new Map<string, UserRecord>();
  private readonly groupById = new Map<string, GroupRecord>();
  private readonly resourceById = new Map<string, ResourceRecord>();
  private readonly resourcesByName = new Map<string, ResourceRecord[]>();
  private readonly subscriptionById = new Map<string, SubscriptionRecord>();
  private readonly managementGroupById = new Map<string, ManagementGroupRecord>();
  private readonly roleDefinitionById = new Map<string, RoleDefinitionRecord>();
  private readonly roleAssignments = new RoleAssignmentTable();
  private readonly directoryRoleDefinitionById = new Map<string, DirectoryRoleDefinitionRecord>();
  private readonly directoryRoleAssignmentsByPrincipal = new Map<string, DirectoryRoleAssignmentRecord[]>();
  private readonly appRoleAssignmentsByPrincipal = new Map<string, AppRoleAssignmentRecord[]>();
  private readonly memberships = new MembershipTable();
  private readonly attachmentsByIdentityResourceId = new Map<string, IdentityAttachmentRecord[]>();
  private readonly credentialsByOwner = new Map<string, CredentialRecord[]>();
  private readonly federatedCredentialsByOwner = new Map<string, FederatedCredentialRecord[]>();
  private readonly appFederatedCredentialsBySubject = new Map<string, FederatedCredentialRecord[]>();

  constructor(private readonly header: SnapshotHeader) {}

  servicePrincipal(sp: ServicePrincipalRecord): void {
    this.servicePrincipals.push(sp);
    this.servicePrincipalById.set(lc(sp.id), sp);
    this.servicePrincipalByAppId.set(lc(sp.appId), sp);
  }

  managementGroup(mg: ManagementGroupRecord): void {
    this.managementGroupById.set(lc(mg.id), mg);
  }

  subscription(subscription: SubscriptionRecord): void {
    this.subscriptionById.set(lc(subscription.id), subscription);
  }

  resource(resource: ResourceRecord): void {
    this.resourceById.set(lc(resource.id), resource);
    append(this.resourcesByName, lc(resource.name), resource);
  }

  identityAttachment(attachment: IdentityAttachmentRecord): void {
    append(this.attachmentsByIdentityResourceId, lc(attachment.identityResourceId), attachment);
  }

  roleDefinition(definition: RoleDefinitionRecord): void {
    this.roleDefinitionById.set(lc(definition.id), definition);
  }

  roleAssignment(assignment: RoleAssignmentRecord): void {
    this.roleAssignments.add(assignment, lc);
  }

  application(application: ApplicationRecord): void {
    this.applications.push(application);
    this.applicationById.set(lc(application.id), application);
    this.applicationByAppId.set(lc(application.appId), application);
  }

  credential(credential: CredentialRecord): void {
    append(this.credentialsByOwner, lc(credential.ownerId), credential);
  }

  federatedCredential(fic: FederatedCredentialRecord): void {
    append(this.federatedCredentialsByOwner, lc(fic.ownerId), fic);
    if (fic.ownerType === "Application") append(this.appFederatedCredentialsBySubject, fic.subject, fic);
  }

  appRoleAssignment(assignment: AppRoleAssignmentRecord): void {
    append(this.appRoleAssignmentsByPrincipal, lc(assignment.principalId), assignment);
  }

  directoryRoleDefinition(definition: DirectoryRoleDefinitionRecord): void {
    this.directoryRoleDefinitionById.set(lc(definition.id), definition);
  }

  directoryRoleAssignment(assignment: DirectoryRoleAssignmentRecord): void {
    append(this.directoryRoleAssignmentsByPrincipal, lc(assignment.principalId), assignment);
  }

  group(group: GroupRecord): void {
    this.groupById.set(lc(group.id), group);
  }

  /** A direct membership edge; no record is kept, only two numbers. */
  groupMembership(groupId: string, memberId: string): void {
    this.memberships.add(lc(groupId), lc(memberId));
  }

  user(user: UserRecord): void {
    this.users.push(user);
    this.userById.set(lc(user.id), user);
  }

  /**
   * Lists are put in a fixed order (id order; role assignments by GUID), so what rules report (evidence order, the first of equals) does not
   * depend on the order the database returned rows in, which changes as rows are updated.
   */
  build(): SnapshotIndex {
    byId(this.servicePrincipals);
    byId(this.applications);
    byId(this.users);
    for (const list of this.resourcesByName.values()) byId(list);
    for (const list of this.directoryRoleAssignmentsByPrincipal.values()) byId(list);
    for (const list of this.appRoleAssignmentsByPrincipal.values()) byId(list);
    for (const list of this.attachmentsByIdentityResourceId.values())
      list.sort((a, b) => compareText(a.resourceId, b.resourceId));
    for (const list of this.credentialsByOwner.values())
      list.sort((a, b) => compareText(a.keyId, b.keyId) || compareText(a.ownerType, b.ownerType));
    for (const list of this.federatedCredentialsByOwner.values()) byId(list);
    for (const list of this.appFederatedCredentialsBySubject.values()) byId(list);
    const { byPrincipal, byScope } = this.roleAssignments.build(lc);
    return {
      snapshot: {
        ...this.header,
        servicePrincipals: this.servicePrincipals,
        applications: this.applications,
        users: this.users,
      },
      servicePrincipalById: this.servicePrincipalById,
      servicePrincipalByAppId: this.servicePrincipalByAppId,
      managedIdentities: this.servicePrincipals.filter((sp) => sp.miKind !== null),
      applicationById: this.applicationById,
      applicationByAppId: this.applicationByAppId,
      userById: this.userById,
      groupById: this.groupById,
      resourceById: this.resourceById,
      resourcesByName: this.resourcesByName,
      subscriptionById: this.subscriptionById,
      managementGroupById: this.managementGroupById,
      roleDefinitionById: this.roleDefinitionById,
      roleAssignmentsByPrincipal: byPrincipal,
      roleAssignmentsByScope: byScope,
      directoryRoleDefinitionById: this.directoryRoleDefinitionById,
      directoryRoleAssignmentsByPrincipal: this.directoryRoleAssignmentsByPrincipal,
      appRoleAssignmentsByPrincipal: this.appRoleAssignmentsByPrincipal,
      groupsOfMember: this.memberships.build(),
      attachmentsByIdentityResourceId: this.attachmentsByIdentityResourceId,
      credentialsByOwner: this.credentialsByOwner,
      federatedCredentialsByOwner: this.federatedCredentialsByOwner,
      appFederatedCredentialsBySubject: this.appFederatedCredentialsBySubject,
      cache: new Map(),
    };
  }
}

/** The index of a snapshot held in memory (tests, small tenants). */
export function indexSnapshot(snapshot: Snapshot): SnapshotIndex {
  const { tenantId, cloud, authorityHost, now, signInActivityAvailable } = snapshot;
  const builder = new SnapshotIndexBuilder({
    tenantId,
    cloud,
    ...(authorityHost === undefined ? {} : { authorityHost }),
    now,
    signInActivityAvailable,
  });
  snapshot.servicePrincipals.forEach((r) => builder.servicePrincipal(r));
  snapshot.managementGroups.forEach((r) => builder.managementGroup(r));
  snapshot.subscriptions.forEach((r) => builder.subscription(r));
  snapshot.resources.forEach((r) => builder.resource(r));
  snapshot.identityAttachments.forEach((r) => builder.identityAttachment(r));
  snapshot.roleDefinitions.forEach((r) => builder.roleDefinition(r));
  snapshot.roleAssignments.forEach((r) => builder.roleAssignment(r));
  snapshot.applications.forEach((r) => builder.application(r));
  snapshot.credentials.forEach((r) => builder.credential(r));
  snapshot.federatedCredentials.forEach((r) => builder.federatedCredential(r));
  snapshot.appRoleAssignments.forEach((r) => builder.appRoleAssignment(r));
  snapshot.directoryRoleDefinitions.forEach((r) => builder.directoryRoleDefinition(r));
  snapshot.directoryRoleAssignments.forEach((r) => builder.directoryRoleAssignment(r));
  snapshot.groups.forEach((r) => builder.group(r));
  snapshot.groupMemberships.forEach((m) => builder.groupMembership(m.groupId, m.memberId));
  snapshot.users.forEach((r) => builder.user(r));
  return builder.build();
}

/** Memoizes one shared structure per index under a fixed name. */
export function cached<T>(index: SnapshotIndex, name: string, build: () => T): T {
  if (index.cache.has(name)) return index.cache.get(name) as T;
  const value = build();
  index.cache.set(name, value);
  return value;
}
