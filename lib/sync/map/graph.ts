// Graph payloads (already validated by lib/schemas/graph) → rows of the sync's collections.
import type {
  GraphAppRoleAssignment,
  GraphApplication,
  GraphFederatedIdentityCredential,
  GraphGroup,
  GraphServicePrincipal,
  GraphUnifiedRoleAssignment,
  GraphUnifiedRoleDefinition,
  GraphUser,
} from "../../schemas/graph";
import type { Row } from "../store";
import { parseArmId } from "./arm-id";

type KeyCredential = GraphServicePrincipal["keyCredentials"][number];
type PasswordCredential = GraphServicePrincipal["passwordCredentials"][number];

/**
 * Managed identity kind and ARM id from `alternativeNames`: `isExplicit=True` means user-assigned,
 * `isExplicit=False` or no such entry means system-assigned; the ARM id is the entry that looks
 * like one (entry order is not contractual).
 */
export function managedIdentityOf(alternativeNames: readonly string[]) {
  const explicit = alternativeNames.find((n) => /^isExplicit=/i.test(n));
  const armId = alternativeNames.find((n) => n.startsWith("/")) ?? null;
  return {
    kind: explicit?.toLowerCase() === "isexplicit=true" ? ("UserAssigned" as const) : ("SystemAssigned" as const),
    armId,
  };
}

export function credentialRows(
  ownerId: string,
  ownerType: "Application" | "ServicePrincipal",
  keys: readonly KeyCredential[],
  passwords: readonly PasswordCredential[],
  platformManaged: boolean,
): Row[] {
  return [
    ...keys.map((k) => ({
      ownerId,
      ownerType,
      keyId: k.keyId,
      kind: "certificate",
      displayName: k.displayName,
      type: k.type,
      usage: k.usage,
      hint: null,
      customKeyIdentifier: k.customKeyIdentifier,
      startDateTime: k.startDateTime,
      endDateTime: k.endDateTime,
      // Azure maintains a short-lived certificate on every managed identity; it is not a secret anyone added.
      isPlatformManaged: platformManaged,
    })),
    ...passwords.map((p) => ({
      ownerId,
      ownerType,
      keyId: p.keyId,
      kind: "password",
      displayName: p.displayName,
      type: null,
      usage: null,
      hint: p.hint,
      customKeyIdentifier: null,
      startDateTime: p.startDateTime,
      endDateTime: p.endDateTime,
      isPlatformManaged: false,
    })),
  ];
}

export function servicePrincipalRows(sp: GraphServicePrincipal): { servicePrincipal: Row; credentials: Row[] } {
  const isMi = sp.servicePrincipalType === "ManagedIdentity";
  const mi = isMi ? managedIdentityOf(sp.alternativeNames) : null;
  const parts = mi?.armId ? parseArmId(mi.armId) : null;
  return {
    servicePrincipal: {
      id: sp.id,
      appId: sp.appId,
      displayName: sp.displayName ?? sp.appId,
      servicePrincipalType: sp.servicePrincipalType ?? "Application",
      accountEnabled: sp.accountEnabled ?? true,
      appOwnerOrganizationId: sp.appOwnerOrganizationId,
      signInAudience: sp.signInAudience,
      alternativeNames: sp.alternativeNames,
      servicePrincipalNames: sp.servicePrincipalNames,
      tags: sp.tags,
      // Only principals that define roles are resources of app role assignments; keep the rest small.
      appRoles:
        sp.appRoles.length > 0
          ? sp.appRoles.map((r) => ({ id: r.id, value: r.value, displayName: r.displayName }))
          : null,
      miKind: mi?.kind ?? null,
      miResourceId: parts?.id ?? null,
      miResourceArmId: mi?.armId ?? null,
      subscriptionId: parts?.subscriptionId ?? null,
      resourceGroup: parts?.resourceGroup ?? null,
      resourceType: parts?.type ?? null,
    },
    credentials: credentialRows(sp.id, "ServicePrincipal", sp.keyCredentials, sp.passwordCredentials, isMi),
  };
}

export function applicationRows(app: GraphApplication): { application: Row; credentials: Row[] } {
  return {
    application: {
      id: app.id,
      appId: app.appId,
      displayName: app.displayName ?? app.appId,
      signInAudience: app.signInAudience,
      publisherDomain: app.publisherDomain,
      createdDateTime: app.createdDateTime,
    },
    credentials: credentialRows(app.id, "Application", app.keyCredentials, app.passwordCredentials, false),
  };
}

export function applicationFederatedCredentialRow(appObjectId: string, fic: GraphFederatedIdentityCredential): Row {
  return {
    id: fic.id,
    ownerType: "Application",
    ownerId: appObjectId,
    name: fic.name,
    issuer: fic.issuer,
    subject: fic.subject,
    audiences: fic.audiences,
    description: fic.description,
  };
}

/** Each resource's roles by lower-cased id, built once: Microsoft Graph alone defines hundreds of
 * roles, and its grants run to tens of thousands. */
const roleValuesOf = new WeakMap<readonly { id: string; value: string | null }[], Map<string, string | null>>();

function roleValue(appRoles: readonly { id: string; value: string | null }[], appRoleId: string): string | null {
  let byId = roleValuesOf.get(appRoles);
  if (!byId) {
    byId = new Map();
    // The first role with an id wins, as a search from the start would find it.
    for (const r of appRoles) if (!byId.has(r.id.toLowerCase())) byId.set(r.id.toLowerCase(), r.value);
    roleValuesOf.set(appRoles, byId);
  }
  return byId.get(appRoleId.toLowerCase()) ?? null;
}

/** Names a granted permission through the resource's own `appRoles` (key: resource + appRoleId). */
export function appRoleAssignmentRow(
  a: GraphAppRoleAssignment,
  resource: { appId: string; appRoles: { id: string; value: string | null }[] } | undefined,
): Row {
  return {
    id: a.id,
    principalId: a.principalId,
    principalType: a.principalType ?? "ServicePrincipal",
    principalDisplayName: a.principalDisplayName,
    resourceId: a.resourceId,
    resourceAppId: resource?.appId ?? null,
    resourceDisplayName: a.resourceDisplayName,
    appRoleId: a.appRoleId,
    appRoleValue: resource ? roleValue(resource.appRoles, a.appRoleId) : null,
    createdDateTime: a.createdDateTime,
  };
}

export function groupRow(g: GraphGroup): Row {
  return {
    id: g.id,
    displayName: g.displayName ?? g.id,
    description: g.description,
    securityEnabled: g.securityEnabled ?? false,
    mailEnabled: g.mailEnabled ?? false,
    isAssignableToRole: g.isAssignableToRole ?? false,
    groupTypes: g.groupTypes,
  };
}

/** `#microsoft.graph.servicePrincipal` → ServicePrincipal. */
export function memberType(odataType: string | undefined): string {
  const t = (odataType ?? "").replace(/^#microsoft\.graph\./, "");
  const known: Record<string, string> = {
    servicePrincipal: "ServicePrincipal",
    group: "Group",
    user: "User",
    device: "Device",
    orgContact: "OrgContact",
  };
  return known[t] ?? "Other";
}

export function directoryRoleDefinitionRow(d: GraphUnifiedRoleDefinition): Row {
  return {
    id: d.id,
    templateId: d.templateId ?? (d.isBuiltIn ? d.id : null),
    displayName: d.displayName,
    description: d.description,
    isBuiltIn: d.isBuiltIn ?? true,
    isEnabled: d.isEnabled ?? true,
    rolePermissions: d.rolePermissions,
  };
}

export function directoryRoleAssignmentRow(a: GraphUnifiedRoleAssignment): Row {
  return {
    id: a.id,
    principalId: a.principalId,
    roleDefinitionId: a.roleDefinitionId,
    directoryScopeId: a.directoryScopeId,
    appScopeId: a.appScopeId,
    condition: a.condition,
  };
}

export function userRow(u: GraphUser): Row {
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName,
    mail: u.mail,
    accountEnabled: u.accountEnabled ?? true,
    userType: u.userType,
    lastSignInAt: u.signInActivity?.lastSignInDateTime ?? null,
    lastNonInteractiveSignInAt: u.signInActivity?.lastNonInteractiveSignInDateTime ?? null,
  };
}
