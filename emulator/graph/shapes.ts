// Builds Microsoft Graph v1.0 JSON for tenant records (property sets from the v1.0 CSDL and the
// documentation's examples), and exposes the filterable view of each entity.
import { createHash } from "node:crypto";
import { DIRECTORY_ROLES } from "../tenant/catalog";
import {
  DAY,
  type AppRoleAssignment,
  type Application,
  type DirectoryRoleAssignment,
  type Group,
  type KeyCredential,
  type PasswordCredential,
  type ServicePrincipal,
  type Tenant,
  type User,
} from "../tenant/model";

type Json = Record<string, unknown>;

export const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString().replace(".000Z", "Z");

function password(c: PasswordCredential): Json {
  return {
    customKeyIdentifier: null,
    displayName: c.displayName,
    endDateTime: iso(c.end),
    hint: c.secretText.slice(0, 3),
    keyId: c.keyId,
    secretText: null,
    startDateTime: iso(c.start),
  };
}

function key(c: KeyCredential): Json {
  return {
    customKeyIdentifier: c.thumbprint,
    displayName: c.displayName,
    endDateTime: iso(c.end),
    key: null,
    keyId: c.keyId,
    startDateTime: iso(c.start),
    type: c.type,
    usage: c.usage,
  };
}

function hashGuid(text: string) {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Managed identities carry a platform certificate valid ~90 days that the platform rotates
 * (api-facts §1); derived from the SP so it costs no memory in a 100k tenant.
 */
export function platformKeyCredential(sp: ServicePrincipal, now: number): KeyCredential {
  const h = createHash("sha1").update(sp.id).digest();
  const start = now - ((h[0] ?? 0) % 60) * DAY - 3 * 3_600_000;
  return {
    keyId: hashGuid(`${sp.id}/key`),
    displayName: `CN=${sp.appId}`,
    start,
    end: start + 90 * DAY,
    type: "AsymmetricX509Cert",
    usage: "Verify",
    thumbprint: h.toString("base64"),
  };
}

export function servicePrincipalJson(sp: ServicePrincipal, tenant: Tenant): Json {
  const mi = sp.servicePrincipalType === "ManagedIdentity";
  const keys = mi ? [platformKeyCredential(sp, tenant.info.now)] : sp.keyCredentials;
  return {
    id: sp.id,
    deletedDateTime: null,
    accountEnabled: sp.accountEnabled,
    alternativeNames: mi && sp.armId ? [`isExplicit=${sp.miKind === "UserAssigned" ? "True" : "False"}`, sp.armId] : [],
    appDisplayName: mi ? null : sp.displayName,
    appDescription: null,
    appId: sp.appId,
    applicationTemplateId: null,
    appOwnerOrganizationId: sp.appOwnerOrganizationId,
    appRoleAssignmentRequired: false,
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: sp.displayName,
    homepage: null,
    loginUrl: null,
    logoutUrl: null,
    notes: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    replyUrls: [],
    servicePrincipalNames: mi
      ? [sp.appId, `https://identity.azure.net/${createHash("sha256").update(sp.id).digest("base64")}`]
      : [sp.appId],
    servicePrincipalType: sp.servicePrincipalType,
    signInAudience: mi ? "AzureADMyOrg" : sp.signInAudience,
    tags: sp.tags,
    tokenEncryptionKeyId: null,
    samlSingleSignOnSettings: null,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    addIns: [],
    appRoles: (sp.appRoles ?? []).map((r) => ({
      allowedMemberTypes: r.allowedMemberTypes,
      description: r.description,
      displayName: r.displayName,
      id: r.id,
      isEnabled: true,
      origin: "Application",
      value: r.value,
    })),
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: keys.map(key),
    oauth2PermissionScopes: [],
    passwordCredentials: sp.passwordCredentials.map(password),
    resourceSpecificApplicationPermissions: [],
  };
}

/** What $filter may address on a service principal (a computed view, cheap to build). */
export function servicePrincipalGetter(sp: ServicePrincipal): (p: string) => unknown {
  return (p) => {
    switch (p.toLowerCase()) {
      case "id":
        return sp.id;
      case "appid":
        return sp.appId;
      case "displayname":
        return sp.displayName;
      case "serviceprincipaltype":
        return sp.servicePrincipalType;
      case "accountenabled":
        return sp.accountEnabled;
      case "appownerorganizationid":
        return sp.appOwnerOrganizationId;
      case "tags":
        return sp.tags;
      case "alternativenames":
        return sp.miKind && sp.armId ? [`isExplicit=${sp.miKind === "UserAssigned" ? "True" : "False"}`, sp.armId] : [];
      case "serviceprincipalnames":
        return [sp.appId];
      default:
        return undefined;
    }
  };
}

const ops = (...o: string[]) => o;
export const SP_FILTER = {
  entity: "ServicePrincipal",
  properties: {
    id: ops("eq", "ne", "in"),
    appid: ops("eq", "ne", "in"),
    displayname: ops("eq", "ne", "in", "startswith", "ge", "le"),
    serviceprincipaltype: ops("eq", "ne"),
    accountenabled: ops("eq", "ne"),
    appownerorganizationid: ops("eq", "ne"),
    tags: ops("any"),
    alternativenames: ops("any", "eq", "startswith"),
    serviceprincipalnames: ops("any", "startswith"),
  },
};

export function applicationJson(app: Application, tenant: Tenant): Json {
  return {
    id: app.id,
    deletedDateTime: null,
    appId: app.appId,
    applicationTemplateId: null,
    createdDateTime: iso(app.createdDateTime),
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: app.displayName,
    groupMembershipClaims: null,
    identifierUris: [],
    isDeviceOnlyAuthSupported: null,
    isFallbackPublicClient: null,
    notes: null,
    publisherDomain: tenant.info.domain,
    serviceManagementReference: null,
    signInAudience: app.signInAudience,
    tags: [],
    tokenEncryptionKeyId: null,
    addIns: [],
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: 2,
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
    },
    appRoles: app.appRoles.map((r) => ({
      allowedMemberTypes: r.allowedMemberTypes,
      description: r.description,
      displayName: r.displayName,
      id: r.id,
      isEnabled: true,
      origin: "Application",
      value: r.value,
    })),
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: app.keyCredentials.map(key),
    passwordCredentials: app.passwordCredentials.map(password),
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: app.redirectUris,
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
    spa: { redirectUris: [] },
  };
}

export function applicationGetter(app: Application): (p: string) => unknown {
  return (p) => {
    switch (p.toLowerCase()) {
      case "id":
        return app.id;
      case "appid":
        return app.appId;
      case "displayname":
        return app.displayName;
      case "signinaudience":
        return app.signInAudience;
      case "federatedidentitycredentials":
        return app.federatedIdentityCredentials;
      default:
        return undefined;
    }
  };
}

export const APP_FILTER = {
  entity: "Application",
  properties: {
    id: ops("eq", "ne", "in"),
    appid: ops("eq", "ne", "in"),
    displayname: ops("eq", "ne", "in", "startswith"),
    signinaudience: ops("eq", "ne"),
    federatedidentitycredentials: ops("$count"),
  },
};

export function userJson(user: User): Json {
  const [givenName, ...rest] = user.displayName.split(" ");
  return {
    id: user.id,
    businessPhones: [],
    displayName: user.displayName,
    givenName: rest.length > 0 ? (givenName ?? null) : null,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: rest.length > 0 ? rest.join(" ") : null,
    userPrincipalName: user.userPrincipalName,
  };
}

/** Properties of users that are only returned when `$select`ed. */
export function userExtraJson(user: User): Json {
  return {
    accountEnabled: user.accountEnabled,
    userType: user.userType,
    createdDateTime: iso(user.createdDateTime),
    deletedDateTime: null,
    mailNickname: user.userPrincipalName.split("@")[0],
    creationType: null,
    employeeId: null,
    department: null,
    companyName: null,
    onPremisesSyncEnabled: null,
    signInActivity: {
      lastSignInDateTime: iso(user.lastInteractiveSignIn),
      lastSignInRequestId: user.lastInteractiveSignIn === null ? null : hashGuid(`${user.id}/i`),
      lastNonInteractiveSignInDateTime: iso(user.lastNonInteractiveSignIn),
      lastNonInteractiveSignInRequestId: user.lastNonInteractiveSignIn === null ? null : hashGuid(`${user.id}/n`),
      lastSuccessfulSignInDateTime: iso(
        Math.max(user.lastInteractiveSignIn ?? 0, user.lastNonInteractiveSignIn ?? 0) || null,
      ),
      lastSuccessfulSignInRequestId: null,
    },
  };
}

export function userGetter(user: User): (p: string) => unknown {
  return (p) => {
    switch (p.toLowerCase()) {
      case "id":
        return user.id;
      case "displayname":
        return user.displayName;
      case "userprincipalname":
        return user.userPrincipalName;
      case "mail":
        return user.mail;
      case "accountenabled":
        return user.accountEnabled;
      case "usertype":
        return user.userType;
      default:
        return undefined;
    }
  };
}

export const USER_FILTER = {
  entity: "User",
  properties: {
    id: ops("eq", "ne", "in"),
    displayname: ops("eq", "ne", "in", "startswith"),
    userprincipalname: ops("eq", "ne", "in", "startswith", "endswith"),
    mail: ops("eq", "ne", "in", "startswith", "endswith"),
    accountenabled: ops("eq", "ne"),
    usertype: ops("eq", "ne", "in"),
  },
};

export function groupJson(g: Group, tenant: Tenant): Json {
  return {
    id: g.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: iso(g.createdDateTime),
    creationOptions: [],
    description: g.description,
    displayName: g.displayName,
    expirationDateTime: null,
    groupTypes: [],
    isAssignableToRole: g.isAssignableToRole,
    mail: g.mailEnabled ? `${g.mailNickname}@${tenant.info.domain}` : null,
    mailEnabled: g.mailEnabled,
    mailNickname: g.mailNickname,
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesDomainName: null,
    onPremisesLastSyncDateTime: null,
    onPremisesSamAccountName: null,
    onPremisesSecurityIdentifier: null,
    onPremisesSyncEnabled: null,
    preferredDataLocation: null,
    preferredLanguage: null,
    proxyAddresses: [],
    renewedDateTime: iso(g.createdDateTime),
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: [],
    securityEnabled: g.securityEnabled,
    securityIdentifier: `S-1-12-1-${parseInt(g.id.slice(0, 8), 16)}-${parseInt(g.id.slice(9, 13), 16)}`,
    theme: null,
    visibility: null,
    onPremisesProvisioningErrors: [],
    serviceProvisioningErrors: [],
  };
}

export function groupGetter(g: Group): (p: string) => unknown {
  return (p) => {
    switch (p.toLowerCase()) {
      case "id":
        return g.id;
      case "displayname":
        return g.displayName;
      case "isassignabletorole":
        return g.isAssignableToRole;
      case "securityenabled":
        return g.securityEnabled;
      case "mailenabled":
        return g.mailEnabled;
      case "mailnickname":
        return g.mailNickname;
      case "grouptypes":
        return [];
      default:
        return undefined;
    }
  };
}

export const GROUP_FILTER = {
  entity: "Group",
  properties: {
    id: ops("eq", "ne", "in"),
    displayname: ops("eq", "ne", "in", "startswith"),
    isassignabletorole: ops("eq", "ne"),
    securityenabled: ops("eq", "ne"),
    mailenabled: ops("eq", "ne"),
    mailnickname: ops("eq", "ne", "startswith"),
    grouptypes: ops("any"),
  },
};

export type DirectoryObject =
  | { kind: "servicePrincipal"; sp: ServicePrincipal }
  | { kind: "user"; user: User }
  | { kind: "group"; group: Group }
  | { kind: "directoryRole"; roleTemplateId: string };

/** Object id of the activated directory role for a template (stable per tenant). */
export function directoryRoleObjectId(tenant: Tenant, roleTemplateId: string) {
  return hashGuid(`${tenant.tenantId}/directoryRole/${roleTemplateId}`);
}

export function findDirectoryObject(tenant: Tenant, id: string): DirectoryObject | undefined {
  const sp = tenant.spById.get(id);
  if (sp) return { kind: "servicePrincipal", sp };
  const user = tenant.userById.get(id);
  if (user) return { kind: "user", user };
  const group = tenant.groupById.get(id);
  if (group && !group.deleted) return { kind: "group", group };
  return undefined;
}

export function directoryObjectJson(o: DirectoryObject, tenant: Tenant): Json {
  switch (o.kind) {
    case "directoryRole": {
      const role = DIRECTORY_ROLES.find((r) => r.id === o.roleTemplateId);
      return {
        "@odata.type": "#microsoft.graph.directoryRole",
        id: directoryRoleObjectId(tenant, o.roleTemplateId),
        deletedDateTime: null,
        description: role?.description ?? null,
        displayName: role?.displayName ?? null,
        roleTemplateId: o.roleTemplateId,
      };
    }
    case "servicePrincipal":
      return { "@odata.type": "#microsoft.graph.servicePrincipal", ...servicePrincipalJson(o.sp, tenant) };
    case "user":
      return { "@odata.type": "#microsoft.graph.user", ...userJson(o.user) };
    default:
      return { "@odata.type": "#microsoft.graph.group", ...groupJson(o.group, tenant) };
  }
}

export function directoryObjectGetter(o: DirectoryObject): (p: string) => unknown {
  if (o.kind === "directoryRole") {
    const role = DIRECTORY_ROLES.find((r) => r.id === o.roleTemplateId);
    return (p) =>
      p.toLowerCase() === "displayname"
        ? role?.displayName
        : p.toLowerCase() === "roletemplateid"
          ? o.roleTemplateId
          : undefined;
  }
  return o.kind === "servicePrincipal"
    ? servicePrincipalGetter(o.sp)
    : o.kind === "user"
      ? userGetter(o.user)
      : groupGetter(o.group);
}

/** A user as `$expand=principal` returns it: the default set plus account and address fields. */
export function expandedUserJson(user: User): Json {
  const extra = userExtraJson(user);
  return {
    ...userJson(user),
    accountEnabled: extra.accountEnabled,
    imAddresses: [],
    mailNickname: extra.mailNickname,
    userType: extra.userType,
  };
}

export function appRoleAssignmentJson(a: AppRoleAssignment, tenant: Tenant): Json {
  const principal = findDirectoryObject(tenant, a.principalId);
  const resource = tenant.spById.get(a.resourceId);
  return {
    id: a.id,
    deletedDateTime: null,
    appRoleId: a.appRoleId,
    createdDateTime: new Date(a.created).toISOString().replace("Z", "0000Z"),
    principalDisplayName:
      principal?.kind === "servicePrincipal"
        ? principal.sp.displayName
        : principal?.kind === "user"
          ? principal.user.displayName
          : principal?.kind === "group"
            ? principal.group.displayName
            : null,
    principalId: a.principalId,
    principalType: a.principalType,
    resourceDisplayName: resource?.displayName ?? null,
    resourceId: a.resourceId,
  };
}

export function directoryRoleAssignmentJson(a: DirectoryRoleAssignment): Json {
  return {
    id: a.id,
    principalId: a.principalId,
    resourceScope: a.directoryScopeId,
    directoryScopeId: a.directoryScopeId,
    roleDefinitionId: a.roleDefinitionId,
  };
}

export function directoryRoleDefinitionsJson(): Json[] {
  return DIRECTORY_ROLES.map((r) => ({
    id: r.id,
    description: r.description,
    displayName: r.displayName,
    isBuiltIn: true,
    isEnabled: true,
    resourceScopes: ["/"],
    templateId: r.id,
    version: "1",
    rolePermissions: [{ allowedResourceActions: r.actions, condition: null }],
    inheritsPermissionsFrom:
      r.id === "88d8e3e3-8f55-4a1e-953a-9b9898b8876b" ? [] : [{ id: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b" }],
  }));
}

/** Beta `servicePrincipalSignInActivity`: ids are base64 of the appId, as in the docs example. */
export function signInActivityJson(sp: ServicePrincipal): Json {
  const at = iso(sp.lastSignIn ?? null);
  const activity = (label: string) => ({
    lastSignInDateTime: at,
    lastSignInRequestId: at ? hashGuid(`${sp.id}/${label}`) : null,
  });
  const none = { lastSignInDateTime: null, lastSignInRequestId: null };
  return {
    id: Buffer.from(sp.appId).toString("base64"),
    appId: sp.appId,
    lastSignInActivity: activity("last"),
    delegatedClientSignInActivity: none,
    delegatedResourceSignInActivity: none,
    applicationAuthenticationClientSignInActivity: activity("client"),
    applicationAuthenticationResourceSignInActivity: none,
  };
}

export function federatedCredentialJson(f: {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description: string | null;
}): Json {
  return {
    id: f.id,
    name: f.name,
    issuer: f.issuer,
    subject: f.subject,
    description: f.description,
    audiences: f.audiences,
  };
}

/** Applies `$select` (a comma list, case-insensitive) to an entity, keeping `@odata.*` annotations. */
export function applySelect(obj: Json, select: string[] | null, extra?: () => Json): Json {
  if (!select) return obj;
  const out: Json = {};
  const extras = extra ? extra() : {};
  const keys = new Map<string, string>();
  for (const k of [...Object.keys(obj), ...Object.keys(extras)]) keys.set(k.toLowerCase(), k);
  for (const [k, v] of Object.entries(obj)) if (k.startsWith("@odata.")) out[k] = v;
  for (const s of select) {
    const real = keys.get(s.toLowerCase());
    if (real === undefined) continue;
    out[real] = real in obj ? obj[real] : extras[real];
  }
  return out;
}
