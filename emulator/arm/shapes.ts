// ARM JSON for tenant records: subscriptions, management groups, role definitions and assignments,
// user-assigned identities, resources with their `identity` blocks (shapes from azure-rest-api-specs).
import { iso } from "../graph/shapes";
import {
  lower,
  subscriptionOfScope,
  type ManagementGroup,
  type Resource,
  type RoleAssignment,
  type RoleDefinition,
  type Subscription,
  type Tenant,
} from "../tenant/model";

type Json = Record<string, unknown>;

export function subscriptionJson(s: Subscription, tenant: Tenant): Json {
  return {
    id: `/subscriptions/${s.subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId: s.subscriptionId,
    tenantId: tenant.tenantId,
    displayName: s.displayName,
    state: s.state,
    subscriptionPolicies: {
      locationPlacementId: "Public_2014-09-01",
      quotaId: "PayAsYouGo_2014-09-01",
      spendingLimit: "Off",
    },
    tags: {},
  };
}

export const mgId = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;

export function managementGroupJson(mg: ManagementGroup, tenant: Tenant, expandChildren = false): Json {
  const parent = mg.parent ? tenant.managementGroupByName.get(lower(mg.parent)) : undefined;
  const json: Json = {
    id: mgId(mg.name),
    type: "Microsoft.Management/managementGroups",
    name: mg.name,
    properties: {
      tenantId: tenant.tenantId,
      displayName: mg.displayName,
      details: {
        version: 1,
        updatedTime: iso(tenant.info.now - 200 * 86_400_000),
        updatedBy: tenant.servicePrincipals[0]?.id ?? tenant.tenantId,
        parent: parent ? { id: mgId(parent.name), name: parent.name, displayName: parent.displayName } : null,
      },
    },
  };
  if (expandChildren) {
    const children = [
      ...tenant.managementGroups
        .filter((c) => c.parent === mg.name)
        .map((c) => ({
          id: mgId(c.name),
          type: "Microsoft.Management/managementGroups",
          name: c.name,
          displayName: c.displayName,
        })),
      ...tenant.subscriptions
        .filter((s) => s.managementGroup === mg.name)
        .map((s) => ({
          id: `/subscriptions/${s.subscriptionId}`,
          type: "/subscriptions",
          name: s.subscriptionId,
          displayName: s.displayName,
        })),
    ];
    (json.properties as Json).children = children;
  }
  return json;
}

/** Role definition ids are scoped to the subscription when read under one, as real ARM does. */
export function roleDefinitionId(def: { name: string }, scope: string) {
  const sub = subscriptionOfScope(scope);
  return `${sub ? `/subscriptions/${sub}` : ""}/providers/Microsoft.Authorization/roleDefinitions/${def.name}`;
}

/** A role definition's own properties, as ARM and Resource Graph both show them. */
export function roleDefinitionProperties(def: RoleDefinition) {
  return {
    roleName: def.roleName,
    type: def.type,
    description: def.description,
    assignableScopes: def.assignableScopes,
    permissions: [
      {
        actions: def.actions,
        notActions: def.notActions,
        dataActions: def.dataActions,
        notDataActions: def.notDataActions,
      },
    ],
  };
}

export function roleDefinitionJson(def: RoleDefinition, scope: string): Json {
  return {
    properties: {
      ...roleDefinitionProperties(def),
      createdOn: "2015-02-02T21:55:09.8806423Z",
      updatedOn: "2024-05-01T10:00:00.0000000Z",
      createdBy: null,
      updatedBy: null,
    },
    id: roleDefinitionId(def, scope),
    type: "Microsoft.Authorization/roleDefinitions",
    name: def.name,
  };
}

/** `createdOn` as real ARM writes it: microseconds and a `+00:00` offset (api-facts §4). */
export function armTimestamp(ms: number) {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000+00:00");
}

export function roleAssignmentJson(ra: RoleAssignment, tenant: Tenant): Json {
  return {
    properties: {
      roleDefinitionId: roleDefinitionId({ name: ra.roleDefinitionName }, ra.scope),
      principalId: ra.principalId,
      principalType: ra.principalType,
      scope: ra.scope,
      condition: null,
      conditionVersion: null,
      createdOn: armTimestamp(ra.created),
      updatedOn: armTimestamp(ra.created),
      createdBy: tenant.servicePrincipals[0]?.id ?? null,
      updatedBy: tenant.servicePrincipals[0]?.id ?? null,
      delegatedManagedIdentityResourceId: null,
      description: ra.description,
    },
    id: `${ra.scope === "/" ? "" : ra.scope}/providers/Microsoft.Authorization/roleAssignments/${ra.name}`,
    type: "Microsoft.Authorization/roleAssignments",
    name: ra.name,
  };
}

export function identityBlock(r: Resource, tenant: Tenant): Json | undefined {
  const system = r.systemPrincipalId !== undefined;
  const user = r.userAssigned.length > 0;
  if (!system && !user) return undefined;
  const type = system && user ? r.combinedType : system ? "SystemAssigned" : "UserAssigned";
  const block: Json = { type };
  if (system) {
    block.principalId = r.systemPrincipalId;
    block.tenantId = tenant.tenantId;
  }
  if (user) {
    const map: Json = {};
    for (const id of r.userAssigned) {
      const uami = tenant.resources.get(lower(id))?.uami;
      map[id] = uami ? { principalId: uami.principalId, clientId: uami.clientId } : {};
    }
    block.userAssignedIdentities = map;
  }
  return block;
}

export function userAssignedIdentityJson(r: Resource, tenant: Tenant, single = false): Json {
  const u = r.uami as NonNullable<Resource["uami"]>;
  const properties: Json = {
    tenantId: tenant.tenantId,
    principalId: u.principalId,
    clientId: u.clientId,
    isolationScope: "None",
  };
  // Single GETs also carry the identity's credentials endpoint (seen in real `az identity show` output).
  if (single)
    properties.clientSecretUrl = `https://control-${r.location}.identity.azure.net${r.id}/credentials?tid=${tenant.tenantId}&oid=${u.principalId}&aid=${u.clientId}`;
  return {
    id: r.id,
    name: r.name,
    type: "Microsoft.ManagedIdentity/userAssignedIdentities",
    location: r.location,
    tags: r.tags,
    properties,
  };
}

export function federatedCredentialArmJson(
  r: Resource,
  f: { name: string; issuer: string; subject: string; audiences: string[] },
): Json {
  return {
    id: `${r.id}/federatedIdentityCredentials/${f.name}`,
    name: f.name,
    type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
    properties: { issuer: f.issuer, subject: f.subject, audiences: f.audiences },
  };
}

/** The generic resource document (`/resources` lists and per-resource GET). */
export function resourceJson(r: Resource, tenant: Tenant, expanded = false): Json {
  if (r.uami) {
    const json = userAssignedIdentityJson(r, tenant);
    return expanded
      ? json
      : { id: json.id, name: json.name, type: json.type, location: json.location, tags: json.tags };
  }
  const json: Json = { id: r.id, name: r.name, type: r.type };
  if (r.kind) json.kind = r.kind;
  json.location = r.location;
  json.tags = r.tags;
  const identity = identityBlock(r, tenant);
  if (identity) json.identity = identity;
  if (expanded) json.properties = { provisioningState: "Succeeded" };
  return json;
}
