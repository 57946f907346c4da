// Managed identities as the JSON API and the pages see them (dates as ISO strings).
import type { ManagedIdentityKind } from "../rules/snapshot";
import type { PrivilegeLevelName } from "../url-state/identities";

export type { ManagedIdentityKind, PrivilegeLevelName };

/** privilegeLevel 0–4 (the highest severity among open findings) by name. */
export const PRIVILEGE_LEVEL_NAMES: readonly PrivilegeLevelName[] = ["none", "low", "medium", "high", "critical"];

export function privilegeLevelName(level: number): PrivilegeLevelName {
  return PRIVILEGE_LEVEL_NAMES[Math.max(0, Math.min(4, Math.trunc(level)))]!;
}

export interface IdentityListItem {
  id: string;
  appId: string;
  displayName: string;
  kind: ManagedIdentityKind;
  /** The user-assigned identity's ARM id, or the host resource's (as ARM spelled it). */
  resourceId: string | null;
  subscriptionId: string | null;
  subscriptionName: string | null;
  resourceGroup: string | null;
  resourceType: string | null;
  accountEnabled: boolean;
  isOrphaned: boolean;
  attachedResourceCount: number;
  azureRoleCount: number;
  directoryRoleCount: number;
  appRoleCount: number;
  groupCount: number;
  openFindingCount: number;
  privilege: PrivilegeLevelName;
  firstSeenAt: string;
  lastSignInAt: string | null;
}

export interface IdentityListPage {
  items: IdentityListItem[];
  nextCursor: string | null;
  prevCursor: string | null;
}

export interface IdentityFilterOptions {
  subscriptions: { id: string; name: string | null; count: number }[];
  resourceGroups: { name: string; count: number }[];
  resourceTypes: { type: string; count: number }[];
}

export type ScopeLevelName = "root" | "managementGroup" | "subscription" | "resourceGroup" | "resource";

/** An ARM resource as the detail page names it. */
export interface ResourceRef {
  /** As ARM spelled it when known, else the stored (lower-cased) id. */
  armId: string;
  name: string;
  type: string | null;
  subscriptionId: string | null;
  subscriptionName: string | null;
  resourceGroup: string | null;
  location: string | null;
  /** false: the identity names it, but the last sync did not find it. */
  exists: boolean;
  firstSeenAt: string | null;
}

export interface GroupRef {
  id: string;
  name: string;
}

export interface AzureRoleGrantView {
  assignmentId: string;
  roleDefinitionId: string;
  roleName: string;
  roleType: string;
  scope: string;
  scopeLevel: ScopeLevelName;
  /** Human name of the scope: subscription name, resource group, resource name, management group. */
  scopeLabel: string;
  condition: string | null;
  /** Held through this group rather than directly. */
  via: GroupRef | null;
  firstSeenAt: string | null;
}

export interface DirectoryRoleGrantView {
  assignmentId: string;
  roleName: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  via: GroupRef | null;
  firstSeenAt: string | null;
}

export interface AppPermissionView {
  assignmentId: string;
  resourceDisplayName: string;
  resourceAppId: string | null;
  permission: string;
  appRoleId: string;
  firstSeenAt: string | null;
}

export interface GroupMembershipView {
  group: GroupRef;
  /** 1 = direct member. */
  depth: number;
  /** From the identity's direct group to this one. */
  path: GroupRef[];
  isAssignableToRole: boolean;
  azureRoleCount: number;
  directoryRoleCount: number;
}

export interface FederatedCredentialView {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  firstSeenAt: string | null;
}

export interface TrustingAppView {
  applicationId: string | null;
  appId: string | null;
  displayName: string;
  credentialName: string;
  issuer: string;
  subject: string;
  audiences: string[];
  /** Issuer is this tenant's Entra and the audience the token exchange: the identity can act as the app. */
  effective: boolean;
}

export type ControlRouteName =
  "host-write" | "identity-assign" | "identity-federated-credential-write" | "attached-host-write";

export interface ControllerView {
  principalId: string;
  principalType: string;
  principalName: string;
  /** A user's sign-in name, under the display name. */
  principalUpn: string | null;
  roleName: string;
  scope: string;
  scopeLevel: ScopeLevelName;
  scopeLabel: string;
  route: ControlRouteName;
  action: string;
  target: ResourceRef;
}

export interface IdentityFindingView {
  id: string;
  ruleId: string;
  ruleTitle: string;
  title: string;
  severity: "critical" | "high" | "medium" | "low" | "info";
  status: "open" | "in_progress" | "resolved" | "risk_accepted" | "false_positive";
  firstSeenAt: string;
  dueDate: string | null;
}

export interface TimelineEntry {
  /** Stable within the page. */
  key: string;
  at: string;
  change: "added" | "removed" | "changed" | "firstSeen";
  entityType: string;
  /** One line: what happened, with names resolved. */
  text: string;
  /** From HistoryEvent, or derived from a row's firstSeenAt (the first sync's baseline). */
  source: "history" | "baseline";
}

export interface IdentityDetail {
  identity: IdentityListItem & { tenantId: string; lastSyncAt: string | null };
  /** Why the identity is or is not orphaned, in words. */
  orphanedReason: string;
  /** System-assigned: the resource that carries it. */
  host: ResourceRef | null;
  /** User-assigned: the identity's own ARM resource. */
  identityResource: ResourceRef | null;
  /** User-assigned: the resources it is attached to. */
  attachedResources: ResourceRef[];
  azureRoles: AzureRoleGrantView[];
  directoryRoles: DirectoryRoleGrantView[];
  appPermissions: AppPermissionView[];
  groups: GroupMembershipView[];
  federatedCredentials: FederatedCredentialView[];
  trustingApps: TrustingAppView[];
  controllers: ControllerView[];
  findings: IdentityFindingView[];
  timeline: TimelineEntry[];
  /** More events exist than the timeline shows. */
  timelineTruncated: boolean;
}
