// The emulated tenant: compact records plus the indexes the Graph and ARM handlers need, and the
// change log that delta queries replay. Records hold only what differs between objects; the Graph
// and ARM handlers build Microsoft's JSON shapes from them on demand.

export type MiKind = "SystemAssigned" | "UserAssigned";

export interface PasswordCredential {
  keyId: string;
  displayName: string | null;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  /** Kept so the authority can check client secrets; Graph only ever shows the hint. */
  secretText: string;
}

export interface KeyCredential {
  keyId: string;
  displayName: string;
  start: number;
  end: number;
  type: "AsymmetricX509Cert";
  usage: "Verify";
  /** Base64 thumbprint (customKeyIdentifier). */
  thumbprint: string;
  /** PEM public certificate when the authority must accept assertions signed by it. */
  pem?: string;
}

export interface AppRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: ("Application" | "User")[];
}

export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: "Application" | "ManagedIdentity" | "Legacy";
  /** Managed identities only: which kind, and the ARM id of the UAMI or host resource. */
  miKind?: MiKind;
  armId?: string;
  accountEnabled: boolean;
  appOwnerOrganizationId: string | null;
  appRoles?: AppRole[];
  tags: string[];
  passwordCredentials: PasswordCredential[];
  keyCredentials: KeyCredential[];
  signInAudience: string | null;
  /** Epoch ms of the last sign-in as a client (null: never; undefined: report has no row). */
  lastSignIn?: number | null;
  /** Change sequence number of the last change, for delta. */
  version: number;
  deleted?: boolean;
}

export interface FederatedCredential {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description: string | null;
}

export interface Application {
  id: string;
  appId: string;
  displayName: string;
  createdDateTime: number;
  signInAudience: string;
  passwordCredentials: PasswordCredential[];
  keyCredentials: KeyCredential[];
  federatedIdentityCredentials: FederatedCredential[];
  appRoles: AppRole[];
  redirectUris: string[];
  /** Object ids of the users who own the registration (and its service principal). */
  owners: string[];
  version: number;
}

export interface User {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mail: string | null;
  accountEnabled: boolean;
  userType: "Member" | "Guest";
  jobTitle: string | null;
  createdDateTime: number;
  lastInteractiveSignIn: number | null;
  lastNonInteractiveSignIn: number | null;
}

export interface Group {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
  isAssignableToRole: boolean;
  securityEnabled: boolean;
  mailEnabled: boolean;
  createdDateTime: number;
  /** Direct member object ids (users, service principals, groups). */
  members: string[];
  version: number;
  deleted?: boolean;
}

export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: "ServicePrincipal" | "User" | "Group";
  /** Object id of the resource service principal. */
  resourceId: string;
  created: number;
}

export interface DirectoryRoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
}

export interface ManagementGroup {
  /** The group's name (the root's name is the tenant id). */
  name: string;
  displayName: string;
  parent: string | null;
}

export interface Subscription {
  subscriptionId: string;
  displayName: string;
  managementGroup: string;
  state: "Enabled" | "Disabled" | "Warned";
}

export interface ResourceGroup {
  subscriptionId: string;
  name: string;
  location: string;
  /** `/subscriptions/<s>/resourceGroups/<name>` */
  id: string;
}

export interface Resource {
  /** ARM id as ARM returns it. */
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  type: string;
  kind?: string;
  name: string;
  location: string;
  /** Object id of the system-assigned identity, if enabled. */
  systemPrincipalId?: string;
  /** ARM ids of attached user-assigned identities. */
  userAssigned: string[];
  /** How this resource type spells the combined identity type. */
  combinedType: string;
  /** User-assigned identities only. */
  uami?: { principalId: string; clientId: string; federatedCredentials: FederatedCredential[] };
  tags: Record<string, string>;
}

export interface RoleDefinition {
  /** GUID. */
  name: string;
  roleName: string;
  type: "BuiltInRole" | "CustomRole";
  description: string;
  assignableScopes: string[];
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface RoleAssignment {
  /** GUID. */
  name: string;
  scope: string;
  roleDefinitionName: string;
  principalId: string;
  principalType: "User" | "Group" | "ServicePrincipal";
  created: number;
  description: string | null;
}

export interface Tombstone {
  id: string;
  seq: number;
  reason: "deleted" | "changed";
}

/**
 * One row of Resource Graph's `resourcechanges` table: a create, update or delete of a resource, as
 * Azure records it (Microsoft.Resources/changes) for 14 days.
 */
export interface ResourceChange {
  /** Unique within the resource only, as in Azure. */
  changeId: string;
  /** ARM id of the resource as ARM returns it. */
  targetResourceId: string;
  targetResourceType: string;
  subscriptionId: string;
  resourceGroup: string;
  changeType: "Create" | "Update" | "Delete";
  /** Epoch ms, wall-clock time of the write. */
  timestamp: number;
  /** Changed properties (Update only; empty for Create and Delete, whose changesCount is 0). */
  changes: Record<string, { previousValue: unknown; newValue: unknown }>;
}

export interface MembershipChange {
  seq: number;
  groupId: string;
  memberId: string;
  removed: boolean;
}

export interface TenantInfo {
  tenantId: string;
  domain: string;
  displayName: string;
  /** Reference "now" (epoch ms, midnight UTC) all generated dates are relative to. */
  now: number;
  seed: number;
  size: "demo" | number;
}

export const lower = (s: string) => s.toLowerCase();

export class Tenant {
  readonly info: TenantInfo;
  seq = 1;

  readonly servicePrincipals: ServicePrincipal[] = [];
  readonly spById = new Map<string, ServicePrincipal>();
  readonly spByAppId = new Map<string, ServicePrincipal>();
  readonly spTombstones: Tombstone[] = [];

  readonly applications: Application[] = [];
  readonly appById = new Map<string, Application>();
  readonly appByAppId = new Map<string, Application>();

  readonly users: User[] = [];
  readonly userById = new Map<string, User>();

  readonly groups: Group[] = [];
  readonly groupById = new Map<string, Group>();
  readonly groupTombstones: Tombstone[] = [];
  readonly memberOf = new Map<string, string[]>();
  readonly membershipLog: MembershipChange[] = [];

  readonly appRoleAssignmentsByPrincipal = new Map<string, AppRoleAssignment[]>();
  readonly appRoleAssignmentsByResource = new Map<string, AppRoleAssignment[]>();

  readonly directoryRoleAssignments: DirectoryRoleAssignment[] = [];

  readonly managementGroups: ManagementGroup[] = [];
  readonly managementGroupByName = new Map<string, ManagementGroup>();
  readonly subscriptions: Subscription[] = [];
  readonly subscriptionById = new Map<string, Subscription>();
  readonly resourceGroups: ResourceGroup[] = [];
  readonly resourceGroupById = new Map<string, ResourceGroup>();
  /** Keyed by lower-cased ARM id. */
  readonly resources = new Map<string, Resource>();
  readonly resourcesBySubscription = new Map<string, Resource[]>();

  readonly roleDefinitions: RoleDefinition[] = [];
  readonly roleDefinitionByName = new Map<string, RoleDefinition>();
  /** Role assignments inside a subscription (any scope under it), by subscription id. */
  readonly roleAssignmentsBySubscription = new Map<string, RoleAssignment[]>();
  /** Role assignments at `/` or management-group scopes. */
  readonly tenantLevelRoleAssignments: RoleAssignment[] = [];
  readonly roleAssignmentsByPrincipal = new Map<string, RoleAssignment[]>();
  readonly roleAssignmentByName = new Map<string, RoleAssignment>();
  /** Creates, updates and deletes of resources since the tenant was generated (`resourcechanges`). */
  readonly resourceChanges: ResourceChange[] = [];
  /**
   * Moves when anything Resource Graph shows of a subscription changes (its resources, identity
   * blocks, role assignments): what is derived from one subscription is cached per version.
   * Tenant-level role assignments are under the key "".
   */
  readonly subscriptionVersion = new Map<string, number>();
  /** Moves when a user-assigned identity is deleted (identity blocks of any subscription may name it). */
  identityEpoch = 0;
  /**
   * Subscriptions (lower-case ids) Resource Graph does not show for now while ARM still answers for
   * them, as when its index lags or its access cache has a gap. Tests set it; nothing else does.
   */
  readonly resourceGraphLagging = new Set<string>();
  /**
   * Resource Graph tables (lower-case) this tenant's cloud does not offer, as a sovereign cloud may
   * lack `resourcechanges`: a query of one is refused with 400 InvalidQuery. Tests set it.
   */
  readonly resourceGraphTablesMissing = new Set<string>();

  /** Sign-in activity of the Graph SP's app id etc. lives on the SP; users keep theirs. */
  constructor(info: TenantInfo) {
    this.info = info;
  }

  get tenantId() {
    return this.info.tenantId;
  }

  get rootManagementGroup() {
    return this.info.tenantId;
  }

  nextSeq() {
    this.revision++;
    return ++this.seq;
  }

  /** Moves with every change of the model, delta-tracked or not: what is derived from a state (Resource Graph results) is cached per revision. */
  revision = 0;

  /**
   * When a change made now happens: after the reference day and after every earlier change, as
   * Azure stamps `createdOn`/`updatedOn` with the time of the write (clients may rely on a later
   * write never carrying an earlier time).
   */
  changeTime() {
    this.#lastChange = Math.max(this.info.now, this.#lastChange) + 1000;
    return this.#lastChange;
  }

  #lastChange = 0;

  /** Marks what Resource Graph derives from a subscription (or, for undefined, the tenant level) as changed. */
  touchSubscription(subscriptionId: string | undefined) {
    const key = subscriptionId ? lower(subscriptionId) : "";
    this.subscriptionVersion.set(key, (this.subscriptionVersion.get(key) ?? 0) + 1);
  }

  #lastResourceChange = 0;

  /**
   * Records a write to a resource in `resourcechanges`, stamped with the wall-clock time of the
   * write (Azure's `changeAttributes.timestamp`; writes in the same millisecond share it).
   */
  recordResourceChange(r: Resource, changeType: ResourceChange["changeType"], changes: ResourceChange["changes"] = {}) {
    this.#lastResourceChange = Math.max(Date.now(), this.#lastResourceChange);
    this.resourceChanges.push({
      changeId: `${String(this.#lastResourceChange).padStart(20, "0")}_${this.resourceChanges.length}`,
      targetResourceId: r.id,
      targetResourceType: lower(r.type),
      subscriptionId: lower(r.subscriptionId),
      resourceGroup: lower(r.resourceGroup),
      changeType,
      timestamp: this.#lastResourceChange,
      changes,
    });
  }

  /**
   * A resource changed in place (an identity attached or detached, a system-assigned identity
   * turned on or off): ARM records an update of it.
   */
  updateResource(r: Resource, changes: ResourceChange["changes"]) {
    this.revision++;
    this.touchSubscription(r.subscriptionId);
    this.recordResourceChange(r, "Update", changes);
  }

  // --- directory objects -------------------------------------------------------------------

  addServicePrincipal(sp: ServicePrincipal) {
    sp.version = this.nextSeq();
    this.servicePrincipals.push(sp);
    this.spById.set(sp.id, sp);
    this.spByAppId.set(sp.appId, sp);
    return sp;
  }

  touchServicePrincipal(sp: ServicePrincipal) {
    sp.version = this.nextSeq();
  }

  deleteServicePrincipal(id: string) {
    const sp = this.spById.get(id);
    if (!sp || sp.deleted) return false;
    sp.deleted = true;
    this.spById.delete(id);
    this.spByAppId.delete(sp.appId);
    this.spTombstones.push({ id, seq: this.nextSeq(), reason: "deleted" });
    for (const groupId of [...(this.memberOf.get(id) ?? [])]) this.removeMember(groupId, id);
    for (const a of [...(this.appRoleAssignmentsByPrincipal.get(id) ?? [])]) this.removeAppRoleAssignmentOf(a);
    for (const ra of [...(this.roleAssignmentsByPrincipal.get(id) ?? [])]) this.removeRoleAssignment(ra.name);
    for (let i = this.directoryRoleAssignments.length - 1; i >= 0; i--) {
      if (this.directoryRoleAssignments[i]?.principalId === id) this.directoryRoleAssignments.splice(i, 1);
    }
    return true;
  }

  addApplication(app: Application) {
    app.version = this.nextSeq();
    this.applications.push(app);
    this.appById.set(app.id, app);
    this.appByAppId.set(app.appId, app);
    return app;
  }

  addUser(user: User) {
    this.users.push(user);
    this.userById.set(user.id, user);
    return user;
  }

  addGroup(group: Group) {
    group.version = this.nextSeq();
    this.groups.push(group);
    this.groupById.set(group.id, group);
    for (const m of group.members) this.indexMember(group.id, m);
    return group;
  }

  private indexMember(groupId: string, memberId: string) {
    const list = this.memberOf.get(memberId);
    if (list) list.push(groupId);
    else this.memberOf.set(memberId, [groupId]);
  }

  /** Adds a direct member; returns false if it already was one. */
  addMember(groupId: string, memberId: string) {
    const group = this.groupById.get(groupId);
    if (!group || group.members.includes(memberId)) return false;
    group.members.push(memberId);
    this.indexMember(groupId, memberId);
    group.version = this.nextSeq();
    this.membershipLog.push({ seq: group.version, groupId, memberId, removed: false });
    return true;
  }

  removeMember(groupId: string, memberId: string) {
    const group = this.groupById.get(groupId);
    if (!group) return false;
    const at = group.members.indexOf(memberId);
    if (at < 0) return false;
    group.members.splice(at, 1);
    const list = this.memberOf.get(memberId);
    if (list) {
      const i = list.indexOf(groupId);
      if (i >= 0) list.splice(i, 1);
    }
    group.version = this.nextSeq();
    this.membershipLog.push({ seq: group.version, groupId, memberId, removed: true });
    return true;
  }

  /** Every group the object is in, directly or through nested groups (each once). */
  transitiveMemberOf(objectId: string): string[] {
    const seen = new Set<string>();
    const queue = [...(this.memberOf.get(objectId) ?? [])];
    while (queue.length > 0) {
      const g = queue.shift() as string;
      if (seen.has(g)) continue;
      seen.add(g);
      for (const parent of this.memberOf.get(g) ?? []) queue.push(parent);
    }
    return [...seen];
  }

  /** Every member of a group, through nested groups (each once; nested groups included). */
  transitiveMembers(groupId: string): string[] {
    const seen = new Set<string>();
    const queue = [...(this.groupById.get(groupId)?.members ?? [])];
    while (queue.length > 0) {
      const m = queue.shift() as string;
      if (seen.has(m)) continue;
      seen.add(m);
      const nested = this.groupById.get(m);
      if (nested) queue.push(...nested.members);
    }
    return [...seen];
  }

  addAppRoleAssignment(a: AppRoleAssignment) {
    const byP = this.appRoleAssignmentsByPrincipal.get(a.principalId);
    if (byP) byP.push(a);
    else this.appRoleAssignmentsByPrincipal.set(a.principalId, [a]);
    const byR = this.appRoleAssignmentsByResource.get(a.resourceId);
    if (byR) byR.push(a);
    else this.appRoleAssignmentsByResource.set(a.resourceId, [a]);
    return a;
  }

  /** Removes an app role assignment from both indexes. */
  removeAppRoleAssignmentOf(a: AppRoleAssignment) {
    const drop = (map: Map<string, AppRoleAssignment[]>, key: string) => {
      const list = map.get(key);
      if (!list) return;
      const i = list.indexOf(a);
      if (i >= 0) list.splice(i, 1);
    };
    drop(this.appRoleAssignmentsByPrincipal, a.principalId);
    drop(this.appRoleAssignmentsByResource, a.resourceId);
  }

  // --- ARM ---------------------------------------------------------------------------------

  addManagementGroup(mg: ManagementGroup) {
    this.managementGroups.push(mg);
    this.managementGroupByName.set(lower(mg.name), mg);
  }

  addSubscription(sub: Subscription) {
    this.subscriptions.push(sub);
    this.subscriptionById.set(lower(sub.subscriptionId), sub);
    this.resourcesBySubscription.set(lower(sub.subscriptionId), []);
    this.roleAssignmentsBySubscription.set(lower(sub.subscriptionId), []);
  }

  addResourceGroup(rg: ResourceGroup) {
    this.resourceGroups.push(rg);
    this.resourceGroupById.set(lower(rg.id), rg);
  }

  addResource(r: Resource) {
    this.revision++;
    this.touchSubscription(r.subscriptionId);
    this.resources.set(lower(r.id), r);
    this.resourcesBySubscription.get(lower(r.subscriptionId))?.push(r);
    this.recordResourceChange(r, "Create");
  }

  removeResource(id: string) {
    this.revision++;
    const r = this.resources.get(lower(id));
    if (!r) return undefined;
    this.touchSubscription(r.subscriptionId);
    // Identity blocks elsewhere show a deleted user-assigned identity's ids no more.
    if (r.uami) this.identityEpoch++;
    this.resources.delete(lower(id));
    this.recordResourceChange(r, "Delete");
    const list = this.resourcesBySubscription.get(lower(r.subscriptionId));
    if (list) {
      const i = list.indexOf(r);
      if (i >= 0) list.splice(i, 1);
    }
    // Assignments scoped to a deleted resource disappear with it, as in ARM.
    for (const ra of [...(this.roleAssignmentsBySubscription.get(lower(r.subscriptionId)) ?? [])]) {
      if (lower(ra.scope) === lower(r.id) || lower(ra.scope).startsWith(`${lower(r.id)}/`))
        this.removeRoleAssignment(ra.name);
    }
    return r;
  }

  addRoleDefinition(def: RoleDefinition) {
    this.roleDefinitions.push(def);
    this.roleDefinitionByName.set(lower(def.name), def);
  }

  addRoleAssignment(ra: RoleAssignment) {
    this.revision++;
    const sub = subscriptionOfScope(ra.scope);
    this.touchSubscription(sub);
    if (sub) {
      const list = this.roleAssignmentsBySubscription.get(lower(sub));
      if (!list) throw new Error(`role assignment in unknown subscription ${sub}`);
      list.push(ra);
    } else {
      this.tenantLevelRoleAssignments.push(ra);
    }
    const byP = this.roleAssignmentsByPrincipal.get(ra.principalId);
    if (byP) byP.push(ra);
    else this.roleAssignmentsByPrincipal.set(ra.principalId, [ra]);
    this.roleAssignmentByName.set(lower(ra.name), ra);
    return ra;
  }

  removeRoleAssignment(name: string) {
    this.revision++;
    const removed = this.roleAssignmentByName.get(lower(name));
    if (!removed) return undefined;
    this.roleAssignmentByName.delete(lower(name));
    const sub = subscriptionOfScope(removed.scope);
    this.touchSubscription(sub);
    const bucket = sub ? this.roleAssignmentsBySubscription.get(lower(sub)) : this.tenantLevelRoleAssignments;
    if (bucket) {
      const i = bucket.indexOf(removed);
      if (i >= 0) bucket.splice(i, 1);
    }
    const byP = this.roleAssignmentsByPrincipal.get(removed.principalId);
    if (byP) {
      const i = byP.indexOf(removed);
      if (i >= 0) byP.splice(i, 1);
    }
    return removed;
  }

  findRoleAssignment(name: string): RoleAssignment | undefined {
    return this.roleAssignmentByName.get(lower(name));
  }

  /** The management-group chain above a subscription, nearest first, ending at the root. */
  managementGroupChain(name: string): ManagementGroup[] {
    const chain: ManagementGroup[] = [];
    let at = this.managementGroupByName.get(lower(name));
    while (at) {
      chain.push(at);
      at = at.parent ? this.managementGroupByName.get(lower(at.parent)) : undefined;
    }
    return chain;
  }

  /** Scopes at and above `scope`, lower-cased, the scope itself first and `/` last. */
  scopeAncestry(scope: string): string[] {
    const s = lower(scope).replace(/\/+$/, "");
    const out: string[] = [];
    const mg = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)$/.exec(s);
    if (mg?.[1]) {
      for (const g of this.managementGroupChain(mg[1])) out.push(mgScope(g.name));
      out.push("/");
      return out;
    }
    if (s === "" || s === "/") return ["/"];
    const m = /^(\/subscriptions\/[^/]+)(\/resourcegroups\/[^/]+)?(\/providers\/[^/]+(?:\/[^/]+\/[^/]+)+)?$/.exec(s);
    if (!m?.[1]) return [s, "/"];
    if (m[2] && m[3]) {
      // Nested resources (…/sites/a/slots/b) have their parents as scopes too.
      const segments = m[3].split("/").slice(3);
      for (let n = segments.length; n >= 2; n -= 2)
        out.push(`${m[1]}${m[2]}/providers/${m[3].split("/")[2]}/${segments.slice(0, n).join("/")}`);
    }
    if (m[2]) out.push(`${m[1]}${m[2]}`);
    out.push(m[1]);
    const sub = this.subscriptionById.get(m[1].slice("/subscriptions/".length));
    if (sub) for (const g of this.managementGroupChain(sub.managementGroup)) out.push(mgScope(g.name));
    out.push("/");
    return [...new Set(out)];
  }
}

export function mgScope(name: string) {
  return `/providers/microsoft.management/managementgroups/${lower(name)}`;
}

export function subscriptionOfScope(scope: string): string | undefined {
  const m = /^\/subscriptions\/([^/]+)/i.exec(scope);
  return m?.[1];
}

export const DAY = 86_400_000;
