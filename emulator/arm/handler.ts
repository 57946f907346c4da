// Azure Resource Manager over the emulated tenant: subscriptions, management groups, role
// definitions and assignments at any scope, user-assigned identities and their federated
// credentials, resources with `identity` blocks, and Azure Resource Graph.
import { randomUUID } from "node:crypto";
import type { EmulatorRequest, EmulatorResponse, Handler } from "../http";
import { FilterError, parseFilter } from "../graph/filter";
import type { VerifyToken } from "../graph/handler";
import { lower, mgScope, subscriptionOfScope, type Resource, type RoleAssignment, type Tenant } from "../tenant/model";
import type { Throttle } from "../throttle";
import { KqlError, runResourceGraph, type ArgRequest } from "./resource-graph";
import {
  federatedCredentialArmJson,
  managementGroupJson,
  mgId,
  resourceJson,
  roleAssignmentJson,
  roleDefinitionJson,
  subscriptionJson,
  userAssignedIdentityJson,
} from "./shapes";

type Json = Record<string, unknown>;

export interface ArmHandlerOptions {
  tenant: Tenant;
  verify?: VerifyToken;
  throttle?: Throttle;
  /** Items per page before a `nextLink` (ARM does not document it; clients must follow nextLink). */
  pageSize?: number;
}

export function armAudiences(origin: string) {
  return [
    "https://management.azure.com",
    "https://management.azure.com/",
    "https://management.core.windows.net/",
    "https://management.core.windows.net",
    origin,
    `${origin}/`,
  ];
}

class ArmProblem extends Error {
  constructor(readonly response: EmulatorResponse) {
    super("arm problem");
  }
}

export function armError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers: { "x-ms-request-id": randomUUID(), "x-ms-correlation-request-id": randomUUID(), ...headers },
    body: { error: { code, message } },
  };
}

const fail = (status: number, code: string, message: string): never => {
  throw new ArmProblem(armError(status, code, message));
};

interface Caller {
  principalId: string;
  /** Scopes (lower-case) where the caller holds a role that can read; null = unchecked. */
  readScopes: Set<string> | null;
}

const READ_ROLE_ACTIONS = new Set(["*", "*/read"]);

export function createArmHandler(options: ArmHandlerOptions): Handler {
  const t = options.tenant;
  const pageSize = options.pageSize ?? 500;

  const authenticate = (req: EmulatorRequest): Caller => {
    if (!options.verify) return { principalId: "emulator-test", readScopes: null };
    const header = req.headers.authorization;
    if (!header)
      return fail(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    if (!token)
      return fail(
        401,
        "AuthenticationFailedInvalidHeader",
        "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      );
    const result = options.verify(token, { audiences: armAudiences(req.url.origin) });
    if (!result.ok) {
      const audience = /audience/i.test(result.reason);
      return fail(
        401,
        audience ? "InvalidAuthenticationTokenAudience" : "InvalidAuthenticationToken",
        audience
          ? `The access token has been obtained for wrong audience or resource. ${result.reason}`
          : `The access token is invalid. ${result.reason}`,
      );
    }
    const oid = typeof result.claims.oid === "string" ? result.claims.oid : "";
    // Access comes from the caller's own role assignments and those of its groups (transitively).
    const principals = [oid, ...t.transitiveMemberOf(oid)];
    const scopes = new Set<string>();
    for (const p of principals) {
      for (const ra of t.roleAssignmentsByPrincipal.get(p) ?? []) {
        const def = t.roleDefinitionByName.get(lower(ra.roleDefinitionName));
        if (def?.actions.some((a) => READ_ROLE_ACTIONS.has(a))) scopes.add(lower(ra.scope).replace(/\/+$/, "") || "/");
      }
    }
    return { principalId: oid, readScopes: scopes };
  };

  const canRead = (caller: Caller, scope: string) => {
    if (!caller.readScopes) return true;
    // The tenant root management group stands for the whole tenant, "/" included.
    const ancestry = scope === "/" ? ["/", mgScope(t.rootManagementGroup)] : t.scopeAncestry(scope);
    return ancestry.some((s) => caller.readScopes?.has(s));
  };
  const requireRead = (caller: Caller, scope: string, action: string) => {
    if (!canRead(caller, scope)) {
      fail(
        403,
        "AuthorizationFailed",
        `The client '${caller.principalId}' with object id '${caller.principalId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
    }
  };
  const visibleSubscription = (caller: Caller, subId: string) => {
    if (!caller.readScopes) return true;
    if (canRead(caller, `/subscriptions/${subId}`)) return true;
    const prefix = `/subscriptions/${lower(subId)}/`;
    for (const s of caller.readScopes) if (s.startsWith(prefix)) return true;
    return false;
  };

  const page = (req: EmulatorRequest, items: Json[]): Json => {
    const raw = req.url.searchParams.get("$skipToken") ?? req.url.searchParams.get("$skiptoken");
    const offset = raw ? Number(Buffer.from(raw, "base64url").toString("utf8")) : 0;
    if (!Number.isInteger(offset) || offset < 0) fail(400, "InvalidSkipToken", "The provided skip token is not valid.");
    const top = Number(req.url.searchParams.get("$top") ?? pageSize);
    const size = Number.isInteger(top) && top > 0 ? Math.min(top, pageSize) : pageSize;
    const value = items.slice(offset, offset + size);
    const body: Json = { value };
    if (offset + size < items.length) {
      // Keep `$` and `api-version` readable as ARM writes them (URLSearchParams would escape `$`).
      const params = [...req.url.searchParams.entries()].filter(([k]) => k.toLowerCase() !== "$skiptoken");
      params.push(["$skipToken", Buffer.from(String(offset + size)).toString("base64url")]);
      body.nextLink = `${req.url.origin}${req.url.pathname}?${params.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%24/g, "$")}`).join("&")}`;
    }
    return body;
  };

  const subscriptionOr404 = (id: string) => {
    const sub = t.subscriptionById.get(lower(id));
    if (!sub) fail(404, "SubscriptionNotFound", `The subscription '${id}' could not be found.`);
    return sub as NonNullable<typeof sub>;
  };

  const resourceGroupOr404 = (sub: string, rg: string) => {
    subscriptionOr404(sub);
    const found = t.resourceGroupById.get(lower(`/subscriptions/${sub}/resourceGroups/${rg}`));
    if (!found) fail(404, "ResourceGroupNotFound", `Resource group '${rg}' could not be found.`);
    return found as NonNullable<typeof found>;
  };

  /** Validates a scope path and returns it normalised ("/" for the tenant root). */
  const checkScope = (scope: string) => {
    const s = scope.replace(/\/+$/, "") || "/";
    if (s === "/") return s;
    const mg = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i.exec(s);
    if (mg) {
      if (!t.managementGroupByName.get(lower(mg[1] as string)))
        fail(404, "ManagementGroupNotFound", `The management group '${mg[1]}' was not found.`);
      return s;
    }
    const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+)(\/providers\/.+)?)?$/i.exec(s);
    if (!m) return fail(400, "InvalidScope", `The scope '${s}' is not valid.`);
    if (m[3]) {
      if (!t.resources.get(lower(s)) && !t.resources.get(lower(s.split("/").slice(0, 9).join("/"))))
        fail(
          404,
          "ResourceNotFound",
          `The Resource '${s.split("/providers/")[1]}' under resource group '${m[2]}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
        );
    } else if (m[2]) resourceGroupOr404(m[1] as string, m[2]);
    else subscriptionOr404(m[1] as string);
    return s;
  };

  const isBelow = (inner: string, outer: string) => {
    const a = lower(inner);
    const b = lower(outer);
    if (b === "/") return true;
    return a !== b && a.startsWith(`${b}/`);
  };

  const listRoleAssignments = (scope: string, filter: string | null): RoleAssignment[] => {
    const ancestry = new Set(t.scopeAncestry(scope));
    const sub = subscriptionOfScope(scope);
    const tenantLevel = t.tenantLevelRoleAssignments;
    const inSub = sub ? (t.roleAssignmentsBySubscription.get(lower(sub)) ?? []) : [];
    const atOrAbove = (ra: RoleAssignment) => ancestry.has(lower(ra.scope).replace(/\/+$/, "") || "/");
    const mg = /managementgroups\/([^/]+)$/i.exec(scope);
    const f = (filter ?? "").trim();
    // `atScope() and assignedTo('{id}')` combines both: the principal's grants at or above the scope.
    const combined = /^atScope\(\)\s+and\s+(.+)$/i.exec(f);
    if (combined) {
      const rest = listRoleAssignments(scope, combined[1] as string);
      return rest.filter(atOrAbove);
    }
    if (/^atScope\(\)$/i.test(f)) return [...tenantLevel, ...inSub].filter(atOrAbove);
    const principal = /^principalId\s+eq\s+'([^']+)'$/i.exec(f);
    const assignedTo = /^assignedTo\('([^']+)'\)$/i.exec(f);
    if (f && !principal && !assignedTo)
      fail(
        400,
        "InvalidFilter",
        `The filter '${f}' is not supported. Supported filters are atScope(), principalId eq '{id}' and assignedTo('{id}').`,
      );
    const principals = principal
      ? new Set([principal[1] as string])
      : assignedTo
        ? new Set([assignedTo[1] as string, ...t.transitiveMemberOf(assignedTo[1] as string)])
        : null;
    if (principals) {
      const out: RoleAssignment[] = [];
      for (const p of principals) {
        for (const ra of t.roleAssignmentsByPrincipal.get(p) ?? []) {
          if (atOrAbove(ra) || isBelow(ra.scope, scope)) out.push(ra);
        }
      }
      return out;
    }
    if (scope === "/" || mg) {
      // Tenant and management-group scopes list what is at or above them (not every subscription below).
      return tenantLevel.filter(atOrAbove);
    }
    // Unfiltered at a subscription or below: at, above and below the scope (performance-notes §2).
    return [...tenantLevel.filter(atOrAbove), ...inSub.filter((ra) => atOrAbove(ra) || isBelow(ra.scope, scope))];
  };

  const authorization = (req: EmulatorRequest, caller: Caller, scopeRaw: string, rest: string[]): EmulatorResponse => {
    const [kind, id, extra] = rest;
    const scope = checkScope(scopeRaw);
    if (lower(kind ?? "") === "roleassignments") {
      requireRead(caller, scope, "Microsoft.Authorization/roleAssignments/read");
      if (id) {
        if (extra) fail(400, "InvalidResourceType", "Unsupported role assignment path.");
        const ra = t.findRoleAssignment(id);
        if (!ra || lower(ra.scope) !== lower(scope))
          fail(404, "RoleAssignmentNotFound", `The role assignment '${id}' is not found.`);
        return ok(roleAssignmentJson(ra as RoleAssignment, t));
      }
      const list = listRoleAssignments(scope, req.url.searchParams.get("$filter"));
      return ok(
        page(
          req,
          list.map((ra) => roleAssignmentJson(ra, t)),
        ),
      );
    }
    if (lower(kind ?? "") === "roledefinitions") {
      // Role definitions are readable by every principal of the tenant, at any scope.
      if (id) {
        const def = t.roleDefinitionByName.get(lower(id));
        if (!def)
          fail(404, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${id}' does not exist.`);
        return ok(roleDefinitionJson(def as NonNullable<typeof def>, scope));
      }
      const filter = (req.url.searchParams.get("$filter") ?? "").trim();
      // Assignable at the scope, above it, or anywhere below it (a subscription or resource group
      // below a management group is below it through the hierarchy, not by its path).
      const ancestry = t.scopeAncestry(scope);
      const at = lower(scope).replace(/\/+$/, "") || "/";
      let defs = t.roleDefinitions.filter(
        (d) =>
          d.type === "BuiltInRole" ||
          d.assignableScopes.some((s) => ancestry.includes(lower(s)) || t.scopeAncestry(s).includes(at)),
      );
      const type = /^type\s+eq\s+'([^']+)'$/i.exec(filter);
      const name = /^roleName\s+eq\s+'([^']+)'$/i.exec(filter);
      if (type) defs = defs.filter((d) => lower(d.type) === lower(type[1] as string));
      else if (name) defs = defs.filter((d) => lower(d.roleName) === lower(name[1] as string));
      else if (filter && !/^atScopeAndBelow\(\)$/i.test(filter))
        fail(400, "InvalidFilter", `The filter '${filter}' is not supported.`);
      return ok(
        page(
          req,
          defs.map((d) => roleDefinitionJson(d, scope)),
        ),
      );
    }
    return fail(
      400,
      "InvalidResourceType",
      `The resource type '${kind}' could not be found in the namespace 'Microsoft.Authorization'.`,
    );
  };

  const resourcesFilter = (req: EmulatorRequest, list: Resource[]) => {
    const filter = req.url.searchParams.get("$filter");
    if (!filter) return list;
    let pred;
    try {
      pred = parseFilter(filter);
    } catch (e) {
      if (e instanceof FilterError)
        fail(400, "InvalidFilterInQueryString", `Invalid $filter '${filter}' specified in the query string.`);
      throw e;
    }
    return list.filter((r) =>
      pred((p) => {
        switch (p.toLowerCase()) {
          case "resourcetype":
            return r.type;
          case "name":
            return r.name;
          case "location":
            return r.location;
          case "resourcegroup":
            return r.resourceGroup;
          case "identity/type":
            return r.systemPrincipalId !== undefined
              ? "SystemAssigned"
              : r.userAssigned.length > 0
                ? "UserAssigned"
                : undefined;
          default:
            return undefined;
        }
      }),
    );
  };

  const route = (req: EmulatorRequest, caller: Caller, path: string): EmulatorResponse => {
    const p = path.replace(/\/{2,}/g, "/").replace(/\/+$/, "") || "/";
    const L = lower(p);
    const method = req.method.toUpperCase();

    if (L === "/providers/microsoft.resourcegraph/resources") {
      if (method !== "POST")
        fail(405, "MethodNotAllowed", "The requested resource does not support http method 'GET'.");
      let body: ArgRequest;
      try {
        body = JSON.parse(req.body.toString("utf8") || "{}") as ArgRequest;
      } catch {
        return fail(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
      }
      if (typeof body.query !== "string" || !body.query.trim())
        fail(400, "InvalidRequestContent", "The query is required.");
      let subs: Set<string> | null = null;
      if (body.subscriptions?.length) {
        subs = new Set(
          body.subscriptions.map(lower).filter((s) => t.subscriptionById.has(s) && visibleSubscription(caller, s)),
        );
      } else if (body.managementGroups?.length) {
        const groups = new Set<string>();
        for (const g of body.managementGroups)
          for (const mg of t.managementGroups)
            if (t.managementGroupChain(mg.name).some((c) => lower(c.name) === lower(g))) groups.add(lower(mg.name));
        subs = new Set(
          t.subscriptions
            .filter((s) => groups.has(lower(s.managementGroup)) && visibleSubscription(caller, s.subscriptionId))
            .map((s) => lower(s.subscriptionId)),
        );
      } else if (caller.readScopes) {
        subs = new Set(
          t.subscriptions
            .filter((s) => visibleSubscription(caller, s.subscriptionId))
            .map((s) => lower(s.subscriptionId)),
        );
        if (subs.size === t.subscriptions.length && canRead(caller, "/")) subs = null;
      }
      const quota = options.throttle?.chargeResourceGraph(caller.principalId);
      if (quota && !quota.ok) {
        return armError(
          429,
          "RateLimiting",
          "Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed.",
          quota.headers,
        );
      }
      try {
        const result = runResourceGraph(t, body, subs);
        return { status: 200, headers: quota?.headers ?? {}, body: result as unknown as Json };
      } catch (e) {
        if (e instanceof KqlError) {
          const res = armError(
            400,
            "InvalidQuery",
            `Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying. ${e.message}`,
          );
          (res.body as { error: Json }).error.details = [{ code: "InvalidQuery", message: e.message }];
          return res;
        }
        throw e;
      }
    }

    if (method !== "GET")
      fail(405, "MethodNotAllowed", `The requested resource does not support http method '${method}'.`);

    if (L === "/subscriptions") {
      const subs = t.subscriptions.filter((s) => visibleSubscription(caller, s.subscriptionId));
      return ok(
        page(
          req,
          subs.map((s) => subscriptionJson(s, t)),
        ),
      );
    }
    if (L === "/providers/microsoft.management/managementgroups") {
      return ok(
        page(
          req,
          t.managementGroups
            .filter((g) => canRead(caller, mgId(g.name)))
            .map((g) => ({
              id: mgId(g.name),
              type: "Microsoft.Management/managementGroups",
              name: g.name,
              properties: { tenantId: t.tenantId, displayName: g.displayName },
            })),
        ),
      );
    }
    const mg = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)(\/descendants)?$/.exec(L);
    if (mg) {
      const group = t.managementGroupByName.get(mg[1] as string);
      if (!group) fail(404, "NotFound", `'${mg[1]}' not found`);
      const g = group as NonNullable<typeof group>;
      requireRead(caller, mgId(g.name), "Microsoft.Management/managementGroups/read");
      if (!mg[2])
        return ok(
          managementGroupJson(g, t, (req.url.searchParams.get("$expand") ?? "").toLowerCase().includes("children")),
        );
      const out: Json[] = [];
      const walk = (name: string) => {
        for (const c of t.managementGroups.filter((x) => x.parent === name)) {
          out.push({
            id: mgId(c.name),
            type: "Microsoft.Management/managementGroups",
            name: c.name,
            properties: { displayName: c.displayName, parent: { id: mgId(name) } },
          });
          walk(c.name);
        }
        for (const s of t.subscriptions.filter((x) => x.managementGroup === name)) {
          out.push({
            id: `${mgId(name)}/subscriptions/${s.subscriptionId}`,
            type: "Microsoft.Management/managementGroups/subscriptions",
            name: s.subscriptionId,
            properties: { displayName: s.displayName, parent: { id: mgId(name) } },
          });
        }
      };
      walk(g.name);
      return ok(page(req, out));
    }

    // {scope}/providers/Microsoft.Authorization/{roleAssignments|roleDefinitions}[/{id}]
    const auth = /^(.*?)\/providers\/microsoft\.authorization\/(.+)$/.exec(L);
    if (auth) {
      const scope = p.slice(0, (auth[1] as string).length) || "/";
      const rest = p.slice((auth[1] as string).length + "/providers/Microsoft.Authorization/".length).split("/");
      return authorization(req, caller, scope, rest);
    }

    // System-assigned identity of a resource.
    const sys = /^(.*)\/providers\/microsoft\.managedidentity\/identities\/default$/.exec(L);
    if (sys) {
      const r = t.resources.get(sys[1] as string);
      if (!r || !r.systemPrincipalId)
        return fail(
          404,
          "ResourceNotFound",
          `The Resource 'Microsoft.ManagedIdentity/identities/default' under scope '${p.slice(0, (sys[1] as string).length)}' was not found.`,
        );
      requireRead(caller, r.id, "Microsoft.ManagedIdentity/identities/read");
      const sp = t.spById.get(r.systemPrincipalId);
      return ok({
        id: `${r.id}/providers/Microsoft.ManagedIdentity/identities/default`,
        location: r.location,
        name: r.name,
        type: "Microsoft.ManagedIdentity/identities",
        properties: {
          tenantId: t.tenantId,
          principalId: r.systemPrincipalId,
          clientId: sp?.appId ?? null,
          clientSecretUrl: `https://control-${r.location}.identity.azure.net${r.id}/credentials/v2/identities?tid=${t.tenantId}&said=${sp?.appId ?? ""}`,
        },
      });
    }

    const subm = /^\/subscriptions\/([^/]+)(.*)$/.exec(L);
    if (subm) {
      const subId = p.split("/")[2] as string;
      const sub = subscriptionOr404(subId);
      const rest = subm[2] as string;
      const restOrig = p.slice(`/subscriptions/${subId}`.length);
      requireRead(
        caller,
        `/subscriptions/${sub.subscriptionId}`.concat(
          restOrig.startsWith("/resourceGroups") || restOrig.startsWith("/resourcegroups")
            ? restOrig.split("/").slice(0, 3).join("/")
            : "",
        ),
        "Microsoft.Resources/subscriptions/read",
      );
      if (rest === "") return ok(subscriptionJson(sub, t));
      const all = t.resourcesBySubscription.get(lower(sub.subscriptionId)) ?? [];
      const expand = (req.url.searchParams.get("$expand") ?? "") !== "";
      if (rest === "/resources")
        return ok(
          page(
            req,
            resourcesFilter(req, all).map((r) => resourceJson(r, t, expand)),
          ),
        );
      if (rest === "/resourcegroups") {
        return ok(
          page(
            req,
            t.resourceGroups
              .filter((g) => lower(g.subscriptionId) === lower(sub.subscriptionId))
              .map((g) => ({
                id: g.id,
                name: g.name,
                type: "Microsoft.Resources/resourceGroups",
                location: g.location,
                properties: { provisioningState: "Succeeded" },
              })),
          ),
        );
      }
      if (rest === "/providers/microsoft.managedidentity/userassignedidentities") {
        return ok(
          page(
            req,
            all.filter((r) => r.uami).map((r) => userAssignedIdentityJson(r, t)),
          ),
        );
      }
      // Resources of one type across the subscription, e.g. /providers/Microsoft.Web/sites.
      const typed = /^\/providers\/([^/]+\/[^/]+)$/.exec(rest);
      if (typed)
        return ok(
          page(
            req,
            all.filter((r) => lower(r.type) === typed[1]).map((r) => resourceJson(r, t, true)),
          ),
        );
      const rgm = /^\/resourcegroups\/([^/]+)(.*)$/.exec(rest);
      if (rgm) {
        const rgName = restOrig.split("/")[2] as string;
        const rg = resourceGroupOr404(sub.subscriptionId, rgName);
        const inRg = all.filter((r) => lower(r.resourceGroup) === lower(rg.name));
        const tail = rgm[2] as string;
        if (tail === "")
          return ok({
            id: rg.id,
            name: rg.name,
            type: "Microsoft.Resources/resourceGroups",
            location: rg.location,
            properties: { provisioningState: "Succeeded" },
          });
        if (tail === "/resources")
          return ok(
            page(
              req,
              resourcesFilter(req, inRg).map((r) => resourceJson(r, t, expand)),
            ),
          );
        if (tail === "/providers/microsoft.managedidentity/userassignedidentities")
          return ok(
            page(
              req,
              inRg.filter((r) => r.uami).map((r) => userAssignedIdentityJson(r, t)),
            ),
          );
        const typedInRg = /^\/providers\/([^/]+\/[^/]+)$/.exec(tail);
        if (typedInRg)
          return ok(
            page(
              req,
              inRg.filter((r) => lower(r.type) === typedInRg[1]).map((r) => resourceJson(r, t, true)),
            ),
          );
        const fic =
          /^(\/providers\/microsoft\.managedidentity\/userassignedidentities\/[^/]+)\/federatedidentitycredentials(?:\/([^/]+))?$/.exec(
            tail,
          );
        if (fic) {
          const r = t.resources.get(lower(`/subscriptions/${sub.subscriptionId}/resourcegroups/${rg.name}${fic[1]}`));
          if (!r?.uami)
            return fail(
              404,
              "ResourceNotFound",
              `The Resource '${p.split("/providers/")[1]?.split("/federated")[0]}' under resource group '${rg.name}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
            );
          const u = r.uami;
          if (fic[2]) {
            const f = u.federatedCredentials.find((x) => lower(x.name) === fic[2]);
            if (!f) return fail(404, "NotFound", `Federated identity credential '${fic[2]}' not found.`);
            return ok(federatedCredentialArmJson(r, f));
          }
          return ok(
            page(
              req,
              u.federatedCredentials.map((f) => federatedCredentialArmJson(r, f)),
            ),
          );
        }
        const res = /^\/providers\/[^/]+\/[^/]+\/[^/]+(\/[^/]+\/[^/]+)*$/.exec(tail);
        if (res) {
          const r =
            t.resources.get(L) ??
            t.resources.get(lower(`/subscriptions/${sub.subscriptionId}/resourceGroups/${rg.name}${tail}`));
          if (!r) {
            const typeAndName = restOrig.split("/providers/")[1] ?? "";
            return fail(
              404,
              "ResourceNotFound",
              `The Resource '${typeAndName}' under resource group '${rg.name}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
            );
          }
          return ok(r.uami ? userAssignedIdentityJson(r, t, true) : resourceJson(r, t, true));
        }
      }
    }
    return fail(404, "InvalidResourceType", `No route for '${p}' in this emulator (unknown resource type).`);
  };

  return (req) => {
    try {
      if (!req.url.searchParams.get("api-version")) {
        return armError(
          400,
          "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.",
        );
      }
      const caller = authenticate(req);
      const sub = subscriptionOfScope(req.url.pathname);
      let throttleHeaders: Record<string, string> = {};
      if (options.throttle) {
        const d = options.throttle.chargeArm(caller.principalId, sub);
        if (!d.ok) {
          return armError(
            429,
            sub ? "SubscriptionRequestsThrottled" : "TenantRequestsThrottled",
            `Number of read requests for ${sub ? `subscription '${sub}'` : "tenant"} actor '${caller.principalId}' exceeded. Please try again after '${d.retryAfterSeconds}' seconds after additional tokens are available.`,
            d.headers,
          );
        }
        throttleHeaders = d.headers;
      }
      const res = route(req, caller, decodeURIComponent(req.url.pathname));
      res.headers = {
        "x-ms-request-id": randomUUID(),
        "x-ms-correlation-request-id": req.headers["x-ms-client-request-id"] ?? randomUUID(),
        ...throttleHeaders,
        ...(res.headers ?? {}),
      };
      return res;
    } catch (e) {
      if (e instanceof ArmProblem) return e.response;
      throw e;
    }
  };
}

function ok(body: Json): EmulatorResponse {
  return { status: 200, body };
}
