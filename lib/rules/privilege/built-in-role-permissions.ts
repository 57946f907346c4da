// Control-plane actions of the built-in roles the rules reason about, used only when a snapshot lacks
// the definition (a partial sync): the synced definition always wins. Ids from api-facts §4.
import type { AzurePermission } from "../snapshot";
import { AZURE_ROLE } from "../well-known-ids";

export const builtInRolePermissions: ReadonlyMap<string, { roleName: string; permissions: AzurePermission[] }> =
  new Map([
    [AZURE_ROLE.owner, { roleName: "Owner", permissions: [{ actions: ["*"], notActions: [] }] }],
    [
      AZURE_ROLE.contributor,
      {
        roleName: "Contributor",
        permissions: [
          {
            actions: ["*"],
            notActions: [
              "Microsoft.Authorization/*/Delete",
              "Microsoft.Authorization/*/Write",
              "Microsoft.Authorization/elevateAccess/Action",
              "Microsoft.Blueprint/blueprintAssignments/write",
              "Microsoft.Blueprint/blueprintAssignments/delete",
              "Microsoft.Compute/galleries/share/action",
              "Microsoft.Purview/consents/write",
              "Microsoft.Purview/consents/delete",
            ],
          },
        ],
      },
    ],
    [AZURE_ROLE.reader, { roleName: "Reader", permissions: [{ actions: ["*/read"], notActions: [] }] }],
    [
      AZURE_ROLE.userAccessAdministrator,
      {
        roleName: "User Access Administrator",
        permissions: [{ actions: ["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"], notActions: [] }],
      },
    ],
    [
      AZURE_ROLE.rbacAdministrator,
      {
        roleName: "Role Based Access Control Administrator",
        permissions: [
          {
            actions: [
              "Microsoft.Authorization/roleAssignments/write",
              "Microsoft.Authorization/roleAssignments/delete",
              "*/read",
              "Microsoft.Support/*",
            ],
            notActions: [],
          },
        ],
      },
    ],
    [
      AZURE_ROLE.virtualMachineContributor,
      {
        roleName: "Virtual Machine Contributor",
        permissions: [
          {
            actions: [
              "Microsoft.Authorization/*/read",
              "Microsoft.Compute/virtualMachines/*",
              "Microsoft.Compute/virtualMachineScaleSets/*",
              "Microsoft.Compute/disks/write",
              "Microsoft.Compute/disks/read",
              "Microsoft.Network/networkInterfaces/*",
              "Microsoft.Resources/deployments/*",
              "Microsoft.Resources/subscriptions/resourceGroups/read",
            ],
            notActions: [],
          },
        ],
      },
    ],
    [
      AZURE_ROLE.managedIdentityOperator,
      {
        roleName: "Managed Identity Operator",
        permissions: [
          {
            actions: [
              "Microsoft.ManagedIdentity/userAssignedIdentities/*/read",
              "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
              "Microsoft.Authorization/*/read",
              "Microsoft.Resources/subscriptions/resourceGroups/read",
            ],
            notActions: [],
          },
        ],
      },
    ],
    [
      AZURE_ROLE.managedIdentityContributor,
      {
        roleName: "Managed Identity Contributor",
        permissions: [
          {
            actions: [
              "Microsoft.ManagedIdentity/userAssignedIdentities/read",
              "Microsoft.ManagedIdentity/userAssignedIdentities/write",
              "Microsoft.ManagedIdentity/userAssignedIdentities/delete",
              "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/*",
              "Microsoft.Authorization/*/read",
              "Microsoft.Resources/subscriptions/resourceGroups/read",
            ],
            notActions: [],
          },
        ],
      },
    ],
  ]);
