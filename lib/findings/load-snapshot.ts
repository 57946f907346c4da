// Fills the rules' Snapshot from the stored tables through the raw connection: one plain SELECT per
// table, no ORM objects, so 100k identities and 1M memberships load in seconds on either database.
import "server-only";
import type { AzurePermission, Cloud, ManagedIdentityKind, ScopeLevel, Snapshot } from "@/lib/rules/snapshot";
import type { SqlConnection } from "@/lib/sync/sql/connection";

export interface LoadSnapshotOptions {
  now: Date;
  cloud: Cloud;
  authorityHost?: string;
}

type Raw = Record<string, unknown>;

/** SQLite keeps Prisma DateTimes as ISO text (or `YYYY-MM-DD HH:MM:SS` from CURRENT_TIMESTAMP); PostgreSQL's come as UTC text here. */
export function parseStoredDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === "") return null;
  if (value instanceof Date) return value;
  if (typeof value === "number") return new Date(value);
  const s = String(value);
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(s) ? `${s.replace(" ", "T")}Z` : s;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** JSON columns are text on SQLite and already parsed on PostgreSQL (jsonb). */
export function parseStoredJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  }
  return value;
}

const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const bool = (v: unknown): boolean => v === true || v === 1 || v === "1" || v === "true" || v === "t";
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** A datetime column read so both drivers return the same UTC text (pg would read `timestamp` as local time). */
export function dateColumn(conn: SqlConnection, ref: string, alias: string): string {
  return conn.kind === "postgresql"
    ? `to_char(${ref}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "${alias}"`
    : `${ref} AS "${alias}"`;
}

export async function loadSnapshot(
  conn: SqlConnection,
  tenantId: string,
  options: LoadSnapshotOptions,
): Promise<Snapshot> {
  const p = conn.p;
  const d = (column: string) => dateColumn(conn, `"${column}"`, column);
  const from = (table: string, columns: string) =>
    conn.all<Raw>(`SELECT ${columns} FROM "${table}" WHERE "tenantId" = ${p(1)}`, [tenantId]);

  const [
    spRows,
    mgRows,
    subRows,
    resourceRows,
    attachmentRows,
    roleDefRows,
    roleAssignmentRows,
    appRows,
    credentialRows,
    ficRows,
    appRoleRows,
    dirDefRows,
    dirAssignmentRows,
    groupRows,
    membershipRows,
    userRows,
  ] = [
    await from(
      "ServicePrincipal",
      `"id", "appId", "displayName", "servicePrincipalType", "accountEnabled", "appOwnerOrganizationId", "signInAudience",
       "appRoles", "miKind", "miResourceId", "subscriptionId", "resourceGroup", "resourceType", ${d("lastSignInAt")}, ${d("firstSeenAt")}`,
    ),
    await from("ManagementGroup", `"id", "name", "displayName", "parentId"`),
    await from("Subscription", `"id", "displayName", "managementGroupId", ${d("resourcesEnumeratedAt")}`),
    await from(
      "Resource",
      `"id", "armId", "subscriptionId", "resourceGroup", "type", "name", "identityType", "principalId", "clientId"`,
    ),
    await from("IdentityAttachment", `"resourceId", "identityResourceId", "principalId", "clientId", "subscriptionId"`),
    await from("RoleDefinition", `"id", "roleName", "roleType", "permissions"`),
    await from(
      "RoleAssignment",
      `"id", "scope", "scopeLevel", "subscriptionId", "roleDefinitionId", "principalId", "principalType", "condition"`,
    ),
    await from("Application", `"id", "appId", "displayName", "signInAudience"`),
    await from(
      "Credential",
      `"ownerId", "ownerType", "keyId", "kind", "displayName", "type", "usage", ${d("startDateTime")}, ${d("endDateTime")}, "isPlatformManaged"`,
    ),
    await from("FederatedCredential", `"id", "ownerType", "ownerId", "name", "issuer", "subject", "audiences"`),
    await from(
      "AppRoleAssignment",
      `"id", "principalId", "principalType", "resourceId", "resourceAppId", "resourceDisplayName", "appRoleId", "appRoleValue"`,
    ),
    await from("DirectoryRoleDefinition", `"id", "templateId", "displayName", "isBuiltIn"`),
    await from("DirectoryRoleAssignment", `"id", "principalId", "roleDefinitionId", "directoryScopeId"`),
    await from("Group", `"id", "displayName", "isAssignableToRole"`),
    await from("GroupMembership", `"groupId", "memberId", "memberType"`),
    await from(
      "User",
      `"id", "userPrincipalName", "displayName", "accountEnabled", "userType", ${d("lastSignInAt")}, ${d("lastNonInteractiveSignInAt")}`,
    ),
  ];

  const servicePrincipals = spRows.map((r) => {
    const roles = parseStoredJson(r.appRoles);
    const appRoleValues = Array.isArray(roles)
      ? roles
          .map((role) => (role && typeof role === "object" ? (role as { value?: unknown }).value : null))
          .filter((v): v is string => typeof v === "string" && v !== "")
      : [];
    return {
      id: str(r.id),
      appId: str(r.appId),
      displayName: str(r.displayName),
      servicePrincipalType: str(r.servicePrincipalType),
      accountEnabled: bool(r.accountEnabled),
      appOwnerOrganizationId: strOrNull(r.appOwnerOrganizationId),
      signInAudience: strOrNull(r.signInAudience),
      appRoleValues,
      miKind: strOrNull(r.miKind) as ManagedIdentityKind | null,
      miResourceId: strOrNull(r.miResourceId),
      subscriptionId: strOrNull(r.subscriptionId),
      resourceGroup: strOrNull(r.resourceGroup),
      resourceType: strOrNull(r.resourceType),
      lastSignInAt: parseStoredDate(r.lastSignInAt),
      firstSeenAt: parseStoredDate(r.firstSeenAt),
    };
  });

  return {
    tenantId,
    cloud: options.cloud,
    ...(options.authorityHost ? { authorityHost: options.authorityHost.replace(/\/+$/, "") } : {}),
    now: options.now,
    signInActivityAvailable: await signInActivityAvailable(conn, tenantId, servicePrincipals),
    servicePrincipals,
    managementGroups: mgRows.map((r) => ({
      id: str(r.id),
      name: str(r.name),
      displayName: strOrNull(r.displayName),
      parentId: strOrNull(r.parentId),
    })),
    subscriptions: subRows.map((r) => ({
      id: str(r.id),
      displayName: strOrNull(r.displayName),
      managementGroupId: strOrNull(r.managementGroupId),
      resourcesEnumeratedAt: parseStoredDate(r.resourcesEnumeratedAt),
    })),
    resources: resourceRows.map((r) => ({
      id: str(r.id),
      armId: str(r.armId),
      subscriptionId: str(r.subscriptionId),
      resourceGroup: str(r.resourceGroup),
      type: str(r.type),
      name: str(r.name),
      identityType: strOrNull(r.identityType),
      principalId: strOrNull(r.principalId),
      clientId: strOrNull(r.clientId),
    })),
    identityAttachments: attachmentRows.map((r) => ({
      resourceId: str(r.resourceId),
      identityResourceId: str(r.identityResourceId),
      principalId: strOrNull(r.principalId),
      clientId: strOrNull(r.clientId),
      subscriptionId: str(r.subscriptionId),
    })),
    roleDefinitions: roleDefRows.map((r) => {
      const permissions = parseStoredJson(r.permissions);
      return {
        id: str(r.id),
        roleName: str(r.roleName),
        roleType: str(r.roleType),
        permissions: Array.isArray(permissions)
          ? permissions.map((x: Record<string, unknown>): AzurePermission => ({
              actions: strings(x?.actions),
              notActions: strings(x?.notActions),
              dataActions: strings(x?.dataActions),
              notDataActions: strings(x?.notDataActions),
            }))
          : [],
      };
    }),
    roleAssignments: roleAssignmentRows.map((r) => ({
      id: str(r.id),
      scope: str(r.scope),
      scopeLevel: str(r.scopeLevel) as ScopeLevel,
      subscriptionId: strOrNull(r.subscriptionId),
      roleDefinitionId: str(r.roleDefinitionId),
      principalId: str(r.principalId),
      principalType: str(r.principalType),
      condition: strOrNull(r.condition),
    })),
    applications: appRows.map((r) => ({
      id: str(r.id),
      appId: str(r.appId),
      displayName: str(r.displayName),
      signInAudience: strOrNull(r.signInAudience),
    })),
    credentials: credentialRows.map((r) => ({
      ownerId: str(r.ownerId),
      ownerType: str(r.ownerType) as "Application" | "ServicePrincipal",
      keyId: str(r.keyId),
      kind: str(r.kind) as "password" | "certificate",
      displayName: strOrNull(r.displayName),
      type: strOrNull(r.type),
      usage: strOrNull(r.usage),
      startDateTime: parseStoredDate(r.startDateTime),
      endDateTime: parseStoredDate(r.endDateTime),
      isPlatformManaged: bool(r.isPlatformManaged),
    })),
    federatedCredentials: ficRows.map((r) => ({
      id: str(r.id),
      ownerType: str(r.ownerType) as "Application" | "UserAssignedIdentity",
      ownerId: str(r.ownerId),
      name: str(r.name),
      issuer: str(r.issuer),
      subject: str(r.subject),
      audiences: strings(parseStoredJson(r.audiences)),
    })),
    appRoleAssignments: appRoleRows.map((r) => ({
      id: str(r.id),
      principalId: str(r.principalId),
      principalType: str(r.principalType),
      resourceId: str(r.resourceId),
      resourceAppId: strOrNull(r.resourceAppId),
      resourceDisplayName: strOrNull(r.resourceDisplayName),
      appRoleId: str(r.appRoleId),
      appRoleValue: strOrNull(r.appRoleValue),
    })),
    directoryRoleDefinitions: dirDefRows.map((r) => ({
      id: str(r.id),
      templateId: strOrNull(r.templateId),
      displayName: str(r.displayName),
      isBuiltIn: bool(r.isBuiltIn),
    })),
    directoryRoleAssignments: dirAssignmentRows.map((r) => ({
      id: str(r.id),
      principalId: str(r.principalId),
      roleDefinitionId: str(r.roleDefinitionId),
      directoryScopeId: str(r.directoryScopeId) || "/",
    })),
    groups: groupRows.map((r) => ({
      id: str(r.id),
      displayName: str(r.displayName),
      isAssignableToRole: bool(r.isAssignableToRole),
    })),
    groupMemberships: membershipRows.map((r) => ({
      groupId: str(r.groupId),
      memberId: str(r.memberId),
      memberType: str(r.memberType),
    })),
    users: userRows.map((r) => ({
      id: str(r.id),
      userPrincipalName: str(r.userPrincipalName),
      displayName: strOrNull(r.displayName),
      accountEnabled: bool(r.accountEnabled),
      userType: strOrNull(r.userType),
      lastSignInAt: parseStoredDate(r.lastSignInAt),
      lastNonInteractiveSignInAt: parseStoredDate(r.lastNonInteractiveSignInAt),
    })),
  };
}

/**
 * The last successful run says whether the sign-in report was readable (it warns
 * `signInActivityUnavailable` otherwise); without any run, stored sign-in dates are the only hint.
 */
async function signInActivityAvailable(
  conn: SqlConnection,
  tenantId: string,
  servicePrincipals: readonly { lastSignInAt: Date | null }[],
): Promise<boolean> {
  const p = conn.p;
  const runs = await conn.all<{ warnings: unknown }>(
    `SELECT "warnings" FROM "SyncRun" WHERE "tenantId" = ${p(1)} AND "status" = 'succeeded' ORDER BY "startedAt" DESC LIMIT 1`,
    [tenantId],
  );
  const last = runs[0];
  if (last) {
    const warnings = parseStoredJson(last.warnings);
    return !(
      Array.isArray(warnings) &&
      warnings.some((w) => w && typeof w === "object" && (w as { code?: unknown }).code === "signInActivityUnavailable")
    );
  }
  return servicePrincipals.some((sp) => sp.lastSignInAt !== null);
}
