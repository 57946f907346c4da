// A tenant where every identity follows least privilege: used to prove no rule fires on good hygiene.
import type { Snapshot } from "../snapshot";
import { AZURE_ROLE, DIRECTORY_ROLE, GRAPH_APP_ROLE } from "../well-known-ids";
import {
  createAppRoleAssignment,
  createAppWithPrincipal,
  createAttachment,
  createDirectoryRoleAssignment,
  createFederatedCredential,
  createGroup,
  createGroupMembership,
  createHostFor,
  createIdentityResourceFor,
  createManagedIdentity,
  createManagementGroup,
  createResource,
  createRoleAssignment,
  createSnapshot,
  createSubscription,
  createUser,
  managementGroupScope,
  resourceGroupScope,
  TEST_TENANT_ID,
} from "./factories";

export function buildCleanSnapshot(): Snapshot {
  const webApp = createManagedIdentity({ kind: "SystemAssigned", displayName: "orders-web" });
  const vmIdentity = createManagedIdentity({
    kind: "SystemAssigned",
    resourceType: "microsoft.compute/virtualmachines",
  });
  const shared = createManagedIdentity({ kind: "UserAssigned", displayName: "orders-data-reader" });
  const deployer = createManagedIdentity({ kind: "UserAssigned", displayName: "github-deployer" });
  const webHost = createHostFor(webApp);
  const vmHost = createHostFor(vmIdentity);
  const functionApp = createResource({ type: "microsoft.web/sites", name: "orders-func" });
  const storage = createResource({
    type: "microsoft.storage/storageaccounts",
    name: "ordersdata",
    resourceGroup: "rg-data",
  });
  const readersGroup = createGroup({ displayName: "orders-readers" });
  const allWorkloads = createGroup({ displayName: "all-workloads" });
  const dev = createUser({ userPrincipalName: "dana.dev@contoso.example" });
  const admin = createUser({ userPrincipalName: "alex.admin@contoso.example" });
  // An app that already moved to federation: no secrets, no Azure roles.
  const { application, principal } = createAppWithPrincipal({ application: { displayName: "orders-portal" } });

  return createSnapshot({
    managementGroups: [
      createManagementGroup(TEST_TENANT_ID),
      createManagementGroup("corp", managementGroupScope(TEST_TENANT_ID)),
    ],
    subscriptions: [createSubscription({ managementGroupId: managementGroupScope("corp") })],
    servicePrincipals: [webApp, vmIdentity, shared, deployer, principal],
    applications: [application],
    resources: [
      webHost,
      vmHost,
      functionApp,
      storage,
      createIdentityResourceFor(shared),
      createIdentityResourceFor(deployer),
    ],
    identityAttachments: [createAttachment(shared, webHost), createAttachment(shared, functionApp)],
    federatedCredentials: [
      createFederatedCredential({
        ownerId: deployer.miResourceId ?? "",
        subject: "repo:contoso/orders:environment:production",
      }),
    ],
    groups: [readersGroup, allWorkloads],
    groupMemberships: [
      createGroupMembership(readersGroup, shared),
      createGroupMembership(allWorkloads, readersGroup, "Group"),
      createGroupMembership(allWorkloads, dev, "User"),
    ],
    users: [dev, admin],
    roleAssignments: [
      createRoleAssignment({
        principalId: shared.id,
        roleDefinitionId: AZURE_ROLE.storageBlobDataReader,
        scope: storage.id,
      }),
      createRoleAssignment({
        principalId: webApp.id,
        roleDefinitionId: AZURE_ROLE.keyVaultSecretsUser,
        scope: resourceGroupScope("rg-app"),
      }),
      createRoleAssignment({
        principalId: deployer.id,
        roleDefinitionId: AZURE_ROLE.storageAccountContributor,
        scope: storage.id,
      }),
      createRoleAssignment({
        principalId: readersGroup.id,
        roleDefinitionId: AZURE_ROLE.reader,
        scope: resourceGroupScope("rg-data"),
        principalType: "Group",
      }),
      createRoleAssignment({
        principalId: dev.id,
        roleDefinitionId: AZURE_ROLE.reader,
        scope: resourceGroupScope("rg-app"),
        principalType: "User",
      }),
      createRoleAssignment({
        principalId: admin.id,
        roleDefinitionId: AZURE_ROLE.owner,
        scope: managementGroupScope("corp"),
        principalType: "User",
      }),
    ],
    directoryRoleAssignments: [
      createDirectoryRoleAssignment({ principalId: vmIdentity.id, roleDefinitionId: DIRECTORY_ROLE.directoryReaders }),
    ],
    appRoleAssignments: [
      createAppRoleAssignment({ principalId: webApp.id, appRoleId: GRAPH_APP_ROLE["User.Read.All"] }),
    ],
    credentials: [],
  });
}
