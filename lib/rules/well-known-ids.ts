// Microsoft ids the rules key on, copied from shared/reference/api-facts.md (section noted per block).
// Keep them lower-case: every lookup lower-cases the id it compares.

/** api-facts §4 "Built-in Azure role IDs" ([AZD] built-in-roles.md). */
export const AZURE_ROLE = {
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  userAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  rbacAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
  reservationsAdministrator: "a8889054-8d42-49c9-bc1c-52486c10e7cd",
  keyVaultAdministrator: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
  keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  storageBlobDataReader: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  storageAccountContributor: "17d1049b-9a84-46fb-8f53-869881c3d3ab",
  virtualMachineContributor: "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
  managedIdentityOperator: "f1a07417-d97a-45cb-824c-7a7467783830",
  managedIdentityContributor: "e40ec5ca-96e0-45a2-b4ff-59039f2c2b59",
} as const;

/** api-facts §2 "Privileged built-in Entra roles" (template ids; "privileged" label per [ENTRA]). */
export const DIRECTORY_ROLE = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  privilegedRoleAdministrator: "e8611ab8-c189-46e8-94e1-60213ab1f814",
  privilegedAuthenticationAdministrator: "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
  applicationAdministrator: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
  cloudApplicationAdministrator: "158c047a-c907-4556-b7ef-446551a6b5f7",
  applicationDeveloper: "cf1c38e5-3621-4004-a7cb-879624dced7c",
  securityAdministrator: "194ae4cb-b126-40b2-bd5b-6091b380977d",
  conditionalAccessAdministrator: "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
  userAdministrator: "fe930be7-5e62-47db-91af-98c3a49a38b1",
  authenticationAdministrator: "c4e39bd9-1100-46d3-8c65-fb160da0071f",
  hybridIdentityAdministrator: "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
  helpdeskAdministrator: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
  passwordAdministrator: "966707d0-3269-4727-9be2-8c3a10f19b9d",
  intuneAdministrator: "3a2c62db-5318-420d-8d74-23affee5d9d5",
  directoryWriters: "9360feb5-f418-4baa-8175-e2a00bac4301",
  domainNameAdministrator: "8329153b-31d0-4727-b945-745eb3bc5f31",
  externalIdentityProviderAdministrator: "be2f45a1-457d-42af-a067-6ec1fa63bc45",
  globalReader: "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
  securityReader: "5d6b6bb7-de71-4623-b4af-96380a352509",
  securityOperator: "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f",
  cloudDeviceAdministrator: "7698a772-787b-4ac8-901f-60d6b08affd2",
  lifecycleWorkflowsAdministrator: "59d46f88-662b-457b-bceb-5c3809e5908f",
  // Not privileged; used by tests as the near miss.
  directoryReaders: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
} as const;

/** api-facts §1: Microsoft Graph's appId is the same in every tenant. */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
/** api-facts §2: SharePoint Online reuses Graph app role GUIDs for its own roles. */
export const SHAREPOINT_ONLINE_APP_ID = "00000003-0000-0ff1-ce00-000000000000";

/** api-facts §2 "High-risk Microsoft Graph application permissions" (app role ids on Graph). */
export const GRAPH_APP_ROLE = {
  "RoleManagement.ReadWrite.Directory": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8",
  "AppRoleAssignment.ReadWrite.All": "06b708a9-e830-4db3-a914-8e69da51d44f",
  "Application.ReadWrite.All": "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
  "Application.ReadWrite.OwnedBy": "18a4783c-866b-4cc7-a460-3d5e5662c884",
  "Directory.ReadWrite.All": "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
  "Group.ReadWrite.All": "62a82d76-70ea-41e2-9197-370581804d09",
  "GroupMember.ReadWrite.All": "dbaae8cf-10b5-4b86-a4a1-f871c94c6695",
  "User.ReadWrite.All": "741f803b-c850-494e-b5df-cde7c675a1ca",
  "Mail.ReadWrite": "e2a3a72e-5f79-4c64-b1b1-878b674786c9",
  "Mail.Send": "b633e1c5-b582-4048-a93e-9f11b44c7e96",
  "Sites.FullControl.All": "a82116e5-55eb-4c41-a434-62fe8a61c773",
  "Sites.ReadWrite.All": "9492366f-7969-46a4-8d15-ed1a20078fff",
  "Files.ReadWrite.All": "75359482-378d-4052-8f01-80520e7db3cd",
  "Policy.ReadWrite.ConditionalAccess": "01c0a623-fc9b-48e9-b794-0756f8e8f067",
  "ServicePrincipalEndpoint.ReadWrite.All": "89c8469c-83ad-45f7-8ff2-6e3d4285709e",
  "Domain.ReadWrite.All": "7e05723c-0bb0-42da-be95-ae9f08a6e53c",
  // Read-only; not high-risk by default, kept for tests and for tenants that want them.
  "Directory.Read.All": "7ab1d382-f21e-4acd-a863-ba3e13f7da61",
  "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
  "Application.Read.All": "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
} as const;
