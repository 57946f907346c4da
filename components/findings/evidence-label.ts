// Evidence keys (camelCase, written by the rules) as labels people read.

const labels: Record<string, string> = {
  appId: "App (client) id",
  appDisplayName: "App",
  appPrivilege: "App's privilege",
  appSignInAudience: "App sign-in audience",
  appServicePrincipalId: "App's service principal id",
  applicationObjectId: "App registration object id",
  appRoleAssignments: "App role assignments",
  appRoleId: "App role id",
  assignments: "Assignments",
  assignmentId: "Assignment id",
  attachedResourceIds: "Attached resources",
  audiences: "Audiences",
  controller: "Who can take control",
  credentialKeyIds: "Credential key ids",
  daysLeft: "Days left",
  directoryScopeId: "Directory scope",
  endDateTime: "Expires",
  federatedCredentialId: "Federated credential id",
  hostResourceId: "Host resource",
  identityActsAsApps: "The identity can act as",
  identityResourceId: "Identity resource",
  lastNonInteractiveSignInAt: "Last non-interactive sign-in",
  lastSignInAt: "Last sign-in",
  lifetimeDays: "Lifetime (days)",
  longLivedKeyIds: "Long-lived key ids",
  maxLifetimeDays: "Longest lifetime allowed (days)",
  privilegedAssignmentIds: "Privileged assignments",
  privilegedBecause: "Privileged because",
  privilegeSeverity: "Privilege",
  resourceAppId: "Resource app id",
  resourcesEnumeratedAt: "Resources enumerated completely at",
  roleAssignments: "Azure role assignments",
  roleDefinitionId: "Role definition id",
  routes: "How",
  scopeLevel: "Scope level",
  servicePrincipalId: "Service principal id",
  startDateTime: "Created",
  subscriptionIds: "Subscriptions",
  targetResourceId: "Target resource",
  templateId: "Template id",
  viaGroupPath: "Through groups",
  viaGroups: "Through groups",
  warningDays: "Warning window (days)",
};

/** "roleDefinitionId" → "Role definition id" unless a better label is known. */
export function evidenceLabel(key: string): string {
  const known = labels[key];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Ids and long references read best after the names they belong to. */
export function isReferenceKey(key: string): boolean {
  return /(Id|Ids|ResourceId)$/.test(key) || key === "id";
}
