// What the sync stores, described once: each collection's table, key, columns and how its
// changes appear on a timeline. The stage/apply engine (store.ts) works from these descriptions.

import type { ColumnType } from "./sql/connection";

export type { ColumnType };

export interface Column {
  name: string;
  type: ColumnType;
}

export interface HistorySpec {
  entityType: string;
  /** SQL over the row alias `r` naming the principal (or resource) whose timeline the event joins. */
  subject: string;
  /** SQL over `r` for the event's entity id. */
  entityId: string;
  summary: { added: string; removed: string; changed?: string };
  /** Columns copied into the event's details. */
  details: string[];
  /** Columns whose change is an event of its own ("changed"), with before and after. */
  tracked?: string[];
}

export interface Collection {
  name: string;
  table: string;
  /** Key columns besides tenantId. */
  key: string[];
  /** Every column the sync writes, key columns included (tenantId excluded). */
  columns: Column[];
  /** The table has `firstSeenAt`, set when a row first appears. */
  firstSeen: boolean;
  history?: HistorySpec;
}

const text = (name: string): Column => ({ name, type: "text" });
const bool = (name: string): Column => ({ name, type: "bool" });
const json = (name: string): Column => ({ name, type: "json" });
const date = (name: string): Column => ({ name, type: "datetime" });

// The SP a user-assigned identity's ARM id belongs to (attachments and ARM federated credentials
// name the identity by ARM id; the timeline is keyed by object id).
const spByMiResource = (column: string) =>
  `(SELECT sp."id" FROM "ServicePrincipal" sp WHERE sp."tenantId" = r."tenantId" AND sp."miResourceId" = r."${column}")`;

export const collections = {
  servicePrincipals: {
    name: "servicePrincipals",
    table: "ServicePrincipal",
    key: ["id"],
    columns: [
      text("id"),
      text("appId"),
      text("displayName"),
      text("servicePrincipalType"),
      bool("accountEnabled"),
      text("appOwnerOrganizationId"),
      text("signInAudience"),
      json("alternativeNames"),
      json("servicePrincipalNames"),
      json("tags"),
      json("appRoles"),
      { name: "miKind", type: { enum: "ManagedIdentityKind" } },
      text("miResourceId"),
      text("miResourceArmId"),
      text("subscriptionId"),
      text("resourceGroup"),
      text("resourceType"),
    ],
    firstSeen: true,
    history: {
      entityType: "identity",
      subject: `r."id"`,
      entityId: `r."id"`,
      summary: { added: "appeared", removed: "disappeared", changed: "changed" },
      details: ["displayName", "servicePrincipalType", "miKind", "miResourceArmId"],
      tracked: ["displayName", "accountEnabled", "miResourceId"],
    },
  },
  applications: {
    name: "applications",
    table: "Application",
    key: ["id"],
    columns: [
      text("id"),
      text("appId"),
      text("displayName"),
      text("signInAudience"),
      text("publisherDomain"),
      date("createdDateTime"),
    ],
    firstSeen: false,
  },
  credentials: {
    name: "credentials",
    table: "Credential",
    key: ["ownerId", "keyId"],
    columns: [
      text("ownerId"),
      text("ownerType"),
      text("keyId"),
      { name: "kind", type: { enum: "CredentialKind" } },
      text("displayName"),
      text("type"),
      text("usage"),
      text("hint"),
      text("customKeyIdentifier"),
      date("startDateTime"),
      date("endDateTime"),
      bool("isPlatformManaged"),
    ],
    firstSeen: true,
    history: {
      entityType: "credential",
      subject: `r."ownerId"`,
      entityId: `r."keyId"`,
      summary: { added: "credential added", removed: "credential removed" },
      details: ["ownerType", "kind", "displayName", "endDateTime"],
    },
  },
  federatedCredentials: {
    name: "federatedCredentials",
    table: "FederatedCredential",
    key: ["id"],
    columns: [
      text("id"),
      text("ownerType"),
      text("ownerId"),
      text("name"),
      text("issuer"),
      text("subject"),
      json("audiences"),
      text("description"),
    ],
    firstSeen: true,
    history: {
      entityType: "federatedCredential",
      subject: `COALESCE(${spByMiResource("ownerId")}, r."ownerId")`,
      entityId: `r."id"`,
      summary: { added: "federated credential added", removed: "federated credential removed" },
      details: ["ownerType", "ownerId", "name", "issuer", "subject"],
    },
  },
  appRoleAssignments: {
    name: "appRoleAssignments",
    table: "AppRoleAssignment",
    key: ["id"],
    columns: [
      text("id"),
      text("principalId"),
      text("principalType"),
      text("principalDisplayName"),
      text("resourceId"),
      text("resourceAppId"),
      text("resourceDisplayName"),
      text("appRoleId"),
      text("appRoleValue"),
      date("createdDateTime"),
    ],
    firstSeen: true,
    history: {
      entityType: "appRoleAssignment",
      subject: `r."principalId"`,
      entityId: `r."id"`,
      summary: { added: "app permission granted", removed: "app permission removed" },
      details: ["resourceDisplayName", "resourceAppId", "appRoleId", "appRoleValue"],
    },
  },
  directoryRoleDefinitions: {
    name: "directoryRoleDefinitions",
    table: "DirectoryRoleDefinition",
    key: ["id"],
    columns: [
      text("id"),
      text("templateId"),
      text("displayName"),
      text("description"),
      bool("isBuiltIn"),
      bool("isEnabled"),
      json("rolePermissions"),
    ],
    firstSeen: false,
  },
  directoryRoleAssignments: {
    name: "directoryRoleAssignments",
    table: "DirectoryRoleAssignment",
    key: ["id"],
    columns: [
      text("id"),
      text("principalId"),
      text("roleDefinitionId"),
      text("directoryScopeId"),
      text("appScopeId"),
      text("condition"),
    ],
    firstSeen: true,
    history: {
      entityType: "directoryRoleAssignment",
      subject: `r."principalId"`,
      entityId: `r."id"`,
      summary: { added: "directory role assigned", removed: "directory role removed" },
      details: ["roleDefinitionId", "directoryScopeId"],
    },
  },
  groups: {
    name: "groups",
    table: "Group",
    key: ["id"],
    columns: [
      text("id"),
      text("displayName"),
      text("description"),
      bool("securityEnabled"),
      bool("mailEnabled"),
      bool("isAssignableToRole"),
      json("groupTypes"),
    ],
    firstSeen: false,
  },
  groupMemberships: {
    name: "groupMemberships",
    table: "GroupMembership",
    key: ["groupId", "memberId"],
    columns: [text("groupId"), text("memberId"), text("memberType")],
    firstSeen: true,
    history: {
      entityType: "groupMembership",
      subject: `r."memberId"`,
      entityId: `r."groupId"`,
      summary: { added: "joined group", removed: "left group" },
      details: ["groupId", "memberType"],
    },
  },
  users: {
    name: "users",
    table: "User",
    key: ["id"],
    columns: [
      text("id"),
      text("userPrincipalName"),
      text("displayName"),
      text("mail"),
      bool("accountEnabled"),
      text("userType"),
      date("lastSignInAt"),
      date("lastNonInteractiveSignInAt"),
    ],
    firstSeen: false,
  },
  managementGroups: {
    name: "managementGroups",
    table: "ManagementGroup",
    key: ["id"],
    columns: [text("id"), text("name"), text("displayName"), text("parentId")],
    firstSeen: false,
  },
  subscriptions: {
    name: "subscriptions",
    table: "Subscription",
    key: ["id"],
    columns: [text("id"), text("displayName"), text("state"), text("managementGroupId"), date("resourcesEnumeratedAt")],
    firstSeen: false,
  },
  resources: {
    name: "resources",
    table: "Resource",
    key: ["id"],
    columns: [
      text("id"),
      text("armId"),
      text("subscriptionId"),
      text("resourceGroup"),
      text("type"),
      text("name"),
      text("location"),
      text("identityType"),
      text("principalId"),
      text("clientId"),
      json("tags"),
    ],
    firstSeen: true,
    history: {
      entityType: "resource",
      subject: `COALESCE(r."principalId", r."id")`,
      entityId: `r."id"`,
      summary: { added: "resource appeared", removed: "resource disappeared", changed: "identity settings changed" },
      details: ["armId", "type", "identityType"],
      tracked: ["identityType", "principalId"],
    },
  },
  identityAttachments: {
    name: "identityAttachments",
    table: "IdentityAttachment",
    key: ["resourceId", "identityResourceId"],
    columns: [
      text("resourceId"),
      text("identityResourceId"),
      text("principalId"),
      text("clientId"),
      text("subscriptionId"),
    ],
    firstSeen: true,
    history: {
      entityType: "attachment",
      subject: `COALESCE(r."principalId", ${spByMiResource("identityResourceId")}, r."identityResourceId")`,
      entityId: `r."resourceId"`,
      summary: { added: "attached to a resource", removed: "detached from a resource" },
      details: ["resourceId", "identityResourceId"],
    },
  },
  roleDefinitions: {
    name: "roleDefinitions",
    table: "RoleDefinition",
    key: ["id"],
    columns: [
      text("id"),
      text("armId"),
      text("roleName"),
      text("roleType"),
      text("description"),
      json("assignableScopes"),
      json("permissions"),
    ],
    firstSeen: false,
  },
  roleAssignments: {
    name: "roleAssignments",
    table: "RoleAssignment",
    key: ["id"],
    columns: [
      text("id"),
      text("name"),
      text("scope"),
      { name: "scopeLevel", type: { enum: "ScopeLevel" } },
      text("subscriptionId"),
      text("resourceGroup"),
      text("roleDefinitionId"),
      text("principalId"),
      text("principalType"),
      text("condition"),
      date("createdOn"),
    ],
    firstSeen: true,
    history: {
      entityType: "azureRoleAssignment",
      subject: `r."principalId"`,
      entityId: `r."id"`,
      summary: { added: "Azure role assigned", removed: "Azure role removed" },
      details: ["roleDefinitionId", "scope", "scopeLevel"],
    },
  },
  transitiveMemberships: {
    name: "transitiveMemberships",
    table: "TransitiveMembership",
    key: ["principalId", "groupId"],
    columns: [text("principalId"), text("groupId"), { name: "depth", type: "int" }, json("path")],
    firstSeen: false,
  },
} satisfies Record<string, Collection>;

export type CollectionName = keyof typeof collections;

/** Order matters: timelines resolve subjects through ServicePrincipal, so it is applied first. */
export const applyOrder: CollectionName[] = [
  "servicePrincipals",
  "applications",
  "credentials",
  "federatedCredentials",
  "appRoleAssignments",
  "directoryRoleDefinitions",
  "directoryRoleAssignments",
  "groups",
  "groupMemberships",
  "managementGroups",
  "subscriptions",
  "resources",
  "identityAttachments",
  "roleDefinitions",
  "roleAssignments",
  // After role assignments: an incremental run keeps the users they still name.
  "users",
  "transitiveMemberships",
];
