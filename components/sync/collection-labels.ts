// What each collection a sync reads is called on the page; unknown names show as they are.
const labels: Record<string, string> = {
  servicePrincipals: "Service principals",
  applications: "App registrations",
  groups: "Groups",
  groupMemberships: "Group memberships",
  transitiveMemberships: "Transitive memberships (derived)",
  appRoleAssignments: "App role assignments",
  directoryRoleDefinitions: "Directory role definitions",
  directoryRoleAssignments: "Directory role assignments",
  federatedCredentials: "Federated credentials",
  credentials: "Secrets and certificates",
  signIns: "Sign-in activity",
  users: "Users",
  subscriptions: "Subscriptions",
  managementGroups: "Management groups",
  roleDefinitions: "Azure role definitions",
  roleAssignments: "Azure role assignments",
  userAssignedIdentities: "User-assigned identities",
  resources: "Resources with an identity",
  identityAttachments: "Identity attachments",
};

export function collectionLabel(name: string): string {
  return labels[name] ?? name;
}
