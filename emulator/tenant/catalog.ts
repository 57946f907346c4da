// Microsoft's fixed, tenant-independent data: well-known app ids, Microsoft Graph application
// permissions, built-in Entra directory roles and built-in Azure roles (ids from Microsoft docs,
// see shared/reference/api-facts.md).

export const MICROSOFT_TENANT_ID = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export interface GraphPermission {
  id: string;
  value: string;
  displayName: string;
}

/** Application permissions (app roles) of the Microsoft Graph service principal. */
export const GRAPH_APP_ROLES: readonly GraphPermission[] = [
  {
    id: "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8",
    value: "RoleManagement.ReadWrite.Directory",
    displayName: "Read and write all directory RBAC settings",
  },
  {
    id: "483bed4a-2ad3-4361-a73b-c83ccdbdc53c",
    value: "RoleManagement.Read.Directory",
    displayName: "Read all directory RBAC settings",
  },
  {
    id: "06b708a9-e830-4db3-a914-8e69da51d44f",
    value: "AppRoleAssignment.ReadWrite.All",
    displayName: "Manage app permission grants and app role assignments",
  },
  {
    id: "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
    value: "Application.ReadWrite.All",
    displayName: "Read and write all applications",
  },
  {
    id: "18a4783c-866b-4cc7-a460-3d5e5662c884",
    value: "Application.ReadWrite.OwnedBy",
    displayName: "Manage apps that this app creates or owns",
  },
  { id: "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", value: "Application.Read.All", displayName: "Read all applications" },
  {
    id: "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
    value: "Directory.ReadWrite.All",
    displayName: "Read and write directory data",
  },
  { id: "7ab1d382-f21e-4acd-a863-ba3e13f7da61", value: "Directory.Read.All", displayName: "Read directory data" },
  {
    id: "62a82d76-70ea-41e2-9197-370581804d09",
    value: "Group.ReadWrite.All",
    displayName: "Read and write all groups",
  },
  { id: "5b567255-7703-4780-807c-7be8301ae99b", value: "Group.Read.All", displayName: "Read all groups" },
  {
    id: "dbaae8cf-10b5-4b86-a4a1-f871c94c6695",
    value: "GroupMember.ReadWrite.All",
    displayName: "Read and write all group memberships",
  },
  {
    id: "98830695-27a2-44f7-8c18-0c3ebc9698f6",
    value: "GroupMember.Read.All",
    displayName: "Read all group memberships",
  },
  {
    id: "741f803b-c850-494e-b5df-cde7c675a1ca",
    value: "User.ReadWrite.All",
    displayName: "Read and write all users' full profiles",
  },
  { id: "df021288-bdef-4463-88db-98f22de89214", value: "User.Read.All", displayName: "Read all users' full profiles" },
  {
    id: "e2a3a72e-5f79-4c64-b1b1-878b674786c9",
    value: "Mail.ReadWrite",
    displayName: "Read and write mail in all mailboxes",
  },
  { id: "b633e1c5-b582-4048-a93e-9f11b44c7e96", value: "Mail.Send", displayName: "Send mail as any user" },
  {
    id: "a82116e5-55eb-4c41-a434-62fe8a61c773",
    value: "Sites.FullControl.All",
    displayName: "Have full control of all site collections",
  },
  {
    id: "9492366f-7969-46a4-8d15-ed1a20078fff",
    value: "Sites.ReadWrite.All",
    displayName: "Read and write items in all site collections",
  },
  {
    id: "332a536c-c7ef-4017-ab91-336970924f0d",
    value: "Sites.Read.All",
    displayName: "Read items in all site collections",
  },
  {
    id: "75359482-378d-4052-8f01-80520e7db3cd",
    value: "Files.ReadWrite.All",
    displayName: "Read and write files in all site collections",
  },
  {
    id: "01d4889c-1287-42c6-ac1f-5d1e02578ef6",
    value: "Files.Read.All",
    displayName: "Read files in all site collections",
  },
  {
    id: "01c0a623-fc9b-48e9-b794-0756f8e8f067",
    value: "Policy.ReadWrite.ConditionalAccess",
    displayName: "Read and write your organization's conditional access policies",
  },
  {
    id: "246dd0d5-5bd0-4def-940b-0421030a5b68",
    value: "Policy.Read.All",
    displayName: "Read your organization's policies",
  },
  {
    id: "89c8469c-83ad-45f7-8ff2-6e3d4285709e",
    value: "ServicePrincipalEndpoint.ReadWrite.All",
    displayName: "Read and update service principal endpoints",
  },
  { id: "7e05723c-0bb0-42da-be95-ae9f08a6e53c", value: "Domain.ReadWrite.All", displayName: "Read and write domains" },
  { id: "b0afded3-3588-46d8-8b3d-9842eff778da", value: "AuditLog.Read.All", displayName: "Read all audit log data" },
  { id: "230c1aed-a721-4c5d-9cb4-a90514e508ef", value: "Reports.Read.All", displayName: "Read all usage reports" },
];

export function graphRole(value: string): GraphPermission {
  const role = GRAPH_APP_ROLES.find((r) => r.value === value);
  if (!role) throw new Error(`unknown Graph app role ${value}`);
  return role;
}

/** Read-only permissions the generator hands out to ordinary workloads. */
export const BENIGN_GRAPH_ROLES = [
  "User.Read.All",
  "Group.Read.All",
  "Directory.Read.All",
  "Sites.Read.All",
  "Files.Read.All",
  "Reports.Read.All",
  "Policy.Read.All",
] as const;
/** High-risk permissions (api-facts §2); a small share of workloads get one. */
export const RISKY_GRAPH_ROLES = [
  "Mail.Send",
  "Mail.ReadWrite",
  "User.ReadWrite.All",
  "Group.ReadWrite.All",
  "Sites.ReadWrite.All",
  "Files.ReadWrite.All",
  "Application.ReadWrite.All",
  "Directory.ReadWrite.All",
  "AppRoleAssignment.ReadWrite.All",
  "RoleManagement.ReadWrite.Directory",
] as const;

export interface DirectoryRoleTemplate {
  id: string;
  displayName: string;
  description: string;
  actions: string[];
}

export const DIRECTORY_ROLES: readonly DirectoryRoleTemplate[] = [
  {
    id: "62e90394-69f5-4237-9190-012177145e10",
    displayName: "Global Administrator",
    description:
      "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.",
    actions: ["microsoft.directory/allEntities/allProperties/allTasks"],
  },
  {
    id: "e8611ab8-c189-46e8-94e1-60213ab1f814",
    displayName: "Privileged Role Administrator",
    description:
      "Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.",
    actions: ["microsoft.directory/roleAssignments/allProperties/allTasks"],
  },
  {
    id: "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
    displayName: "Privileged Authentication Administrator",
    description:
      "Can access to view, set and reset authentication method information for any user (admin or non-admin).",
    actions: ["microsoft.directory/users/authenticationMethods/standard/restrictedRead"],
  },
  {
    id: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
    displayName: "Application Administrator",
    description: "Can create and manage all aspects of app registrations and enterprise apps.",
    actions: ["microsoft.directory/applications/allProperties/allTasks"],
  },
  {
    id: "158c047a-c907-4556-b7ef-446551a6b5f7",
    displayName: "Cloud Application Administrator",
    description: "Can create and manage all aspects of app registrations and enterprise apps except App Proxy.",
    actions: ["microsoft.directory/applications/credentials/update"],
  },
  {
    id: "cf1c38e5-3621-4004-a7cb-879624dced7c",
    displayName: "Application Developer",
    description: "Can create application registrations independent of the 'Users can register applications' setting.",
    actions: ["microsoft.directory/applications/createAsOwner"],
  },
  {
    id: "194ae4cb-b126-40b2-bd5b-6091b380977d",
    displayName: "Security Administrator",
    description:
      "Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.",
    actions: ["microsoft.directory/policies/standard/read"],
  },
  {
    id: "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
    displayName: "Conditional Access Administrator",
    description: "Can manage Conditional Access capabilities.",
    actions: ["microsoft.directory/conditionalAccessPolicies/create"],
  },
  {
    id: "fe930be7-5e62-47db-91af-98c3a49a38b1",
    displayName: "User Administrator",
    description: "Can manage all aspects of users and groups, including resetting passwords for limited admins.",
    actions: ["microsoft.directory/users/create"],
  },
  {
    id: "c4e39bd9-1100-46d3-8c65-fb160da0071f",
    displayName: "Authentication Administrator",
    description: "Can access to view, set and reset authentication method information for any non-admin user.",
    actions: ["microsoft.directory/users/authenticationMethods/create"],
  },
  {
    id: "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
    displayName: "Hybrid Identity Administrator",
    description:
      "Can manage AD to Microsoft Entra cloud provisioning, Microsoft Entra Connect, and federation settings.",
    actions: ["microsoft.directory/applications/audience/update"],
  },
  {
    id: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
    displayName: "Helpdesk Administrator",
    description: "Can reset passwords for non-administrators and Helpdesk Administrators.",
    actions: ["microsoft.directory/users/password/update"],
  },
  {
    id: "966707d0-3269-4727-9be2-8c3a10f19b9d",
    displayName: "Password Administrator",
    description: "Can reset passwords for non-administrators and Password Administrators.",
    actions: ["microsoft.directory/users/password/update"],
  },
  {
    id: "3a2c62db-5318-420d-8d74-23affee5d9d5",
    displayName: "Intune Administrator",
    description: "Can manage all aspects of the Intune product.",
    actions: ["microsoft.directory/devices/basic/update"],
  },
  {
    id: "9360feb5-f418-4baa-8175-e2a00bac4301",
    displayName: "Directory Writers",
    description: "Can read and write basic directory information.",
    actions: ["microsoft.directory/groups/create"],
  },
  {
    id: "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
    displayName: "Global Reader",
    description: "Can read everything that a Global Administrator can, but not update anything.",
    actions: ["microsoft.directory/allEntities/allProperties/read"],
  },
  {
    id: "5d6b6bb7-de71-4623-b4af-96380a352509",
    displayName: "Security Reader",
    description: "Can read security information and reports in Microsoft Entra ID and Office 365.",
    actions: ["microsoft.directory/policies/standard/read"],
  },
  {
    id: "29232cdf-9323-42fd-ade2-1d097af3e4de",
    displayName: "Exchange Administrator",
    description: "Can manage all aspects of the Exchange product.",
    actions: ["microsoft.office365.exchange/allEntities/basic/allTasks"],
  },
  {
    id: "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
    displayName: "SharePoint Administrator",
    description: "Can manage all aspects of the SharePoint service.",
    actions: ["microsoft.office365.sharePoint/allEntities/allTasks"],
  },
  {
    id: "fdd7a751-b60b-444a-984c-02652fe8fa1c",
    displayName: "Groups Administrator",
    description:
      "Members of this role can create/manage groups, create/manage groups settings like naming and expiration policies, and view groups activity and audit reports.",
    actions: ["microsoft.directory/groups/create"],
  },
  {
    id: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
    displayName: "Directory Readers",
    description:
      "Can read basic directory information. Commonly used to grant directory read access to applications and guests.",
    actions: ["microsoft.directory/users/standard/read"],
  },
];

export function directoryRole(displayName: string): DirectoryRoleTemplate {
  const role = DIRECTORY_ROLES.find((r) => r.displayName === displayName);
  if (!role) throw new Error(`unknown directory role ${displayName}`);
  return role;
}

export interface AzureRoleTemplate {
  id: string;
  roleName: string;
  description: string;
  actions: string[];
  notActions?: string[];
  dataActions?: string[];
}

export const AZURE_BUILTIN_ROLES: readonly AzureRoleTemplate[] = [
  {
    id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    roleName: "Owner",
    description: "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
    actions: ["*"],
  },
  {
    id: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    roleName: "Contributor",
    description: "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.",
    actions: ["*"],
    notActions: [
      "Microsoft.Authorization/*/Delete",
      "Microsoft.Authorization/*/Write",
      "Microsoft.Authorization/elevateAccess/Action",
    ],
  },
  {
    id: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    roleName: "Reader",
    description: "View all resources, but does not allow you to make any changes.",
    actions: ["*/read"],
  },
  {
    id: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    roleName: "User Access Administrator",
    description: "Lets you manage user access to Azure resources.",
    actions: ["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"],
  },
  {
    id: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
    roleName: "Role Based Access Control Administrator",
    description: "Manage access to Azure resources by assigning roles using Azure RBAC.",
    actions: [
      "Microsoft.Authorization/roleAssignments/write",
      "Microsoft.Authorization/roleAssignments/delete",
      "*/read",
    ],
  },
  {
    id: "a8889054-8d42-49c9-bc1c-52486c10e7cd",
    roleName: "Reservations Administrator",
    description: "Lets one read and manage all the reservations in a tenant",
    actions: ["Microsoft.Capacity/*/read", "Microsoft.Capacity/*/action", "Microsoft.Capacity/*/write"],
  },
  {
    id: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
    roleName: "Key Vault Administrator",
    description: "Perform all data plane operations on a key vault and all objects in it.",
    actions: ["Microsoft.KeyVault/checkNameAvailability/read", "Microsoft.KeyVault/vaults/*/read"],
    dataActions: ["Microsoft.KeyVault/vaults/*"],
  },
  {
    id: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
    roleName: "Key Vault Secrets Officer",
    description: "Perform any action on the secrets of a key vault, except manage permissions.",
    actions: ["Microsoft.KeyVault/vaults/*/read"],
    dataActions: ["Microsoft.KeyVault/vaults/secrets/*"],
  },
  {
    id: "4633458b-17de-408a-b874-0445c86b69e6",
    roleName: "Key Vault Secrets User",
    description: "Read secret contents.",
    actions: [],
    dataActions: [
      "Microsoft.KeyVault/vaults/secrets/getSecret/action",
      "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
    ],
  },
  {
    id: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
    roleName: "Storage Blob Data Owner",
    description:
      "Provides full access to Azure Storage blob containers and data, including assigning POSIX access control.",
    actions: ["Microsoft.Storage/storageAccounts/blobServices/containers/*"],
    dataActions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"],
  },
  {
    id: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    roleName: "Storage Blob Data Contributor",
    description: "Read, write, and delete Azure Storage containers and blobs.",
    actions: [
      "Microsoft.Storage/storageAccounts/blobServices/containers/delete",
      "Microsoft.Storage/storageAccounts/blobServices/containers/read",
      "Microsoft.Storage/storageAccounts/blobServices/containers/write",
    ],
    dataActions: [
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
    ],
  },
  {
    id: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    roleName: "Storage Blob Data Reader",
    description: "Read and list Azure Storage containers and blobs.",
    actions: ["Microsoft.Storage/storageAccounts/blobServices/containers/read"],
    dataActions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"],
  },
  {
    id: "17d1049b-9a84-46fb-8f53-869881c3d3ab",
    roleName: "Storage Account Contributor",
    description:
      "Lets you manage storage accounts, including accessing storage account keys which provide full access to storage account data.",
    actions: ["Microsoft.Storage/storageAccounts/*", "Microsoft.Resources/subscriptions/resourceGroups/read"],
  },
  {
    id: "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
    roleName: "Virtual Machine Contributor",
    description: "Create and manage virtual machines, manage disks, install and run software.",
    actions: [
      "Microsoft.Compute/virtualMachines/*",
      "Microsoft.Compute/disks/*",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
    ],
  },
  {
    id: "f1a07417-d97a-45cb-824c-7a7467783830",
    roleName: "Managed Identity Operator",
    description: "Read and Assign User Assigned Identity",
    actions: [
      "Microsoft.ManagedIdentity/userAssignedIdentities/*/read",
      "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
    ],
  },
  {
    id: "e40ec5ca-96e0-45a2-b4ff-59039f2c2b59",
    roleName: "Managed Identity Contributor",
    description: "Create, Read, Update, and Delete User Assigned Identity",
    actions: [
      "Microsoft.ManagedIdentity/userAssignedIdentities/read",
      "Microsoft.ManagedIdentity/userAssignedIdentities/write",
      "Microsoft.ManagedIdentity/userAssignedIdentities/delete",
    ],
  },
];

export function azureRole(roleName: string): AzureRoleTemplate {
  const role = AZURE_BUILTIN_ROLES.find((r) => r.roleName === roleName);
  if (!role) throw new Error(`unknown Azure role ${roleName}`);
  return role;
}

/** Resource kinds that carry `identity` blocks, with the share of generated resources of each. */
export const RESOURCE_KINDS = [
  { type: "Microsoft.Compute/virtualMachines", prefix: "vm", weight: 18, combinedType: "SystemAssigned, UserAssigned" },
  { type: "Microsoft.Web/sites", prefix: "app", weight: 18, kind: "app", combinedType: "SystemAssigned, UserAssigned" },
  {
    type: "Microsoft.Web/sites",
    prefix: "func",
    weight: 12,
    kind: "functionapp",
    combinedType: "SystemAssigned, UserAssigned",
  },
  {
    type: "Microsoft.ContainerService/managedClusters",
    prefix: "aks",
    weight: 6,
    combinedType: "SystemAssigned, UserAssigned",
  },
  { type: "Microsoft.App/containerApps", prefix: "ca", weight: 8, combinedType: "SystemAssigned,UserAssigned" },
  { type: "Microsoft.Logic/workflows", prefix: "logic", weight: 8, combinedType: "SystemAssigned, UserAssigned" },
  {
    type: "Microsoft.Storage/storageAccounts",
    prefix: "st",
    weight: 10,
    kind: "StorageV2",
    combinedType: "SystemAssigned,UserAssigned",
  },
  { type: "Microsoft.KeyVault/vaults", prefix: "kv", weight: 6, combinedType: "SystemAssigned, UserAssigned" },
  { type: "Microsoft.DataFactory/factories", prefix: "adf", weight: 5, combinedType: "SystemAssigned,UserAssigned" },
  {
    type: "Microsoft.Automation/automationAccounts",
    prefix: "aa",
    weight: 4,
    combinedType: "SystemAssigned, UserAssigned",
  },
  { type: "Microsoft.Sql/servers", prefix: "sql", weight: 5, combinedType: "SystemAssigned,UserAssigned" },
] as const;

export const LOCATIONS = [
  "westeurope",
  "northeurope",
  "eastus",
  "eastus2",
  "westus2",
  "uksouth",
  "swedencentral",
] as const;

/** A few Microsoft first-party service principals every tenant has (appIds are Microsoft's). */
export const FIRST_PARTY_APPS = [
  { appId: GRAPH_APP_ID, displayName: "Microsoft Graph" },
  { appId: "00000003-0000-0ff1-ce00-000000000000", displayName: "Office 365 SharePoint Online" },
  { appId: "00000002-0000-0ff1-ce00-000000000000", displayName: "Office 365 Exchange Online" },
  { appId: "797f4846-ba00-4fd7-ba43-dac1f8f63013", displayName: "Windows Azure Service Management API" },
  { appId: "00000009-0000-0000-c000-000000000000", displayName: "Power BI Service" },
  { appId: "cfa8b339-82a2-471a-a3c9-0fc0be7a4093", displayName: "Azure Key Vault" },
] as const;
