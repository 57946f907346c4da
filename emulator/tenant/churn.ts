// Applies a deterministic batch of changes to a tenant (identities created and deleted, attachments,
// role and app-role grants, group memberships, accounts disabled) and reports exactly what changed,
// so tests can compare it with what delta queries and full syncs return afterwards.
import { BENIGN_GRAPH_ROLES, GRAPH_APP_ID, graphRole } from "./catalog";
import { appRoleAssignmentId } from "./generate";
import { lower, type Resource, type ServicePrincipal, type Tenant } from "./model";
import { createRng, deriveSeed, type Rng } from "./random";

export type Change =
  | { type: "identity.created"; kind: "UserAssigned" | "SystemAssigned"; id: string; appId: string; resourceId: string }
  | { type: "identity.deleted"; kind: "UserAssigned" | "SystemAssigned"; id: string; resourceId: string }
  | { type: "identity.disabled" | "identity.enabled"; id: string }
  | { type: "attachment.added" | "attachment.removed"; identityResourceId: string; resourceId: string }
  | {
      type: "azureRoleAssignment.added" | "azureRoleAssignment.removed";
      name: string;
      principalId: string;
      roleDefinitionId: string;
      scope: string;
    }
  | {
      type: "appRoleAssignment.added" | "appRoleAssignment.removed";
      id: string;
      principalId: string;
      appRoleId: string;
      resourceId: string;
    }
  | { type: "groupMember.added" | "groupMember.removed"; groupId: string; memberId: string };

export interface ChurnRequest {
  /** Number of changes; or `fraction` of the managed identities (at least 1). */
  count?: number;
  fraction?: number;
  seed?: number;
}

export interface ChurnResult {
  seqBefore: number;
  seqAfter: number;
  changes: Change[];
}

const OPS = [
  ["createUami", 10],
  ["createSystem", 10],
  ["deleteUami", 6],
  ["deleteSystem", 6],
  ["attach", 10],
  ["detach", 8],
  ["addRole", 12],
  ["removeRole", 8],
  ["addAppRole", 8],
  ["removeAppRole", 5],
  ["addMember", 8],
  ["removeMember", 6],
  ["toggle", 3],
] as const;

type Op = (typeof OPS)[number][0];

export function applyChurn(tenant: Tenant, request: ChurnRequest): ChurnResult {
  const mis = () =>
    tenant.servicePrincipals.filter((sp) => !sp.deleted && sp.servicePrincipalType === "ManagedIdentity");
  const count = request.count ?? Math.max(1, Math.round((request.fraction ?? 0.01) * mis().length));
  const rng = createRng(deriveSeed(request.seed ?? tenant.info.seed, `churn/${tenant.seq}`));
  const seqBefore = tenant.seq;
  const changes: Change[] = [];
  const weighted: Op[] = OPS.flatMap(([op, w]) => Array.from({ length: w }, () => op));
  let guard = 0;
  while (changes.length < count && guard++ < count * 20) {
    const change = apply(tenant, rng.pick(weighted), rng);
    if (change) changes.push(...change);
  }
  // An attachment changes a resource in place, which nothing else marks as a change.
  tenant.revision++;
  return { seqBefore, seqAfter: tenant.seq, changes: changes.slice(0, Math.max(count, changes.length)) };
}

function pickWhere<T>(rng: Rng, items: readonly T[], ok: (x: T) => boolean, tries = 50): T | undefined {
  if (items.length === 0) return undefined;
  for (let i = 0; i < tries; i++) {
    const x = items[rng.int(items.length)] as T;
    if (ok(x)) return x;
  }
  return items.find(ok);
}

function apply(t: Tenant, op: Op, rng: Rng): Change[] | null {
  const resources = [...t.resources.values()];
  const sps = t.servicePrincipals;
  const isMi = (sp: ServicePrincipal) => !sp.deleted && sp.servicePrincipalType === "ManagedIdentity";
  const rg = () => t.resourceGroups[rng.int(t.resourceGroups.length)] as (typeof t.resourceGroups)[number];
  const name = (prefix: string) => `${prefix}-churn-${t.seq + 1}-${rng.int(1e6).toString(36)}`;
  switch (op) {
    case "createUami": {
      const g = rg();
      const n = name("id");
      const id = `/subscriptions/${g.subscriptionId}/resourcegroups/${g.name}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${n}`;
      const sp = t.addServicePrincipal({
        id: rng.guid(),
        appId: rng.guid(),
        displayName: n,
        servicePrincipalType: "ManagedIdentity",
        miKind: "UserAssigned",
        armId: id,
        accountEnabled: true,
        appOwnerOrganizationId: null,
        tags: [],
        passwordCredentials: [],
        keyCredentials: [],
        signInAudience: null,
        lastSignIn: null,
        version: 0,
      });
      t.addResource({
        id,
        subscriptionId: g.subscriptionId,
        resourceGroup: g.name,
        type: "Microsoft.ManagedIdentity/userAssignedIdentities",
        name: n,
        location: g.location,
        userAssigned: [],
        combinedType: "",
        uami: { principalId: sp.id, clientId: sp.appId, federatedCredentials: [] },
        tags: {},
      });
      return [{ type: "identity.created", kind: "UserAssigned", id: sp.id, appId: sp.appId, resourceId: id }];
    }
    case "createSystem": {
      const g = rg();
      const n = name("app");
      const id = `/subscriptions/${g.subscriptionId}/resourceGroups/${g.name}/providers/Microsoft.Web/sites/${n}`;
      const sp = t.addServicePrincipal({
        id: rng.guid(),
        appId: rng.guid(),
        displayName: n,
        servicePrincipalType: "ManagedIdentity",
        miKind: "SystemAssigned",
        armId: id.replace("/resourceGroups/", "/resourcegroups/"),
        accountEnabled: true,
        appOwnerOrganizationId: null,
        tags: [],
        passwordCredentials: [],
        keyCredentials: [],
        signInAudience: null,
        lastSignIn: null,
        version: 0,
      });
      t.addResource({
        id,
        subscriptionId: g.subscriptionId,
        resourceGroup: g.name,
        type: "Microsoft.Web/sites",
        kind: "app",
        name: n,
        location: g.location,
        systemPrincipalId: sp.id,
        userAssigned: [],
        combinedType: "SystemAssigned, UserAssigned",
        tags: {},
      });
      return [{ type: "identity.created", kind: "SystemAssigned", id: sp.id, appId: sp.appId, resourceId: id }];
    }
    case "deleteUami": {
      const r = pickWhere(rng, resources, (x) => x.uami !== undefined && !x.name.startsWith("identity-steward"));
      if (!r?.uami) return null;
      const out: Change[] = [];
      for (const host of t.resources.values()) {
        const i = host.userAssigned.findIndex((u) => lower(u) === lower(r.id));
        if (i >= 0) {
          host.userAssigned.splice(i, 1);
          t.updateResource(host, identityChange(r.id, "removed"));
          out.push({ type: "attachment.removed", identityResourceId: r.id, resourceId: host.id });
        }
      }
      out.push(...roleAssignmentsRemovedWith(t, r.uami.principalId));
      out.push(...removeResourceWith(t, r));
      t.deleteServicePrincipal(r.uami.principalId);
      out.push({ type: "identity.deleted", kind: "UserAssigned", id: r.uami.principalId, resourceId: r.id });
      return once(out);
    }
    case "deleteSystem": {
      const r = pickWhere(rng, resources, (x) => x.systemPrincipalId !== undefined);
      if (!r?.systemPrincipalId) return null;
      // A system-assigned identity dies with its resource.
      const out: Change[] = [...roleAssignmentsRemovedWith(t, r.systemPrincipalId), ...removeResourceWith(t, r)];
      t.deleteServicePrincipal(r.systemPrincipalId);
      out.push({ type: "identity.deleted", kind: "SystemAssigned", id: r.systemPrincipalId, resourceId: r.id });
      return once(out);
    }
    case "attach": {
      const uami = pickWhere(rng, resources, (x) => x.uami !== undefined);
      const host = pickWhere(
        rng,
        resources,
        (x) => x.uami === undefined && !x.userAssigned.some((u) => lower(u) === lower(uami?.id ?? "")),
      );
      if (!uami || !host) return null;
      host.userAssigned.push(uami.id);
      t.updateResource(host, identityChange(uami.id, "added"));
      return [{ type: "attachment.added", identityResourceId: uami.id, resourceId: host.id }];
    }
    case "detach": {
      const host = pickWhere(rng, resources, (x) => x.userAssigned.length > 0 && x.name !== "app-identity-steward");
      if (!host) return null;
      const [removed] = host.userAssigned.splice(rng.int(host.userAssigned.length), 1);
      if (removed) t.updateResource(host, identityChange(removed, "removed"));
      return removed ? [{ type: "attachment.removed", identityResourceId: removed, resourceId: host.id }] : null;
    }
    case "addRole": {
      const sp = pickWhere(rng, sps, isMi);
      if (!sp?.armId) return null;
      const m = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+)/i.exec(sp.armId);
      if (!m?.[1] || !t.resourceGroupById.has(lower(m[1]))) return null;
      const scope = m[1].replace(/\/resourcegroups\//i, "/resourceGroups/");
      const role = rng.pick([
        "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
        "4633458b-17de-408a-b874-0445c86b69e6",
        "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
      ]);
      const ra = t.addRoleAssignment({
        name: rng.guid(),
        scope,
        roleDefinitionName: role,
        principalId: sp.id,
        principalType: "ServicePrincipal",
        created: t.changeTime(),
        description: null,
      });
      return [{ type: "azureRoleAssignment.added", name: ra.name, principalId: sp.id, roleDefinitionId: role, scope }];
    }
    case "removeRole": {
      const sp = pickWhere(
        rng,
        sps,
        (x) =>
          isMi(x) && (t.roleAssignmentsByPrincipal.get(x.id)?.length ?? 0) > 0 && x.displayName !== "identity-steward",
      );
      const list = sp ? t.roleAssignmentsByPrincipal.get(sp.id) : undefined;
      const ra = list?.[rng.int(list.length)];
      if (!ra) return null;
      t.removeRoleAssignment(ra.name);
      return [
        {
          type: "azureRoleAssignment.removed",
          name: ra.name,
          principalId: ra.principalId,
          roleDefinitionId: ra.roleDefinitionName,
          scope: ra.scope,
        },
      ];
    }
    case "addAppRole": {
      const sp = pickWhere(rng, sps, isMi);
      const graph = t.spByAppId.get(GRAPH_APP_ID);
      if (!sp || !graph) return null;
      const role = graphRole(rng.pick(BENIGN_GRAPH_ROLES));
      if (t.appRoleAssignmentsByPrincipal.get(sp.id)?.some((a) => a.appRoleId === role.id && a.resourceId === graph.id))
        return null;
      const a = t.addAppRoleAssignment({
        id: appRoleAssignmentId(sp.id, rng),
        appRoleId: role.id,
        principalId: sp.id,
        principalType: "ServicePrincipal",
        resourceId: graph.id,
        created: t.changeTime(),
      });
      return [
        { type: "appRoleAssignment.added", id: a.id, principalId: sp.id, appRoleId: role.id, resourceId: graph.id },
      ];
    }
    case "removeAppRole": {
      const sp = pickWhere(
        rng,
        sps,
        (x) =>
          isMi(x) &&
          (t.appRoleAssignmentsByPrincipal.get(x.id)?.length ?? 0) > 0 &&
          x.displayName !== "identity-steward",
      );
      const list = sp ? t.appRoleAssignmentsByPrincipal.get(sp.id) : undefined;
      const a = list?.[rng.int(list.length)];
      if (!a) return null;
      t.removeAppRoleAssignmentOf(a);
      return [
        {
          type: "appRoleAssignment.removed",
          id: a.id,
          principalId: a.principalId,
          appRoleId: a.appRoleId,
          resourceId: a.resourceId,
        },
      ];
    }
    case "addMember": {
      const sp = pickWhere(rng, sps, isMi);
      const group = pickWhere(rng, t.groups, (g) => !g.deleted && !g.members.includes(sp?.id ?? ""));
      if (!sp || !group || !t.addMember(group.id, sp.id)) return null;
      return [{ type: "groupMember.added", groupId: group.id, memberId: sp.id }];
    }
    case "removeMember": {
      const group = pickWhere(
        rng,
        t.groups,
        (g) => !g.deleted && g.members.some((m) => t.spById.get(m)?.servicePrincipalType === "ManagedIdentity"),
      );
      const member = group?.members.filter((m) => t.spById.get(m)?.servicePrincipalType === "ManagedIdentity");
      const memberId = member?.[rng.int(member.length)];
      if (!group || !memberId || !t.removeMember(group.id, memberId)) return null;
      return [{ type: "groupMember.removed", groupId: group.id, memberId }];
    }
    case "toggle": {
      const sp = pickWhere(rng, sps, (x) => isMi(x) && x.displayName !== "identity-steward");
      if (!sp) return null;
      sp.accountEnabled = !sp.accountEnabled;
      t.touchServicePrincipal(sp);
      return [{ type: sp.accountEnabled ? "identity.enabled" : "identity.disabled", id: sp.id }];
    }
  }
}

/** The property change ARM records when a user-assigned identity is attached to or detached from a resource. */
function identityChange(identityId: string, how: "added" | "removed") {
  return {
    [`identity.userAssignedIdentities["${identityId}"]`]:
      how === "added" ? { previousValue: null, newValue: "{}" } : { previousValue: "{}", newValue: null },
  };
}

/** Deletes a resource, and reports what goes with it: the identities attached to it and the role assignments scoped at or below it. */
function removeResourceWith(t: Tenant, r: Resource): Change[] {
  const out: Change[] = r.userAssigned.map((u) => ({
    type: "attachment.removed",
    identityResourceId: u,
    resourceId: r.id,
  }));
  const id = lower(r.id);
  for (const ra of t.roleAssignmentsBySubscription.get(lower(r.subscriptionId)) ?? [])
    if (lower(ra.scope) === id || lower(ra.scope).startsWith(`${id}/`))
      out.push({
        type: "azureRoleAssignment.removed",
        name: ra.name,
        principalId: ra.principalId,
        roleDefinitionId: ra.roleDefinitionName,
        scope: ra.scope,
      });
  t.removeResource(r.id);
  return out;
}

/** A role assignment can go both with its principal and with the resource it is scoped to: report it once. */
function once(changes: Change[]): Change[] {
  const seen = new Set<string>();
  return changes.filter((c) => {
    if (c.type !== "azureRoleAssignment.removed") return true;
    if (seen.has(c.name)) return false;
    seen.add(c.name);
    return true;
  });
}

/** Role assignments, app role grants and memberships that vanish with a deleted principal. */
function roleAssignmentsRemovedWith(t: Tenant, principalId: string): Change[] {
  const out: Change[] = [];
  for (const ra of t.roleAssignmentsByPrincipal.get(principalId) ?? [])
    out.push({
      type: "azureRoleAssignment.removed",
      name: ra.name,
      principalId,
      roleDefinitionId: ra.roleDefinitionName,
      scope: ra.scope,
    });
  for (const a of t.appRoleAssignmentsByPrincipal.get(principalId) ?? [])
    out.push({
      type: "appRoleAssignment.removed",
      id: a.id,
      principalId,
      appRoleId: a.appRoleId,
      resourceId: a.resourceId,
    });
  for (const g of t.memberOf.get(principalId) ?? [])
    out.push({ type: "groupMember.removed", groupId: g, memberId: principalId });
  return out;
}
