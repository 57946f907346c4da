// Azure Resource Manager and Resource Graph payloads the product reads, plus the managed-identity
// token responses. Field facts: ../../../shared/reference/api-facts.md §4–5.
import { z } from "zod";
import { armPage, nullableDateTime, nullableString } from "./common";

export const subscription = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  tenantId: nullableString,
  displayName: nullableString,
  state: nullableString,
});
export type ArmSubscription = z.infer<typeof subscription>;

const managementGroupRef = z.object({ id: nullableString, name: nullableString, displayName: nullableString });

export const managementGroup = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  properties: z.object({
    tenantId: nullableString,
    displayName: nullableString,
    details: z.object({ parent: managementGroupRef.nullish() }).nullish(),
  }),
});

/** `/managementGroups/{id}/descendants` entry: a group or a subscription below it. */
export const managementGroupDescendant = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  properties: z.object({
    displayName: nullableString,
    parent: z.object({ id: z.string() }).nullish(),
  }),
});

export const roleAssignment = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string().optional(),
  properties: z.object({
    scope: z.string(),
    roleDefinitionId: z.string(),
    principalId: z.string(),
    principalType: nullableString,
    description: nullableString,
    condition: nullableString,
    conditionVersion: nullableString,
    createdOn: nullableDateTime,
    updatedOn: nullableDateTime,
    delegatedManagedIdentityResourceId: nullableString,
  }),
});
export type ArmRoleAssignment = z.infer<typeof roleAssignment>;

const permission = z.object({
  actions: z.array(z.string()).default([]),
  notActions: z.array(z.string()).default([]),
  dataActions: z.array(z.string()).default([]),
  notDataActions: z.array(z.string()).default([]),
});

export const roleDefinition = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string().optional(),
  properties: z.object({
    roleName: z.string(),
    type: z.string(),
    description: nullableString,
    assignableScopes: z.array(z.string()).default([]),
    permissions: z.array(permission).default([]),
  }),
});
export type ArmRoleDefinition = z.infer<typeof roleDefinition>;

/** The REST shape. `az identity show` flattens `properties`; that form is lifted back so a CLI
 * export can be read too. */
export const userAssignedIdentity = z.preprocess(
  (raw) => {
    if (raw && typeof raw === "object" && !("properties" in raw) && "principalId" in raw) {
      const { principalId, clientId, tenantId, isolationScope, ...rest } = raw as Record<string, unknown>;
      return { ...rest, properties: { principalId, clientId, tenantId, isolationScope } };
    }
    return raw;
  },
  z.object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    location: nullableString,
    tags: z.record(z.string(), z.string()).nullish(),
    properties: z.object({
      principalId: z.string(),
      clientId: z.string(),
      tenantId: nullableString,
      isolationScope: nullableString,
    }),
  }),
);
export type ArmUserAssignedIdentity = z.infer<typeof userAssignedIdentity>;

export const systemAssignedIdentity = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  properties: z.object({ principalId: z.string(), clientId: z.string(), tenantId: nullableString }),
});

export const federatedIdentityCredential = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string().optional(),
  properties: z.object({ issuer: z.string(), subject: z.string(), audiences: z.array(z.string()) }),
});
export type ArmFederatedIdentityCredential = z.infer<typeof federatedIdentityCredential>;

/** A resource's managed identity block. `type` is spelled "SystemAssigned, UserAssigned" by
 * Compute and "SystemAssigned,UserAssigned" elsewhere; `kinds` splits it either way. */
export const resourceIdentity = z
  .object({
    type: z.string(),
    principalId: nullableString,
    tenantId: nullableString,
    userAssignedIdentities: z
      .record(z.string(), z.object({ principalId: nullableString, clientId: nullableString }).nullish())
      .nullish(),
  })
  .transform((identity) => ({
    ...identity,
    kinds: identity.type
      .split(",")
      .map((k) => k.trim().toLowerCase())
      .filter((k) => k && k !== "none"),
  }));
export type ArmResourceIdentity = z.infer<typeof resourceIdentity>;

export const resource = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  location: nullableString,
  tags: z.record(z.string(), z.string()).nullish(),
  identity: resourceIdentity.nullish(),
});
export type ArmResource = z.infer<typeof resource>;

/** A Resource Graph row of a resource with an identity block, or of a user-assigned identity
 * (whose own principal and client ids are projected from its properties). */
export const identityResourceRow = resource.extend({
  subscriptionId: z.string(),
  uamiPrincipalId: nullableString,
  uamiClientId: nullableString,
});
export type ArmIdentityResourceRow = z.infer<typeof identityResourceRow>;

/** A Resource Graph summary of the role assignments of one resource group or subscription scope
 * (or, without either, of the tenant's management groups and root). */
export const roleAssignmentSummaryRow = z.object({
  subscriptionId: nullableString,
  resourceGroup: nullableString,
  n: z.number().int(),
  latest: nullableString,
});
export type RoleAssignmentSummaryRow = z.infer<typeof roleAssignmentSummaryRow>;

/** A Resource Graph summary of the role assignments at one management group (or the root, `/`). */
export const managementGroupSummaryRow = z.object({
  scope: nullableString,
  n: z.number().int(),
  latest: nullableString,
});

/** A Resource Graph summary of the role assignments of one subscription (every scope in it):
 * count, latest write, and how many resource groups hold any (to size the per-group summary). */
export const roleAssignmentSubscriptionSummaryRow = z.object({
  subscriptionId: nullableString,
  n: z.number().int(),
  latest: nullableString,
  groups: z.number().int().nullish(),
});
export type RoleAssignmentSubscriptionSummaryRow = z.infer<typeof roleAssignmentSubscriptionSummaryRow>;

/** How many resources with an identity block (and user-assigned identities) a subscription holds. */
export const resourceCountRow = z.object({ subscriptionId: nullableString, n: z.number().int() });

/** A row of Resource Graph's `resourcechanges` (Microsoft.Resources/changes), as the sync projects it. */
export const resourceChangeRow = z.object({
  id: z.string(),
  targetResourceId: z.string(),
  changeType: z.string(),
  changeTime: nullableString,
});
export type ResourceChangeRow = z.infer<typeof resourceChangeRow>;

export const resourceGraphResponse = z.object({
  totalRecords: z.number().int(),
  count: z.number().int(),
  resultTruncated: z.enum(["true", "false"]),
  $skipToken: z.string().nullish(),
  data: z.array(z.record(z.string(), z.unknown())),
  facets: z.array(z.unknown()).default([]),
});

export const armError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    target: nullableString,
    details: z.array(z.unknown()).nullish(),
  }),
});

/** IMDS and App Service token responses (all strings in both). */
export const managedIdentityToken = z.object({
  access_token: z.string(),
  expires_on: z.union([z.string(), z.number()]),
  expires_in: z.string().optional(),
  resource: z.string(),
  token_type: z.string(),
  client_id: z.string().optional(),
});

export const subscriptionPage = armPage(subscription);
export const roleAssignmentPage = armPage(roleAssignment);
export const roleDefinitionPage = armPage(roleDefinition);
export const userAssignedIdentityPage = armPage(userAssignedIdentity);
export const federatedIdentityCredentialPage = armPage(federatedIdentityCredential);
export const resourcePage = armPage(resource);
export const managementGroupDescendantPage = armPage(managementGroupDescendant);
