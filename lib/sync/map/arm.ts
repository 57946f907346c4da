// ARM payloads (validated by lib/schemas/arm) → rows of the sync's collections.
import { lastSegment } from "../../schemas/common";
import type {
  ArmFederatedIdentityCredential,
  ArmIdentityResourceRow,
  ArmResource,
  ArmRoleAssignment,
  ArmRoleDefinition,
  ArmSubscription,
} from "../../schemas/arm";
import type { Row } from "../store";
import { normalizeArmId, parseArmId, scopeLevel } from "./arm-id";

export function subscriptionRow(s: ArmSubscription, managementGroupId: string | null, enumeratedAt: Date | null): Row {
  return {
    id: s.subscriptionId.toLowerCase(),
    displayName: s.displayName,
    state: s.state,
    managementGroupId,
    resourcesEnumeratedAt: enumeratedAt,
  };
}

export function roleDefinitionRow(d: ArmRoleDefinition): Row {
  return {
    id: d.name.toLowerCase(),
    armId: d.id,
    roleName: d.properties.roleName,
    roleType: d.properties.type,
    description: d.properties.description,
    assignableScopes: d.properties.assignableScopes,
    permissions: d.properties.permissions,
  };
}

export function roleAssignmentRow(a: ArmRoleAssignment): Row {
  const scope = normalizeArmId(a.properties.scope) || "/";
  const parts = parseArmId(scope);
  return {
    id: normalizeArmId(a.id),
    name: a.name.toLowerCase(),
    scope,
    scopeLevel: scopeLevel(scope),
    subscriptionId: parts.subscriptionId,
    resourceGroup: parts.resourceGroup,
    // Real responses use /subscriptions/<s>/providers/…/roleDefinitions/<guid>, spec samples /providers/…: keep the GUID.
    roleDefinitionId: lastSegment(a.properties.roleDefinitionId).toLowerCase(),
    principalId: a.properties.principalId,
    principalType: a.properties.principalType ?? "Unknown",
    condition: a.properties.condition,
    createdOn: a.properties.createdOn,
  };
}

/** A resource carrying an identity block, and the user-assigned identities attached to it. */
export function resourceRows(r: ArmResource): { resource: Row; attachments: Row[] } {
  const parts = parseArmId(r.id);
  const identity = r.identity;
  const resource = {
    id: parts.id,
    armId: r.id,
    subscriptionId: parts.subscriptionId ?? "",
    resourceGroup: parts.resourceGroup ?? "",
    type: (r.type || parts.type || "").toLowerCase(),
    name: r.name,
    location: r.location,
    identityType: identity?.type ?? null,
    principalId: identity?.kinds.includes("systemassigned") ? (identity.principalId ?? null) : null,
    clientId: null,
    tags: r.tags ?? null,
  };
  const attachments = Object.entries(identity?.userAssignedIdentities ?? {}).map(([uamiId, v]) => ({
    resourceId: parts.id,
    identityResourceId: normalizeArmId(uamiId),
    principalId: v?.principalId ?? null,
    clientId: v?.clientId ?? null,
    subscriptionId: parts.subscriptionId ?? "",
  }));
  return { resource, attachments };
}

/** A Resource Graph row: a user-assigned identity (its row carries its own ids) or a resource with an identity block. */
export function identityResourceRows(r: ArmIdentityResourceRow): { resource: Row; attachments: Row[] } {
  if (r.type.toLowerCase() !== "microsoft.managedidentity/userassignedidentities") return resourceRows(r);
  const parts = parseArmId(r.id);
  return {
    resource: {
      id: parts.id,
      armId: r.id,
      subscriptionId: parts.subscriptionId ?? r.subscriptionId.toLowerCase(),
      resourceGroup: parts.resourceGroup ?? "",
      type: "microsoft.managedidentity/userassignedidentities",
      name: r.name,
      location: r.location,
      identityType: null,
      principalId: r.uamiPrincipalId || null,
      clientId: r.uamiClientId || null,
      tags: r.tags ?? null,
    },
    attachments: [],
  };
}

export function armFederatedCredentialRow(uamiId: string, f: ArmFederatedIdentityCredential): Row {
  return {
    id: normalizeArmId(f.id),
    ownerType: "UserAssignedIdentity",
    ownerId: normalizeArmId(uamiId),
    name: f.name,
    issuer: f.properties.issuer,
    subject: f.properties.subject,
    audiences: f.properties.audiences,
    description: null,
  };
}
