// The stored snapshot the rules run over: plain read-only records mirroring the Prisma models they need.
// A loader can fill the arrays page by page; nothing here assumes an order.
import type { Severity } from "./severity";

export type Cloud = "public" | "usgov" | "china" | "custom";
export type ScopeLevel = "root" | "managementGroup" | "subscription" | "resourceGroup" | "resource";
export type ManagedIdentityKind = "SystemAssigned" | "UserAssigned";
export type SubjectKind = ManagedIdentityKind | "Application" | "User";

export interface ServicePrincipalRecord {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  /** ManagedIdentity | Application | Legacy | … (an open string in Graph). */
  readonly servicePrincipalType: string;
  readonly accountEnabled: boolean;
  readonly appOwnerOrganizationId: string | null;
  readonly signInAudience: string | null;
  /** Values of the app roles this principal defines (non-empty means other clients call it as an API). */
  readonly appRoleValues: readonly string[];
  readonly miKind: ManagedIdentityKind | null;
  /** Lower-cased ARM id: the user-assigned identity itself, or a system-assigned identity's host. */
  readonly miResourceId: string | null;
  readonly subscriptionId: string | null;
  readonly resourceGroup: string | null;
  readonly resourceType: string | null;
  readonly lastSignInAt: Date | null;
  readonly firstSeenAt: Date | null;
}

export interface ManagementGroupRecord {
  /** Lower-cased ARM id: /providers/microsoft.management/managementgroups/<name>. */
  readonly id: string;
  readonly name: string;
  readonly displayName: string | null;
  readonly parentId: string | null;
}

export interface SubscriptionRecord {
  readonly id: string;
  readonly displayName: string | null;
  readonly managementGroupId: string | null;
  /** When every resource of the subscription was last enumerated; null means "not known completely". */
  readonly resourcesEnumeratedAt: Date | null;
}

export interface ResourceRecord {
  /** Lower-cased ARM id. */
  readonly id: string;
  readonly armId: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** Lower-cased provider/type, e.g. microsoft.compute/virtualmachines. */
  readonly type: string;
  readonly name: string;
  readonly identityType: string | null;
  readonly principalId: string | null;
  readonly clientId: string | null;
}

export interface IdentityAttachmentRecord {
  readonly resourceId: string;
  readonly identityResourceId: string;
  readonly principalId: string | null;
  readonly clientId: string | null;
  readonly subscriptionId: string;
}

export interface AzurePermission {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly dataActions?: readonly string[];
  readonly notDataActions?: readonly string[];
}

export interface RoleDefinitionRecord {
  /** The GUID (`name`). */
  readonly id: string;
  readonly roleName: string;
  readonly roleType: "BuiltInRole" | "CustomRole" | string;
  readonly permissions: readonly AzurePermission[];
}

export interface RoleAssignmentRecord {
  /** Lower-cased ARM id of the assignment. */
  readonly id: string;
  /** Lower-cased scope: "/", a management group, subscription, resource group or resource id. */
  readonly scope: string;
  readonly scopeLevel: ScopeLevel;
  readonly subscriptionId: string | null;
  readonly roleDefinitionId: string;
  readonly principalId: string;
  readonly principalType: string;
  readonly condition: string | null;
}

export interface ApplicationRecord {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly signInAudience: string | null;
}

export interface CredentialRecord {
  readonly ownerId: string;
  readonly ownerType: "Application" | "ServicePrincipal";
  readonly keyId: string;
  readonly kind: "password" | "certificate";
  readonly displayName: string | null;
  readonly type: string | null;
  readonly usage: string | null;
  readonly startDateTime: Date | null;
  readonly endDateTime: Date | null;
  /** The certificate Azure keeps on a managed identity; never a finding. */
  readonly isPlatformManaged: boolean;
}

export interface FederatedCredentialRecord {
  readonly id: string;
  readonly ownerType: "Application" | "UserAssignedIdentity";
  /** Application object id, or the lower-cased ARM id of the user-assigned identity. */
  readonly ownerId: string;
  readonly name: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audiences: readonly string[];
}

export interface AppRoleAssignmentRecord {
  readonly id: string;
  readonly principalId: string;
  readonly principalType: string;
  readonly resourceId: string;
  readonly resourceAppId: string | null;
  readonly resourceDisplayName: string | null;
  readonly appRoleId: string;
  readonly appRoleValue: string | null;
}

export interface DirectoryRoleDefinitionRecord {
  readonly id: string;
  readonly templateId: string | null;
  readonly displayName: string;
  readonly isBuiltIn: boolean;
}

export interface DirectoryRoleAssignmentRecord {
  readonly id: string;
  readonly principalId: string;
  readonly roleDefinitionId: string;
  readonly directoryScopeId: string;
}

export interface GroupRecord {
  readonly id: string;
  readonly displayName: string;
  readonly isAssignableToRole: boolean;
}

export interface GroupMembershipRecord {
  readonly groupId: string;
  readonly memberId: string;
  readonly memberType: string;
}

export interface UserRecord {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly displayName: string | null;
  readonly accountEnabled: boolean;
  readonly userType: string | null;
  readonly lastSignInAt: Date | null;
  readonly lastNonInteractiveSignInAt: Date | null;
}

export interface Snapshot {
  readonly tenantId: string;
  readonly cloud: Cloud;
  /** Authority host for a custom cloud (e.g. the emulator), without a trailing slash. */
  readonly authorityHost?: string;
  /** The evaluation instant; rules never read the clock. */
  readonly now: Date;
  /** Whether the tenant reports sign-in activity (beta report, AuditLog.Read.All). */
  readonly signInActivityAvailable: boolean;
  readonly servicePrincipals: readonly ServicePrincipalRecord[];
  readonly managementGroups: readonly ManagementGroupRecord[];
  readonly subscriptions: readonly SubscriptionRecord[];
  readonly resources: readonly ResourceRecord[];
  readonly identityAttachments: readonly IdentityAttachmentRecord[];
  readonly roleDefinitions: readonly RoleDefinitionRecord[];
  readonly roleAssignments: readonly RoleAssignmentRecord[];
  readonly applications: readonly ApplicationRecord[];
  readonly credentials: readonly CredentialRecord[];
  readonly federatedCredentials: readonly FederatedCredentialRecord[];
  readonly appRoleAssignments: readonly AppRoleAssignmentRecord[];
  readonly directoryRoleDefinitions: readonly DirectoryRoleDefinitionRecord[];
  readonly directoryRoleAssignments: readonly DirectoryRoleAssignmentRecord[];
  readonly groups: readonly GroupRecord[];
  readonly groupMemberships: readonly GroupMembershipRecord[];
  readonly users: readonly UserRecord[];
}

export type { Severity };
