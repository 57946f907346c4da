// A large, deterministic, in-memory tenant for the scale smoke test (and later benchmarks): realistic
// proportions of identities, hosts, grants and nested groups, with a sprinkling of every risk.
import type {
  AppRoleAssignmentRecord,
  ApplicationRecord,
  CredentialRecord,
  DirectoryRoleAssignmentRecord,
  FederatedCredentialRecord,
  GroupMembershipRecord,
  GroupRecord,
  IdentityAttachmentRecord,
  ManagementGroupRecord,
  ResourceRecord,
  RoleAssignmentRecord,
  ServicePrincipalRecord,
  Snapshot,
  SubscriptionRecord,
  UserRecord,
} from "../snapshot";
import { AZURE_ROLE, DIRECTORY_ROLE, GRAPH_APP_ROLE, MICROSOFT_GRAPH_APP_ID } from "../well-known-ids";
import {
  builtInRoleDefinitions,
  daysBefore,
  managementGroupScope,
  scopeLevelOf,
  TEST_NOW,
  TEST_TENANT_ID,
} from "./factories";

export interface SyntheticSize {
  readonly identities: number;
  readonly roleAssignments: number;
  readonly memberships: number;
  readonly seed?: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function guid(prefix: number, n: number): string {
  return `${prefix.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

export function buildSyntheticSnapshot(size: SyntheticSize): Snapshot {
  const random = mulberry32(size.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;

  const managementGroups: ManagementGroupRecord[] = [
    {
      id: managementGroupScope(TEST_TENANT_ID),
      name: TEST_TENANT_ID,
      displayName: "Tenant Root Group",
      parentId: null,
    },
  ];
  for (let i = 0; i < 5; i += 1) {
    managementGroups.push({
      id: managementGroupScope(`mg-${i}`),
      name: `mg-${i}`,
      displayName: `mg-${i}`,
      parentId: managementGroupScope(TEST_TENANT_ID),
    });
  }
  // Azure caps a subscription at ~4,000 role assignments, so 500k assignments need well over 100 of them.
  const subscriptionCount = Math.max(3, Math.ceil(size.roleAssignments / 3_500));
  const subscriptions: SubscriptionRecord[] = Array.from({ length: subscriptionCount }, (_, i) => ({
    id: guid(0x5b, i),
    displayName: `sub-${i}`,
    managementGroupId: managementGroupScope(`mg-${i % 5}`),
    // One subscription was not enumerated completely: orphan rules must skip it.
    resourcesEnumeratedAt: i === subscriptionCount - 1 ? null : daysBefore(0),
  }));
  const rgOf = (sub: SubscriptionRecord, n: number) => `/subscriptions/${sub.id}/resourcegroups/rg-${n % 40}`;

  const servicePrincipals: ServicePrincipalRecord[] = [];
  const resources: ResourceRecord[] = [];
  const attachments: IdentityAttachmentRecord[] = [];
  const federatedCredentials: FederatedCredentialRecord[] = [];
  const computeResources: ResourceRecord[] = [];
  const computeBySubscription = new Map<string, ResourceRecord[]>();

  const base = {
    accountEnabled: true,
    appOwnerOrganizationId: null,
    signInAudience: null,
    appRoleValues: [],
    lastSignInAt: daysBefore(1),
    firstSeenAt: daysBefore(365),
  };

  for (let i = 0; i < size.identities; i += 1) {
    const sub = pick(subscriptions);
    const rg = rgOf(sub, i);
    const id = guid(0x1d, i);
    const systemAssigned = chance(0.6);
    const disabled = chance(0.002);
    const stale = chance(0.02);
    if (systemAssigned) {
      const type = chance(0.5) ? "microsoft.web/sites" : "microsoft.compute/virtualmachines";
      const name = `host-${i}`;
      const hostId = `${rg}/providers/${type}/${name}`;
      servicePrincipals.push({
        ...base,
        id,
        appId: guid(0x1e, i),
        displayName: name,
        servicePrincipalType: "ManagedIdentity",
        accountEnabled: !disabled,
        miKind: "SystemAssigned",
        miResourceId: hostId,
        subscriptionId: sub.id,
        resourceGroup: `rg-${i % 40}`,
        resourceType: type,
        lastSignInAt: stale ? daysBefore(200) : daysBefore(1),
      });
      // About 1% of hosts are gone: orphaned system-assigned identities.
      if (!chance(0.01)) {
        const host: ResourceRecord = {
          id: hostId,
          armId: hostId,
          subscriptionId: sub.id,
          resourceGroup: `rg-${i % 40}`,
          type,
          name,
          identityType: "SystemAssigned",
          principalId: id,
          clientId: null,
        };
        resources.push(host);
        computeResources.push(host);
        const list = computeBySubscription.get(sub.id);
        if (list) list.push(host);
        else computeBySubscription.set(sub.id, [host]);
      }
    } else {
      const name = `uami-${i}`;
      const identityId = `${rg}/providers/microsoft.managedidentity/userassignedidentities/${name}`;
      servicePrincipals.push({
        ...base,
        id,
        appId: guid(0x1e, i),
        displayName: name,
        servicePrincipalType: "ManagedIdentity",
        accountEnabled: !disabled,
        miKind: "UserAssigned",
        miResourceId: identityId,
        subscriptionId: sub.id,
        resourceGroup: `rg-${i % 40}`,
        resourceType: "microsoft.managedidentity/userassignedidentities",
        lastSignInAt: stale ? daysBefore(200) : daysBefore(1),
      });
      resources.push({
        id: identityId,
        armId: identityId,
        subscriptionId: sub.id,
        resourceGroup: `rg-${i % 40}`,
        type: "microsoft.managedidentity/userassignedidentities",
        name,
        identityType: null,
        principalId: id,
        clientId: guid(0x1e, i),
      });
      if (chance(0.05)) {
        federatedCredentials.push({
          id: `${identityId}/federatedidentitycredentials/fic`,
          ownerType: "UserAssignedIdentity",
          ownerId: identityId,
          name: "fic",
          issuer: chance(0.9) ? "https://token.actions.githubusercontent.com" : "https://unknown-issuer.example",
          subject: chance(0.9) ? `repo:contoso/app-${i}:environment:production` : `repo:contoso/app-${i}:pull_request`,
          audiences: ["api://AzureADTokenExchange"],
        });
      } else if (!chance(0.01) && computeResources.length > 0) {
        // Mostly hosts in the identity's own subscription; ~1% are shared across subscriptions.
        const local = computeBySubscription.get(sub.id) ?? computeResources;
        const crossSubscription = chance(0.01);
        const count = chance(0.01) ? 7 : 1 + Math.floor(random() * 2);
        for (let k = 0; k < count; k += 1) {
          const r = pick(crossSubscription ? computeResources : local);
          attachments.push({
            resourceId: r.id,
            identityResourceId: identityId,
            principalId: id,
            clientId: null,
            subscriptionId: r.subscriptionId,
          });
        }
      }
    }
  }
  const identities = servicePrincipals.slice();

  const applications: ApplicationRecord[] = [];
  const credentials: CredentialRecord[] = [];
  const appCount = Math.max(1, Math.floor(size.identities / 10));
  for (let i = 0; i < appCount; i += 1) {
    const appId = guid(0xa9, i);
    const application: ApplicationRecord = {
      id: guid(0xa0, i),
      appId,
      displayName: `app-${i}`,
      signInAudience: chance(0.05) ? "AzureADMultipleOrgs" : "AzureADMyOrg",
    };
    applications.push(application);
    servicePrincipals.push({
      ...base,
      id: guid(0xa5, i),
      appId,
      displayName: application.displayName,
      servicePrincipalType: "Application",
      appOwnerOrganizationId: TEST_TENANT_ID,
      signInAudience: application.signInAudience,
      miKind: null,
      miResourceId: null,
      subscriptionId: null,
      resourceGroup: null,
      resourceType: null,
    });
    if (chance(0.5)) {
      const lifetime = chance(0.2) ? 1095 : 180;
      const start = daysBefore(Math.floor(random() * 170));
      credentials.push({
        ownerId: application.id,
        ownerType: "Application",
        keyId: guid(0xc0, i),
        kind: chance(0.7) ? "password" : "certificate",
        displayName: null,
        type: null,
        usage: "Verify",
        startDateTime: start,
        endDateTime: new Date(start.getTime() + lifetime * 86_400_000),
        isPlatformManaged: false,
      });
    }
  }
  for (const mi of identities) {
    credentials.push({
      ownerId: mi.id,
      ownerType: "ServicePrincipal",
      keyId: `platform-${mi.id}`,
      kind: "certificate",
      displayName: null,
      type: "AsymmetricX509Cert",
      usage: "Verify",
      startDateTime: daysBefore(30),
      endDateTime: daysBefore(-60),
      isPlatformManaged: true,
    });
  }

  const users: UserRecord[] = Array.from({ length: Math.max(1, Math.floor(size.identities / 5)) }, (_, i) => ({
    id: guid(0x05, i),
    userPrincipalName: chance(0.01) ? `svc-job-${i}@contoso.example` : `person.${i}@contoso.example`,
    displayName: null,
    accountEnabled: true,
    userType: "Member",
    lastSignInAt: daysBefore(2),
    lastNonInteractiveSignInAt: daysBefore(1),
  }));

  const groupCount = Math.max(5, Math.floor(size.identities / 20));
  // The newest group is the role-assignable one: nesting only goes into older groups, so it stays a leaf
  // and its privilege reaches its direct members only, as in a tenant that guards such groups.
  const groups: GroupRecord[] = Array.from({ length: groupCount }, (_, i) => ({
    id: guid(0x60, i),
    displayName: `group-${i}`,
    isAssignableToRole: i === groupCount - 1,
  }));
  const adminGroup = groups[groupCount - 1] as GroupRecord;
  const memberships: GroupMembershipRecord[] = [];
  const edges = new Set<string>();
  const addMembership = (groupId: string, memberId: string, memberType: string) => {
    const k = `${groupId}|${memberId}`;
    if (edges.has(k)) return;
    edges.add(k);
    memberships.push({ groupId, memberId, memberType });
  };
  // Nesting: each group may sit in an older group, and a few cycles exist because real tenants have them.
  for (let i = 1; i < groups.length; i += 1) {
    if (i < groupCount - 1 && chance(0.1))
      addMembership((groups[Math.floor(random() * i)] as GroupRecord).id, (groups[i] as GroupRecord).id, "Group");
  }
  addMembership((groups[3] as GroupRecord).id, (groups[1] as GroupRecord).id, "Group");
  addMembership((groups[1] as GroupRecord).id, (groups[3] as GroupRecord).id, "Group");
  let guard = 0;
  while (memberships.length < size.memberships && guard < size.memberships * 2) {
    guard += 1;
    const group = pick(groups);
    if (chance(0.3)) {
      addMembership(group.id, pick(identities).id, "ServicePrincipal");
    } else {
      addMembership(group.id, pick(users).id, "User");
    }
  }

  const roleAssignments: RoleAssignmentRecord[] = [];
  let n = 0;
  const assign = (principalId: string, principalType: string, roleDefinitionId: string, scope: string) => {
    const s = scope.toLowerCase();
    const m = /^\/subscriptions\/([^/]+)/.exec(s);
    n += 1;
    roleAssignments.push({
      id: `${s === "/" ? "" : s}/providers/microsoft.authorization/roleassignments/${guid(0x7a, n)}`,
      scope: s,
      scopeLevel: scopeLevelOf(s),
      subscriptionId: m?.[1] ?? null,
      roleDefinitionId,
      principalId,
      principalType,
      condition: null,
    });
  };
  while (roleAssignments.length < size.roleAssignments) {
    const roll = random();
    if (roll < 0.6) {
      const mi = pick(identities);
      const target =
        computeResources.length > 0 && chance(0.7) ? pick(computeResources).id : rgOf(pick(subscriptions), n);
      // ~0.5% of identity grants are privileged, at every scope level.
      const privileged = chance(0.005);
      assign(
        mi.id,
        "ServicePrincipal",
        privileged
          ? pick([AZURE_ROLE.owner, AZURE_ROLE.contributor])
          : pick([AZURE_ROLE.reader, AZURE_ROLE.storageBlobDataReader, AZURE_ROLE.keyVaultSecretsUser]),
        privileged ? pick([target, `/subscriptions/${pick(subscriptions).id}`, "/"]) : target,
      );
    } else if (roll < 0.85) {
      const user = pick(users);
      assign(
        user.id,
        "User",
        pick([
          AZURE_ROLE.reader,
          AZURE_ROLE.contributor,
          AZURE_ROLE.virtualMachineContributor,
          AZURE_ROLE.managedIdentityOperator,
        ]),
        chance(0.5)
          ? rgOf(pick(subscriptions), n)
          : pick(computeResources.length > 0 ? computeResources : resources).id,
      );
    } else if (roll < 0.87) {
      // Groups mostly carry read access; a few carry Contributor (privileged groups are rare).
      assign(
        pick(groups).id,
        "Group",
        chance(0.01) ? AZURE_ROLE.contributor : AZURE_ROLE.reader,
        rgOf(pick(subscriptions), n),
      );
    } else {
      const app = pick(servicePrincipals.slice(identities.length));
      assign(
        app.id,
        "ServicePrincipal",
        pick([AZURE_ROLE.reader, AZURE_ROLE.contributor]),
        rgOf(pick(subscriptions), n),
      );
    }
  }

  const directoryRoleAssignments: DirectoryRoleAssignmentRecord[] = [];
  for (let i = 0; i < Math.max(1, Math.floor(size.identities / 500)); i += 1) {
    directoryRoleAssignments.push({
      id: `dra-${i}`,
      principalId: pick(identities).id,
      roleDefinitionId: pick([
        DIRECTORY_ROLE.directoryReaders,
        DIRECTORY_ROLE.userAdministrator,
        DIRECTORY_ROLE.globalAdministrator,
      ]),
      directoryScopeId: "/",
    });
  }
  directoryRoleAssignments.push({
    id: "dra-group",
    principalId: adminGroup.id,
    roleDefinitionId: DIRECTORY_ROLE.globalAdministrator,
    directoryScopeId: "/",
  });
  const appRoleAssignments: AppRoleAssignmentRecord[] = [];
  for (let i = 0; i < Math.floor(size.identities / 2); i += 1) {
    const dangerous = chance(0.01);
    appRoleAssignments.push({
      id: `ara-${i}`,
      principalId: pick(identities).id,
      principalType: "ServicePrincipal",
      resourceId: "graph-sp",
      resourceAppId: MICROSOFT_GRAPH_APP_ID,
      resourceDisplayName: "Microsoft Graph",
      appRoleId: dangerous ? GRAPH_APP_ROLE["Directory.ReadWrite.All"] : GRAPH_APP_ROLE["User.Read.All"],
      appRoleValue: null,
    });
  }
  // A few apps trust an identity as their federated credential.
  for (let i = 0; i < Math.min(applications.length, 20); i += 1) {
    const mi = identities.find((sp, k) => k >= i * 7 && sp.miKind === "UserAssigned");
    const app = applications[i] as ApplicationRecord;
    if (!mi) continue;
    federatedCredentials.push({
      id: `app-fic-${i}`,
      ownerType: "Application",
      ownerId: app.id,
      name: "mi",
      issuer: `https://login.microsoftonline.com/${TEST_TENANT_ID}/v2.0`,
      subject: mi.id,
      audiences: ["api://AzureADTokenExchange"],
    });
  }

  return {
    tenantId: TEST_TENANT_ID,
    cloud: "public",
    now: TEST_NOW,
    signInActivityAvailable: true,
    servicePrincipals,
    managementGroups,
    subscriptions,
    resources,
    identityAttachments: attachments,
    roleDefinitions: builtInRoleDefinitions(),
    roleAssignments,
    applications,
    credentials,
    federatedCredentials,
    appRoleAssignments,
    directoryRoleDefinitions: [],
    directoryRoleAssignments,
    groups,
    groupMemberships: memberships,
    users,
  };
}
