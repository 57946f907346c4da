// Factories for snapshot records: every test builds its own data from these (CONVENTIONS §12).
// Defaults describe a clean, least-privilege world; a test overrides only what it is about.
import type {
  AppRoleAssignmentRecord,
  ApplicationRecord,
  CredentialRecord,
  DirectoryRoleAssignmentRecord,
  DirectoryRoleDefinitionRecord,
  FederatedCredentialRecord,
  GroupMembershipRecord,
  GroupRecord,
  IdentityAttachmentRecord,
  ManagementGroupRecord,
  ResourceRecord,
  RoleAssignmentRecord,
  RoleDefinitionRecord,
  ScopeLevel,
  ServicePrincipalRecord,
  Snapshot,
  SubscriptionRecord,
  UserRecord,
} from "../snapshot";
import { builtInRolePermissions } from "../privilege/built-in-role-permissions";
import { MICROSOFT_GRAPH_APP_ID } from "../well-known-ids";

export const TEST_TENANT_ID = "11111111-1111-4111-8111-111111111111";
export const TEST_SUBSCRIPTION_ID = "22222222-2222-4222-8222-222222222222";
export const TEST_NOW = new Date("2026-06-01T00:00:00.000Z");
const DAY = 86_400_000;

let sequence = 0;
/** A fresh lower-case GUID; unique within a test run. */
export function createId(): string {
  sequence += 1;
  const n = sequence.toString(16).padStart(12, "0");
  return `aaaaaaaa-0000-4000-8000-${n}`;
}

export function daysBefore(days: number, from: Date = TEST_NOW): Date {
  return new Date(from.getTime() - days * DAY);
}

export function daysAfter(days: number, from: Date = TEST_NOW): Date {
  return new Date(from.getTime() + days * DAY);
}

export function scopeLevelOf(scope: string): ScopeLevel {
  const s = scope.toLowerCase();
  if (s === "/") return "root";
  if (s.startsWith("/providers/microsoft.management/managementgroups/")) return "managementGroup";
  if (/^\/subscriptions\/[^/]+$/.test(s)) return "subscription";
  if (/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/.test(s)) return "resourceGroup";
  return "resource";
}

export function subscriptionScope(subscriptionId: string = TEST_SUBSCRIPTION_ID): string {
  return `/subscriptions/${subscriptionId}`;
}

export function resourceGroupScope(resourceGroup: string, subscriptionId: string = TEST_SUBSCRIPTION_ID): string {
  return `${subscriptionScope(subscriptionId)}/resourcegroups/${resourceGroup}`;
}

export function managementGroupScope(name: string): string {
  return `/providers/microsoft.management/managementgroups/${name}`;
}

export function resourceIdOf(
  type: string,
  name: string,
  options: { resourceGroup?: string; subscriptionId?: string } = {},
): string {
  return `${resourceGroupScope(options.resourceGroup ?? "rg-app", options.subscriptionId)}/providers/${type}/${name}`.toLowerCase();
}

export function createServicePrincipal(overrides: Partial<ServicePrincipalRecord> = {}): ServicePrincipalRecord {
  const id = overrides.id ?? createId();
  return {
    id,
    appId: createId(),
    displayName: `app-${id.slice(-6)}`,
    servicePrincipalType: "Application",
    accountEnabled: true,
    appOwnerOrganizationId: TEST_TENANT_ID,
    signInAudience: "AzureADMyOrg",
    appRoleValues: [],
    miKind: null,
    miResourceId: null,
    subscriptionId: null,
    resourceGroup: null,
    resourceType: null,
    lastSignInAt: daysBefore(1),
    firstSeenAt: daysBefore(400),
    ...overrides,
  };
}

/**
 * A managed identity. User-assigned by default; its miResourceId is the identity resource, or for a
 * system-assigned one the host (a web app unless `resourceType` says otherwise).
 */
export function createManagedIdentity(
  overrides: Partial<ServicePrincipalRecord> & { kind?: "SystemAssigned" | "UserAssigned" } = {},
): ServicePrincipalRecord {
  const { kind, ...rest } = overrides;
  const miKind = rest.miKind ?? kind ?? "UserAssigned";
  const id = rest.id ?? createId();
  const name = rest.displayName ?? `${miKind === "UserAssigned" ? "id" : "host"}-${id.slice(-6)}`;
  const subscriptionId = rest.subscriptionId ?? TEST_SUBSCRIPTION_ID;
  const resourceType =
    rest.resourceType ??
    (miKind === "UserAssigned" ? "microsoft.managedidentity/userassignedidentities" : "microsoft.web/sites");
  const resourceGroup = rest.resourceGroup ?? (miKind === "UserAssigned" ? "rg-identities" : "rg-app");
  return createServicePrincipal({
    id,
    displayName: name,
    servicePrincipalType: "ManagedIdentity",
    appOwnerOrganizationId: null,
    signInAudience: null,
    miKind,
    miResourceId: resourceIdOf(resourceType, name, { resourceGroup, subscriptionId }),
    subscriptionId,
    resourceGroup,
    resourceType,
    ...rest,
  });
}

export function createResource(overrides: Partial<ResourceRecord> = {}): ResourceRecord {
  const name = overrides.name ?? `res-${createId().slice(-6)}`;
  const type = overrides.type ?? "microsoft.web/sites";
  const subscriptionId = overrides.subscriptionId ?? TEST_SUBSCRIPTION_ID;
  const resourceGroup = overrides.resourceGroup ?? "rg-app";
  const id = overrides.id ?? resourceIdOf(type, name, { resourceGroup, subscriptionId });
  return {
    id: id.toLowerCase(),
    armId: id,
    subscriptionId,
    resourceGroup,
    type,
    name,
    identityType: null,
    principalId: null,
    clientId: null,
    ...overrides,
  };
}

/** The host resource a system-assigned identity lives on. */
export function createHostFor(
  identity: ServicePrincipalRecord,
  overrides: Partial<ResourceRecord> = {},
): ResourceRecord {
  if (!identity.miResourceId) throw new Error("not a managed identity");
  const segments = identity.miResourceId.split("/");
  return createResource({
    id: identity.miResourceId,
    name: segments[segments.length - 1] ?? identity.displayName,
    type: identity.resourceType ?? "microsoft.web/sites",
    subscriptionId: identity.subscriptionId ?? TEST_SUBSCRIPTION_ID,
    resourceGroup: identity.resourceGroup ?? "rg-app",
    identityType: "SystemAssigned",
    principalId: identity.id,
    ...overrides,
  });
}

/** The ARM resource of a user-assigned identity (Resource rows include them). */
export function createIdentityResourceFor(identity: ServicePrincipalRecord): ResourceRecord {
  return createHostFor(identity, { identityType: null, principalId: identity.id, clientId: identity.appId });
}

export function createAttachment(
  identity: ServicePrincipalRecord,
  resource: ResourceRecord,
  overrides: Partial<IdentityAttachmentRecord> = {},
): IdentityAttachmentRecord {
  return {
    resourceId: resource.id,
    identityResourceId: identity.miResourceId ?? "",
    principalId: identity.id,
    clientId: identity.appId,
    subscriptionId: resource.subscriptionId,
    ...overrides,
  };
}

export function createSubscription(overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    id: TEST_SUBSCRIPTION_ID,
    displayName: "Production",
    managementGroupId: null,
    resourcesEnumeratedAt: daysBefore(0),
    ...overrides,
  };
}

export function createManagementGroup(name: string, parentId: string | null = null): ManagementGroupRecord {
  return { id: managementGroupScope(name), name, displayName: name, parentId };
}

export function createRoleDefinition(overrides: Partial<RoleDefinitionRecord> = {}): RoleDefinitionRecord {
  return {
    id: createId(),
    roleName: "Custom reader",
    roleType: "CustomRole",
    permissions: [{ actions: ["*/read"], notActions: [] }],
    ...overrides,
  };
}

/** The synced definitions of the built-in roles the rules know (as a full sync would store them). */
export function builtInRoleDefinitions(): RoleDefinitionRecord[] {
  return [...builtInRolePermissions].map(([id, role]) => ({
    id,
    roleName: role.roleName,
    roleType: "BuiltInRole",
    permissions: role.permissions,
  }));
}

export function createRoleAssignment(
  overrides: Partial<RoleAssignmentRecord> & { principalId: string; roleDefinitionId: string },
): RoleAssignmentRecord {
  const scope = (overrides.scope ?? subscriptionScope()).toLowerCase();
  const match = /^\/subscriptions\/([^/]+)/.exec(scope);
  return {
    id: `${scope === "/" ? "" : scope}/providers/microsoft.authorization/roleassignments/${createId()}`,
    scope,
    scopeLevel: scopeLevelOf(scope),
    subscriptionId: match?.[1] ?? null,
    principalType: "ServicePrincipal",
    condition: null,
    ...overrides,
  };
}

export function createDirectoryRoleDefinition(
  overrides: Partial<DirectoryRoleDefinitionRecord> & { templateId: string; displayName: string },
): DirectoryRoleDefinitionRecord {
  return { id: overrides.templateId, isBuiltIn: true, ...overrides };
}

export function createDirectoryRoleAssignment(
  overrides: Partial<DirectoryRoleAssignmentRecord> & { principalId: string; roleDefinitionId: string },
): DirectoryRoleAssignmentRecord {
  return { id: `${createId()}-1`, directoryScopeId: "/", ...overrides };
}

export function createAppRoleAssignment(
  overrides: Partial<AppRoleAssignmentRecord> & { principalId: string; appRoleId: string },
): AppRoleAssignmentRecord {
  return {
    id: createId(),
    principalType: "ServicePrincipal",
    resourceId: createId(),
    resourceAppId: MICROSOFT_GRAPH_APP_ID,
    resourceDisplayName: "Microsoft Graph",
    appRoleValue: null,
    ...overrides,
  };
}

export function createGroup(overrides: Partial<GroupRecord> = {}): GroupRecord {
  const id = overrides.id ?? createId();
  return { id, displayName: `group-${id.slice(-6)}`, isAssignableToRole: false, ...overrides };
}

export function createGroupMembership(
  group: { id: string },
  member: { id: string },
  memberType = "ServicePrincipal",
): GroupMembershipRecord {
  return { groupId: group.id, memberId: member.id, memberType };
}

export function createUser(overrides: Partial<UserRecord> = {}): UserRecord {
  const id = overrides.id ?? createId();
  return {
    id,
    userPrincipalName: `person.${id.slice(-6)}@contoso.example`,
    displayName: `Person ${id.slice(-6)}`,
    accountEnabled: true,
    userType: "Member",
    lastSignInAt: daysBefore(2),
    lastNonInteractiveSignInAt: daysBefore(1),
    ...overrides,
  };
}

export function createApplication(overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  const id = overrides.id ?? createId();
  return { id, appId: createId(), displayName: `app-${id.slice(-6)}`, signInAudience: "AzureADMyOrg", ...overrides };
}

/** An app registration of this tenant with its service principal (same appId and name). */
export function createAppWithPrincipal(
  overrides: { application?: Partial<ApplicationRecord>; principal?: Partial<ServicePrincipalRecord> } = {},
): { application: ApplicationRecord; principal: ServicePrincipalRecord } {
  const application = createApplication(overrides.application);
  const principal = createServicePrincipal({
    appId: application.appId,
    displayName: application.displayName,
    signInAudience: application.signInAudience,
    ...overrides.principal,
  });
  return { application, principal };
}

/** A client secret valid from `start` for `lifetimeDays` (defaults: 10 days old, 180-day lifetime). */
export function createCredential(
  overrides: Partial<CredentialRecord> & { ownerId: string; lifetimeDays?: number },
): CredentialRecord {
  const { lifetimeDays, ...rest } = overrides;
  const startDateTime = rest.startDateTime ?? daysBefore(10);
  const endDateTime =
    rest.endDateTime ?? (startDateTime ? new Date(startDateTime.getTime() + (lifetimeDays ?? 180) * DAY) : null);
  return {
    ownerType: "Application",
    keyId: createId(),
    kind: "password",
    displayName: null,
    type: rest.kind === "certificate" ? "AsymmetricX509Cert" : "Symmetric",
    usage: "Verify",
    isPlatformManaged: false,
    ...rest,
    startDateTime,
    endDateTime,
  };
}

export function createFederatedCredential(
  overrides: Partial<FederatedCredentialRecord> & { ownerId: string },
): FederatedCredentialRecord {
  return {
    id: createId(),
    ownerType: "UserAssignedIdentity",
    name: "github-main",
    issuer: "https://token.actions.githubusercontent.com",
    subject: "repo:contoso/app:ref:refs/heads/main",
    audiences: ["api://AzureADTokenExchange"],
    ...overrides,
  };
}

export type SnapshotParts = Partial<Snapshot>;

/** A snapshot of the test tenant: one fully enumerated subscription, the built-in role definitions. */
export function createSnapshot(parts: SnapshotParts = {}): Snapshot {
  return {
    tenantId: TEST_TENANT_ID,
    cloud: "public",
    now: TEST_NOW,
    signInActivityAvailable: true,
    servicePrincipals: [],
    managementGroups: [],
    subscriptions: [createSubscription()],
    resources: [],
    identityAttachments: [],
    roleDefinitions: builtInRoleDefinitions(),
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
