// What a rule page says beyond the registry's metadata: when the rule fires, and which of the
// configuration's thresholds it reads (shown with the values in effect). Keyed by RuleId as an
// exhaustive record, so a new rule in lib/rules cannot ship without its page saying when it fires.
import type { RuleConfig } from "@/lib/rules/config";
import type { RuleId } from "@/lib/rules/rule";
import { AZURE_ROLE, DIRECTORY_ROLE, GRAPH_APP_ROLE } from "@/lib/rules/well-known-ids";

export interface RuleThreshold {
  label: string;
  /** One value, or a list (roles, issuers, patterns). */
  value: string | readonly string[];
  /** The configuration key, for whoever overrides it. */
  key: string;
}

export interface RuleDetails {
  category: "Managed identity" | "Migration";
  firesWhen: string;
  thresholds: (config: RuleConfig) => RuleThreshold[];
}

const nameOverrides: Record<string, string> = {
  rbacAdministrator: "Role Based Access Control Administrator",
  externalIdentityProviderAdministrator: "External Identity Provider Administrator",
};

/** "globalAdministrator" → "Global Administrator". */
function humanize(key: string): string {
  return nameOverrides[key] ?? key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
}

function namer(ids: Readonly<Record<string, string>>): (id: string) => string {
  const byId = new Map(Object.entries(ids).map(([key, id]) => [id.toLowerCase(), key]));
  return (id) => {
    const key = byId.get(id.toLowerCase());
    return key ? `${humanize(key)} (${id})` : id;
  };
}

const azureRoleName = namer(AZURE_ROLE);
const directoryRoleName = namer(DIRECTORY_ROLE);
const graphPermissionName = (() => {
  const byId = new Map(Object.entries(GRAPH_APP_ROLE).map(([name, id]) => [id.toLowerCase(), name]));
  return (appRoleId: string) => byId.get(appRoleId.toLowerCase()) ?? appRoleId;
})();

const scopeSeverities = (c: RuleConfig) =>
  `root ${c.scopeSeverity.root}, management group ${c.scopeSeverity.managementGroup}, subscription ${c.scopeSeverity.subscription}, resource group ${c.scopeSeverity.resourceGroup}, resource ${c.scopeSeverity.resource}`;

export const ruleDetails: Record<RuleId, RuleDetails> = {
  "mi-privileged-azure-role": {
    category: "Managed identity",
    firesWhen:
      "A managed identity is itself assigned a privileged Azure role at any scope: Owner, Contributor, User Access Administrator, Role Based Access Control Administrator, or a custom role whose actions allow `*` or role assignment and role definition writes. One finding per identity lists every such assignment.",
    thresholds: (c) => [
      {
        key: "privilegedAzureRoleIds",
        label: "Roles privileged by id",
        value: c.privilegedAzureRoleIds.map(azureRoleName),
      },
      { key: "scopeSeverity", label: "Severity by the broadest scope", value: scopeSeverities(c) },
    ],
  },
  "mi-privileged-directory-role": {
    category: "Managed identity",
    firesWhen: "A managed identity holds an active assignment of a privileged Microsoft Entra directory role.",
    thresholds: (c) => [
      {
        key: "criticalDirectoryRoleTemplateIds",
        label: "Critical roles",
        value: c.criticalDirectoryRoleTemplateIds.map(directoryRoleName),
      },
      {
        key: "privilegedDirectoryRoleTemplateIds",
        label: "Privileged roles (high unless critical)",
        value: c.privilegedDirectoryRoleTemplateIds.map(directoryRoleName),
      },
    ],
  },
  "mi-dangerous-graph-permission": {
    category: "Managed identity",
    firesWhen:
      "A managed identity is granted a high-risk application permission, matched by the resource's appId and the app role id (SharePoint reuses Microsoft Graph's role ids for its own roles, so the id alone is not enough).",
    thresholds: (c) => [
      {
        key: "criticalAppRoles",
        label: "Critical permissions",
        value: c.criticalAppRoles.map((r) => graphPermissionName(r.appRoleId)),
      },
      { key: "highRiskAppRoles", label: "High-risk permissions", value: c.highRiskAppRoles.map((r) => r.name) },
    ],
  },
  "mi-privileged-group-member": {
    category: "Managed identity",
    firesWhen:
      "A managed identity is a direct or transitive member of a group that holds a privileged directory role or Azure role, or of a role-assignable group. One finding per such group; the evidence shows the membership path.",
    thresholds: (c) => [
      {
        key: "roleAssignableGroupSeverity",
        label: "Severity for a role-assignable group that holds nothing yet",
        value: c.roleAssignableGroupSeverity,
      },
      { key: "scopeSeverity", label: "Severity of a group's Azure roles by scope", value: scopeSeverities(c) },
    ],
  },
  "mi-orphaned-user-assigned": {
    category: "Managed identity",
    firesWhen:
      "A user-assigned identity is attached to no resource and is trusted by no federated credential, in a subscription whose resources were enumerated completely.",
    thresholds: () => [],
  },
  "mi-orphaned-system-assigned": {
    category: "Managed identity",
    firesWhen:
      "A system-assigned identity's host resource no longer exists (or now reports another identity), in a subscription whose resources were enumerated completely.",
    thresholds: () => [],
  },
  "mi-shared-user-assigned": {
    category: "Managed identity",
    firesWhen:
      "A user-assigned identity is attached to resources in more subscriptions, or to more resources, than the limits allow: every workload that carries it can act as all the others.",
    thresholds: (c) => [
      {
        key: "sharedIdentity.maxSubscriptions",
        label: "Subscriptions allowed",
        value: String(c.sharedIdentity.maxSubscriptions),
      },
      { key: "sharedIdentity.maxResources", label: "Resources allowed", value: String(c.sharedIdentity.maxResources) },
    ],
  },
  "mi-federated-credential-risk": {
    category: "Managed identity",
    firesWhen:
      "A federated credential on a user-assigned identity has a wildcard subject, a GitHub pull-request subject, or an issuer outside the allowed list. One finding per credential.",
    thresholds: (c) => [
      {
        key: "allowedFederatedIssuers",
        label: "Allowed issuers ({tenantId} is this tenant; * matches within one path segment)",
        value: c.allowedFederatedIssuers,
      },
    ],
  },
  "mi-trusted-by-app": {
    category: "Managed identity",
    firesWhen:
      "An app registration has a federated credential whose issuer is this tenant, whose audience is the cloud's token-exchange audience, and whose subject is exactly a user-assigned identity's object id: whoever runs code as the identity can act as the app.",
    thresholds: (c) => [
      {
        key: "trustedByUnprivilegedAppSeverity",
        label: "Severity when the app holds no privilege",
        value: c.trustedByUnprivilegedAppSeverity,
      },
    ],
  },
  "mi-escalation-path": {
    category: "Managed identity",
    firesWhen:
      "A principal that can control the identity's host resource (run code on it, change its configuration) or operate the user-assigned identity holds less privilege than the identity itself. One finding per such controller.",
    thresholds: () => [],
  },
  "mi-inactive-privileged": {
    category: "Managed identity",
    firesWhen:
      "Sign-in activity is available for the tenant, the identity has not signed in within the inactivity window (or never has, and was first seen before it), and it holds privilege.",
    thresholds: (c) => [{ key: "inactivityDays", label: "Inactivity window", value: `${c.inactivityDays} days` }],
  },
  "mi-disabled-with-access": {
    category: "Managed identity",
    firesWhen:
      "A managed identity is disabled but still holds role assignments, directory roles, app permissions or group memberships.",
    thresholds: () => [],
  },
  "app-secret-credential": {
    category: "Migration",
    firesWhen: "An app of this tenant (registration and service principal) has an active client secret.",
    thresholds: (c) => [
      {
        key: "credentialMaxLifetimeDays",
        label: "High when a secret lives longer than",
        value: `${c.credentialMaxLifetimeDays} days`,
      },
    ],
  },
  "app-certificate-credential": {
    category: "Migration",
    firesWhen:
      "An app of this tenant has an active certificate that someone added (never the platform certificate of a managed identity, never a SAML signing key).",
    thresholds: (c) => [
      {
        key: "credentialMaxLifetimeDays",
        label: "Medium when a certificate lives longer than",
        value: `${c.credentialMaxLifetimeDays} days`,
      },
    ],
  },
  "app-credential-expiring": {
    category: "Migration",
    firesWhen:
      "A secret or certificate expires within the warning window, or has expired and is still present. One finding per credential.",
    thresholds: (c) => [
      { key: "credentialExpiryWarningDays", label: "Warning window", value: `${c.credentialExpiryWarningDays} days` },
    ],
  },
  "app-azure-workload": {
    category: "Migration",
    firesWhen:
      "An app with an active secret or certificate holds Azure role assignments, directly or through groups: it runs against Azure and can move to a managed identity.",
    thresholds: () => [],
  },
  "user-as-service-account": {
    category: "Migration",
    firesWhen:
      "An enabled user account holds Azure role assignments and looks like a service account: its name matches a service-account pattern, or it only ever signs in non-interactively.",
    thresholds: (c) => [
      {
        key: "serviceAccountNamePatterns",
        label: "Name patterns (case-insensitive regular expressions)",
        value: c.serviceAccountNamePatterns,
      },
      { key: "inactivityDays", label: "Sign-in look-back", value: `${c.inactivityDays} days` },
    ],
  },
};
