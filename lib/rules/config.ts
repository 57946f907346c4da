// Thresholds and lists the rules read; defaults follow DESIGN.md's rule catalog and api-facts.md.
// A zod schema so a settings file or the database can supply overrides later.
import { z } from "zod";
import { SEVERITIES } from "./severity";
import { AZURE_ROLE, DIRECTORY_ROLE, GRAPH_APP_ROLE, MICROSOFT_GRAPH_APP_ID } from "./well-known-ids";

const severity = z.enum(SEVERITIES);
const guid = z.string().transform((s) => s.toLowerCase());

const D = DIRECTORY_ROLE;
const G = GRAPH_APP_ROLE;

const graphRole = (name: keyof typeof GRAPH_APP_ROLE) => ({
  resourceAppId: MICROSOFT_GRAPH_APP_ID,
  appRoleId: GRAPH_APP_ROLE[name],
  name,
});

export const ruleConfigSchema = z.object({
  /** Built-in Azure roles privileged by id even when the snapshot lacks their definition. */
  privilegedAzureRoleIds: z
    .array(guid)
    .default([
      AZURE_ROLE.owner,
      AZURE_ROLE.contributor,
      AZURE_ROLE.userAccessAdministrator,
      AZURE_ROLE.rbacAdministrator,
    ]),
  /** Severity of a privileged Azure role by the level of its scope. */
  scopeSeverity: z
    .object({
      root: severity,
      managementGroup: severity,
      subscription: severity,
      resourceGroup: severity,
      resource: severity,
    })
    .default({
      root: "critical",
      managementGroup: "critical",
      subscription: "high",
      resourceGroup: "medium",
      resource: "low",
    }),
  /** Entra roles (template ids) that count as privileged; the "privileged" label of api-facts §2. */
  privilegedDirectoryRoleTemplateIds: z
    .array(guid)
    .default([
      D.globalAdministrator,
      D.privilegedRoleAdministrator,
      D.privilegedAuthenticationAdministrator,
      D.applicationAdministrator,
      D.cloudApplicationAdministrator,
      D.applicationDeveloper,
      D.securityAdministrator,
      D.conditionalAccessAdministrator,
      D.userAdministrator,
      D.authenticationAdministrator,
      D.hybridIdentityAdministrator,
      D.helpdeskAdministrator,
      D.passwordAdministrator,
      D.intuneAdministrator,
      D.directoryWriters,
      D.domainNameAdministrator,
      D.externalIdentityProviderAdministrator,
      D.globalReader,
      D.securityReader,
      D.securityOperator,
      D.cloudDeviceAdministrator,
      D.lifecycleWorkflowsAdministrator,
    ]),
  /** The subset that is critical: each can take over the tenant or any application in it. */
  criticalDirectoryRoleTemplateIds: z
    .array(guid)
    .default([
      D.globalAdministrator,
      D.privilegedRoleAdministrator,
      D.privilegedAuthenticationAdministrator,
      D.applicationAdministrator,
      D.cloudApplicationAdministrator,
    ]),
  /** High-risk application permissions, keyed by resource appId + appRoleId (SharePoint reuses Graph GUIDs). */
  highRiskAppRoles: z
    .array(z.object({ resourceAppId: guid, appRoleId: guid, name: z.string() }))
    .default([
      graphRole("RoleManagement.ReadWrite.Directory"),
      graphRole("AppRoleAssignment.ReadWrite.All"),
      graphRole("Application.ReadWrite.All"),
      graphRole("Application.ReadWrite.OwnedBy"),
      graphRole("Directory.ReadWrite.All"),
      graphRole("Group.ReadWrite.All"),
      graphRole("GroupMember.ReadWrite.All"),
      graphRole("User.ReadWrite.All"),
      graphRole("Mail.ReadWrite"),
      graphRole("Mail.Send"),
      graphRole("Sites.FullControl.All"),
      graphRole("Sites.ReadWrite.All"),
      graphRole("Files.ReadWrite.All"),
      graphRole("Policy.ReadWrite.ConditionalAccess"),
      graphRole("ServicePrincipalEndpoint.ReadWrite.All"),
      graphRole("Domain.ReadWrite.All"),
    ]),
  /** The subset (same keys) that is critical: each lets the holder grant itself anything. */
  criticalAppRoles: z.array(z.object({ resourceAppId: guid, appRoleId: guid })).default([
    { resourceAppId: MICROSOFT_GRAPH_APP_ID, appRoleId: G["RoleManagement.ReadWrite.Directory"] },
    { resourceAppId: MICROSOFT_GRAPH_APP_ID, appRoleId: G["AppRoleAssignment.ReadWrite.All"] },
    { resourceAppId: MICROSOFT_GRAPH_APP_ID, appRoleId: G["Application.ReadWrite.All"] },
    { resourceAppId: MICROSOFT_GRAPH_APP_ID, appRoleId: G["Directory.ReadWrite.All"] },
  ]),
  /** Severity of membership in a role-assignable group that holds nothing yet. */
  roleAssignableGroupSeverity: severity.default("medium"),
  /** `mi-trusted-by-app` when the trusting app holds no computed privilege. */
  trustedByUnprivilegedAppSeverity: severity.default("low"),
  credentialMaxLifetimeDays: z.number().int().positive().default(730),
  credentialExpiryWarningDays: z.number().int().nonnegative().default(30),
  inactivityDays: z.number().int().positive().default(90),
  sharedIdentity: z
    .object({ maxSubscriptions: z.number().int().positive(), maxResources: z.number().int().positive() })
    .default({ maxSubscriptions: 1, maxResources: 5 }),
  /**
   * Issuers a user-assigned identity may trust. `*` matches within one URL segment run (no `/`),
   * `{tenantId}` is this tenant. Trailing slashes are ignored.
   */
  allowedFederatedIssuers: z
    .array(z.string())
    .default([
      "https://token.actions.githubusercontent.com",
      "https://*.oic.prod-aks.azure.com/{tenantId}/*",
      "https://oidc.prod-aks.azure.com/{tenantId}/*",
      "https://vstoken.dev.azure.com/*",
      "https://login.microsoftonline.com/{tenantId}/v2.0",
      "https://login.microsoftonline.us/{tenantId}/v2.0",
      "https://login.chinacloudapi.cn/{tenantId}/v2.0",
    ]),
  /** Case-insensitive regular expressions on the user principal name's local part or display name. */
  serviceAccountNamePatterns: z
    .array(z.string())
    .default([
      "^(svc|srv|sa|service|app|bot|automation|batch|sync|noreply|api|system|sys)[-_.]",
      "[-_.](svc|srv|sa|service|bot|automation|batch|api)$",
    ]),
});

export type RuleConfig = z.output<typeof ruleConfigSchema>;
export type RuleConfigInput = z.input<typeof ruleConfigSchema>;

/** Validates overrides (e.g. from a settings file) and fills in the defaults. */
export function parseRuleConfig(input: unknown): RuleConfig {
  return ruleConfigSchema.parse(input ?? {});
}

export const defaultRuleConfig: RuleConfig = parseRuleConfig({});
