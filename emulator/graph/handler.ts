// Microsoft Graph v1.0 (and the beta sign-in activity report) over the emulated tenant: routes,
// OData query options, paging with opaque $skiptoken, delta, $batch, tokens and permissions.
import { DELTA_EXPIRED_MARK, type FaultPlan } from "../faults";
import type { EmulatorRequest, EmulatorResponse, Handler } from "../http";
import { GRAPH_APP_ID } from "../tenant/catalog";
import type { Group, Tenant } from "../tenant/model";
import { graphRequestCost, type Throttle } from "../throttle";
import { handleBatch } from "./batch";
import { groupsDelta, servicePrincipalsDelta, type DeltaState } from "./delta";
import { badRequest, denied, graphError, notFound, requestIds, type RequestIds } from "./errors";
import { FilterError, idsSelectedBy, parseFilter, type FilterSchema, type Getter, type Predicate } from "./filter";
import {
  APP_FILTER,
  GROUP_FILTER,
  SP_FILTER,
  USER_FILTER,
  appRoleAssignmentJson,
  applicationGetter,
  applicationJson,
  applySelect,
  directoryObjectGetter,
  directoryObjectJson,
  directoryRoleAssignmentJson,
  directoryRoleDefinitionsJson,
  expandedUserJson,
  federatedCredentialJson,
  findDirectoryObject,
  groupGetter,
  groupJson,
  servicePrincipalGetter,
  servicePrincipalJson,
  signInActivityJson,
  userExtraJson,
  userGetter,
  userJson,
  type DirectoryObject,
} from "./shapes";

type Json = Record<string, unknown>;

export type VerifyToken = (
  token: string,
  options: { audiences: string[] },
) => { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

export interface GraphHandlerOptions {
  tenant: Tenant;
  /** Bearer-token check; without it every request is treated as fully authorized (in-process tests). */
  verify?: VerifyToken;
  throttle?: Throttle;
  delta?: DeltaState;
  /** Default page size of collections (Graph: 100). */
  defaultPageSize?: number;
  /** Fault plan for each $batch step (status faults only; transport faults apply to the whole request). */
  stepFaults?: (headers: Record<string, string | undefined>) => FaultPlan;
}

/** A parsed Graph call, shared by top-level requests and $batch steps. */
export interface GraphCall {
  method: string;
  version: "v1.0" | "beta";
  /** Path after the version, starting with `/`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: unknown;
  origin: string;
  ids: RequestIds;
  /** Permissions the caller holds (app roles or delegated scopes); null = not checked. */
  permissions: Set<string> | null;
  appId: string;
}

const READ_APPS = [
  "Application.Read.All",
  "Application.ReadWrite.All",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
];
const READ_GROUPS = [
  "Group.Read.All",
  "GroupMember.Read.All",
  "Group.ReadWrite.All",
  "GroupMember.ReadWrite.All",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
];
const READ_USERS = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
const READ_ROLES = [
  "RoleManagement.Read.Directory",
  "RoleManagement.Read.All",
  "RoleManagement.ReadWrite.Directory",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
];
const READ_AUDIT = ["AuditLog.Read.All"];
const READ_DIRECTORY = ["Directory.Read.All", "Directory.ReadWrite.All", ...READ_APPS, ...READ_USERS, ...READ_GROUPS];

export function graphAudiences(origin: string) {
  return ["https://graph.microsoft.com", "https://graph.microsoft.com/", GRAPH_APP_ID, origin, `${origin}/`];
}

export function createGraphHandler(options: GraphHandlerOptions): Handler {
  const graph = new GraphService(options);
  return (req) => graph.handle(req);
}

export class GraphService {
  readonly tenant: Tenant;
  readonly delta: DeltaState;
  constructor(readonly options: GraphHandlerOptions) {
    this.tenant = options.tenant;
    this.delta = options.delta ?? { epoch: 0, forceExpire: (call) => call.headers[DELTA_EXPIRED_MARK] === "1" };
  }

  async handle(req: EmulatorRequest): Promise<EmulatorResponse> {
    const ids = requestIds(req.headers);
    const m = /^\/(v1\.0|beta)(\/.*)?$/.exec(req.url.pathname);
    if (!m) return badRequest(`Invalid version: ${req.url.pathname.split("/")[1] ?? ""}`, ids, "BadRequest");
    const auth = this.authenticate(req, ids);
    if ("status" in auth) return auth;
    let body: unknown = undefined;
    if (req.body.length > 0) {
      try {
        body = JSON.parse(req.body.toString("utf8"));
      } catch {
        return badRequest("Invalid request body: the JSON could not be parsed.", ids, "BadRequest");
      }
    }
    const call: GraphCall = {
      method: req.method.toUpperCase(),
      version: m[1] as "v1.0" | "beta",
      path: decodeURIComponent(m[2] ?? "/"),
      query: req.url.searchParams,
      headers: req.headers,
      body,
      origin: req.url.origin,
      ids,
      permissions: auth.permissions,
      appId: auth.appId,
    };
    if (call.path === "/$batch") {
      if (call.method !== "POST")
        return graphError(405, "Request_BadRequest", "The requested resource does not support http method 'GET'.", ids);
      return handleBatch(this, call);
    }
    return this.execute(call);
  }

  private authenticate(
    req: EmulatorRequest,
    ids: RequestIds,
  ): { permissions: Set<string> | null; appId: string } | EmulatorResponse {
    if (!this.options.verify) return { permissions: null, appId: "emulator-test" };
    const header = req.headers.authorization ?? "";
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    const unauthorized = (message: string) =>
      graphError(401, "InvalidAuthenticationToken", message, ids, {
        "WWW-Authenticate": `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`,
      });
    if (!token) return unauthorized("Access token is empty.");
    const result = this.options.verify(token, { audiences: graphAudiences(req.url.origin) });
    if (!result.ok) return unauthorized(`Access token validation failure. ${result.reason}`);
    const claims = result.claims;
    const perms = new Set<string>();
    if (Array.isArray(claims.roles)) for (const r of claims.roles) if (typeof r === "string") perms.add(r);
    if (typeof claims.scp === "string") for (const s of claims.scp.split(" ")) if (s) perms.add(s);
    const appId =
      typeof claims.azp === "string" ? claims.azp : typeof claims.appid === "string" ? claims.appid : "unknown";
    return { permissions: perms, appId };
  }

  /** Runs one call (a request or a $batch step), throttled and charged on its own. */
  execute(call: GraphCall): EmulatorResponse {
    const throttle = this.options.throttle;
    let throttleHeaders: Record<string, string> = {
      "x-ms-resource-unit": String(graphRequestCost(call.method, call.path, call.query)),
    };
    if (throttle) {
      const decision = throttle.chargeGraph(
        call.appId,
        this.tenant.tenantId,
        graphRequestCost(call.method, call.path, call.query),
      );
      if (!decision.ok) {
        const res = graphError(429, "TooManyRequests", "Please retry again later.", call.ids, decision.headers, {
          code: "429",
          status: "429",
          message: "Please retry after",
        });
        return res;
      }
      throttleHeaders = decision.headers;
    }
    let res: EmulatorResponse;
    try {
      res = this.route(call);
    } catch (error) {
      if (error instanceof FilterError) {
        res =
          error.kind === "unsupported"
            ? badRequest(error.message, call.ids, "Request_UnsupportedQuery")
            : badRequest(`Invalid filter clause: ${error.message}`, call.ids, "BadRequest");
      } else if (error instanceof GraphProblem) {
        res = error.response;
      } else {
        throw error;
      }
    }
    res.headers = {
      "Cache-Control": "no-cache",
      "request-id": call.ids.requestId,
      "client-request-id": call.ids.clientRequestId,
      "OData-Version": "4.0",
      ...throttleHeaders,
      ...(res.headers ?? {}),
    };
    return res;
  }

  private need(call: GraphCall, allowed: string[]) {
    if (call.permissions === null) return;
    if (!allowed.some((p) => call.permissions?.has(p))) throw new GraphProblem(denied(call.ids));
  }

  private route(call: GraphCall): EmulatorResponse {
    const segs = call.path.split("/").filter(Boolean);
    if (call.method !== "GET") {
      return graphError(
        405,
        "Request_BadRequest",
        `The requested resource does not support http method '${call.method}'.`,
        call.ids,
      );
    }
    const [head, second, third, fourth, fifth] = segs;
    const t = this.tenant;
    if (!head) return badRequest("Invalid request.", call.ids, "BadRequest");
    const keyed = /^(servicePrincipals|applications)\(appId='([^']*)'\)$/i.exec(head);

    if (call.version === "beta" && head === "reports" && second === "servicePrincipalSignInActivities" && !third) {
      this.need(call, READ_AUDIT);
      const sps = t.servicePrincipals.filter(
        (sp) => !sp.deleted && sp.lastSignIn !== undefined && sp.lastSignIn !== null,
      );
      return this.list(call, "reports/servicePrincipalSignInActivities", sps, {
        json: signInActivityJson,
        getter: (sp) => (p) =>
          p.toLowerCase() === "appid"
            ? sp.appId
            : p.toLowerCase() === "id"
              ? Buffer.from(sp.appId).toString("base64")
              : undefined,
        schema: { entity: "servicePrincipalSignInActivity", properties: { appid: ["eq", "in"], id: ["eq"] } },
      });
    }

    if (head === "servicePrincipals" || keyed?.[1]?.toLowerCase() === "serviceprincipals") {
      this.need(call, READ_APPS);
      if (!keyed && !second) {
        return this.list(call, "servicePrincipals", t.servicePrincipals, {
          json: (sp) => servicePrincipalJson(sp, t),
          getter: servicePrincipalGetter,
          schema: SP_FILTER,
          alive: (sp) => !sp.deleted,
          search: (sp) => sp.displayName,
          odataType: "microsoft.graph.servicePrincipal",
        });
      }
      if (!keyed && second === "$count")
        return this.countOnly(call, t.servicePrincipals, {
          getter: servicePrincipalGetter,
          schema: SP_FILTER,
          alive: (sp) => !sp.deleted,
        });
      if (!keyed && second === "delta" && !third) return servicePrincipalsDelta(this, call);
      const rest = keyed ? [second, third, fourth] : [third, fourth, fifth];
      const sp = keyed ? t.spByAppId.get(keyed[2] ?? "") : t.spById.get(second ?? "");
      if (!sp) return notFound(keyed ? (keyed[2] ?? "") : (second ?? ""), call.ids);
      const [nav, cast, count] = rest;
      if (!nav)
        return this.entity(
          call,
          "servicePrincipals",
          servicePrincipalJson(sp, t),
          false,
          "microsoft.graph.servicePrincipal",
        );
      if (nav === "appRoleAssignments" && !cast) {
        return this.list(call, "appRoleAssignments", t.appRoleAssignmentsByPrincipal.get(sp.id) ?? [], {
          json: (a) => appRoleAssignmentJson(a, t),
          getter: (a) => (p) => (a as unknown as Record<string, unknown>)[p],
          schema: ARA_FILTER,
        });
      }
      if (nav === "appRoleAssignedTo" && !cast) {
        return this.list(call, "appRoleAssignments", t.appRoleAssignmentsByResource.get(sp.id) ?? [], {
          json: (a) => appRoleAssignmentJson(a, t),
          getter: (a) => (p) => (a as unknown as Record<string, unknown>)[p],
          schema: ARA_FILTER,
        });
      }
      if (nav === "memberOf" || nav === "transitiveMemberOf") {
        this.need(call, [...READ_APPS, ...READ_GROUPS]);
        return this.memberOf(call, sp.id, nav, cast, count);
      }
      if (nav === "owners") {
        // An app's service principal here is owned by the owners of its registration.
        return this.directoryObjects(call, t.appByAppId.get(sp.appId)?.owners ?? [], cast, count);
      }
      if (nav === "federatedIdentityCredentials" && !cast) {
        return this.list(call, "servicePrincipals('" + sp.id + "')/federatedIdentityCredentials", [], {
          json: federatedCredentialJson,
          getter: () => () => undefined,
        });
      }
      return badRequest(`Resource not found for the segment '${nav}'.`, call.ids, "BadRequest");
    }

    if (head === "applications" || keyed?.[1]?.toLowerCase() === "applications") {
      this.need(call, READ_APPS);
      if (!keyed && !second)
        return this.list(call, "applications", t.applications, {
          json: (a) => applicationJson(a, t),
          getter: applicationGetter,
          schema: APP_FILTER,
          search: (a) => a.displayName,
          odataType: "microsoft.graph.application",
          // An application holds at most 20 federated credentials, the most $expand returns.
          expand: { federatedIdentityCredentials: (a) => a.federatedIdentityCredentials.map(federatedCredentialJson) },
        });
      if (!keyed && second === "$count")
        return this.countOnly(call, t.applications, { getter: applicationGetter, schema: APP_FILTER });
      const app = keyed ? t.appByAppId.get(keyed[2] ?? "") : t.appById.get(second ?? "");
      if (!app) return notFound(keyed ? (keyed[2] ?? "") : (second ?? ""), call.ids);
      const nav = keyed ? second : third;
      if (!nav) return this.entity(call, "applications", applicationJson(app, t), false, "microsoft.graph.application");
      if (nav === "owners")
        return this.directoryObjects(call, app.owners, keyed ? third : fourth, keyed ? fourth : fifth);
      if (nav === "federatedIdentityCredentials") {
        return this.list(
          call,
          `applications('${app.id}')/federatedIdentityCredentials`,
          app.federatedIdentityCredentials,
          {
            json: federatedCredentialJson,
            getter: (f) => (p) => (f as unknown as Record<string, unknown>)[p],
            schema: {
              entity: "federatedIdentityCredential",
              properties: { name: ["eq"], subject: ["eq"], issuer: ["eq"] },
            },
          },
        );
      }
      return badRequest(`Resource not found for the segment '${nav}'.`, call.ids, "BadRequest");
    }

    if (head === "users") {
      this.need(call, READ_USERS);
      const select = this.select(call);
      if (select?.some((s) => s.toLowerCase() === "signinactivity")) this.need(call, READ_AUDIT);
      const extra = (u: (typeof t.users)[number]) => () => userExtraJson(u);
      if (!second)
        return this.list(call, "users", t.users, {
          json: userJson,
          getter: userGetter,
          schema: USER_FILTER,
          extra,
          search: (u) => u.displayName,
          odataType: "microsoft.graph.user",
          byId: (id) => t.userById.get(id),
        });
      if (second === "$count") return this.countOnly(call, t.users, { getter: userGetter, schema: USER_FILTER });
      const user =
        t.userById.get(second) ?? t.users.find((u) => u.userPrincipalName.toLowerCase() === second.toLowerCase());
      if (!user) return notFound(second, call.ids);
      if (!third) {
        this.checkSelect(call, select, { ...userJson(user), ...userExtraJson(user) }, "microsoft.graph.user");
        return this.entity(call, "users", applySelect(userJson(user), select, extra(user)), true);
      }
      if (third === "memberOf" || third === "transitiveMemberOf")
        return this.memberOf(call, user.id, third, fourth, fifth);
      if (third === "appRoleAssignments")
        return this.list(call, "appRoleAssignments", t.appRoleAssignmentsByPrincipal.get(user.id) ?? [], {
          json: (a) => appRoleAssignmentJson(a, t),
          getter: (a) => (p) => (a as unknown as Record<string, unknown>)[p],
          schema: ARA_FILTER,
        });
      return badRequest(`Resource not found for the segment '${third}'.`, call.ids, "BadRequest");
    }

    if (head === "groups") {
      this.need(call, READ_GROUPS);
      const alive = (g: Group) => !g.deleted;
      if (!second)
        return this.list(call, "groups", t.groups, {
          json: (g) => groupJson(g, t),
          getter: groupGetter,
          schema: GROUP_FILTER,
          alive,
          search: (g) => g.displayName,
          odataType: "microsoft.graph.group",
        });
      if (second === "$count")
        return this.countOnly(call, t.groups, { getter: groupGetter, schema: GROUP_FILTER, alive });
      if (second === "delta" && !third) return groupsDelta(this, call);
      const group = t.groupById.get(second);
      if (!group || group.deleted) return notFound(second, call.ids);
      if (!third) return this.entity(call, "groups", groupJson(group, t), false, "microsoft.graph.group");
      if (third === "members" || third === "transitiveMembers") {
        const memberIds = third === "members" ? group.members : t.transitiveMembers(group.id);
        return this.directoryObjects(call, memberIds, fourth, fifth);
      }
      if (third === "memberOf" || third === "transitiveMemberOf")
        return this.memberOf(call, group.id, third, fourth, fifth);
      if (third === "appRoleAssignments")
        return this.list(call, "appRoleAssignments", t.appRoleAssignmentsByPrincipal.get(group.id) ?? [], {
          json: (a) => appRoleAssignmentJson(a, t),
          getter: (a) => (p) => (a as unknown as Record<string, unknown>)[p],
          schema: ARA_FILTER,
        });
      return badRequest(`Resource not found for the segment '${third}'.`, call.ids, "BadRequest");
    }

    if (head === "directoryObjects" && second) {
      this.need(call, READ_DIRECTORY);
      const o = findDirectoryObject(t, second);
      if (!o) return notFound(second, call.ids);
      if (third) return badRequest(`Resource not found for the segment '${third}'.`, call.ids, "BadRequest");
      return this.entity(call, "directoryObjects", directoryObjectJson(o, t));
    }

    if (head === "roleManagement" && second === "directory") {
      this.need(call, READ_ROLES);
      if (third === "roleDefinitions") {
        const defs = directoryRoleDefinitionsJson();
        if (fourth) {
          const def = defs.find((d) => d.id === fourth);
          if (!def) return notFound(fourth, call.ids);
          return this.entity(call, "roleManagement/directory/roleDefinitions", def);
        }
        return this.list(call, "roleManagement/directory/roleDefinitions", defs, {
          json: (d) => d,
          getter: (d) => (p) => d[Object.keys(d).find((k) => k.toLowerCase() === p.toLowerCase()) ?? ""],
          schema: {
            entity: "unifiedRoleDefinition",
            properties: { id: ["eq", "in"], displayname: ["eq", "startswith"], isbuiltin: ["eq"], templateid: ["eq"] },
          },
        });
      }
      if (third === "roleAssignments") {
        if (fourth) {
          const a = t.directoryRoleAssignments.find((x) => x.id === fourth);
          if (!a) return notFound(fourth, call.ids);
          return this.entity(call, "roleManagement/directory/roleAssignments", directoryRoleAssignmentJson(a));
        }
        const expand = (call.query.get("$expand") ?? "").toLowerCase();
        const expandPrincipal = expand.split(",").some((e) => e.trim() === "principal");
        return this.list(
          call,
          expandPrincipal
            ? "roleManagement/directory/roleAssignments(principal())"
            : "roleManagement/directory/roleAssignments",
          t.directoryRoleAssignments,
          {
            json: (a) => {
              const base = directoryRoleAssignmentJson(a);
              if (!expandPrincipal) return base;
              const o = findDirectoryObject(t, a.principalId);
              const principal =
                o?.kind === "user"
                  ? { "@odata.type": "#microsoft.graph.user", ...expandedUserJson(o.user) }
                  : o
                    ? directoryObjectJson(o, t)
                    : null;
              return { ...base, principal };
            },
            getter: (a) => (p) =>
              (a as unknown as Record<string, unknown>)[
                Object.keys(a).find((k) => k.toLowerCase() === p.toLowerCase()) ?? ""
              ],
            schema: {
              entity: "unifiedRoleAssignment",
              properties: {
                principalid: ["eq", "in"],
                roledefinitionid: ["eq", "in"],
                directoryscopeid: ["eq"],
                id: ["eq"],
              },
            },
          },
        );
      }
    }
    return badRequest(`Resource not found for the segment '${head}'.`, call.ids, "BadRequest");
  }

  // --- building blocks -------------------------------------------------------------------------

  select(call: GraphCall): string[] | null {
    const s = call.query.get("$select");
    return s
      ? s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean)
      : null;
  }

  context(call: GraphCall, entitySet: string, select: string[] | null, entity = false) {
    return `${call.origin}/${call.version}/$metadata#${entitySet}${select ? `(${select.join(",")})` : ""}${entity ? "/$entity" : ""}`;
  }

  private entity(
    call: GraphCall,
    entitySet: string,
    json: Json,
    alreadySelected = false,
    typeName?: string,
  ): EmulatorResponse {
    const select = this.select(call);
    if (!alreadySelected) this.checkSelect(call, select, json, typeName);
    const body = alreadySelected ? json : applySelect(json, select);
    return { status: 200, body: { "@odata.context": this.context(call, entitySet, select, true), ...body } };
  }

  private advanced(call: GraphCall) {
    return (call.headers["consistencylevel"] ?? "").toLowerCase() === "eventual";
  }

  private predicate<T>(
    call: GraphCall,
    getter: (x: T) => Getter,
    schema?: FilterSchema,
    search?: (x: T) => string,
  ): (x: T) => boolean {
    const filter = call.query.get("$filter");
    const searchQ = call.query.get("$search");
    const advanced = this.advanced(call) && (call.query.get("$count") ?? "").toLowerCase() === "true";
    const filterP: Predicate | null = filter ? parseFilter(filter, schema, { advanced }) : null;
    let s: ((x: T) => boolean) | null = null;
    if (searchQ !== null) {
      if (!this.advanced(call))
        throw new GraphProblem(
          badRequest(
            "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
            call.ids,
          ),
        );
      const m = /^"([^":]+):([^"]*)"$/.exec(searchQ.trim());
      if (!m || !search) throw new GraphProblem(badRequest("Syntax error: invalid $search query.", call.ids));
      const words = (m[2] ?? "").toLowerCase().split(/\s+/).filter(Boolean);
      s = (x) => {
        const tokens = search(x)
          .toLowerCase()
          .split(/[\s\-_.]+/);
        return words.every((w) => tokens.some((tok) => tok.startsWith(w)));
      };
    }
    return (x) => (filterP ? filterP(getter(x)) : true) && (s ? s(x) : true);
  }

  private top(call: GraphCall): number {
    const raw = call.query.get("$top");
    const def = this.options.defaultPageSize ?? 100;
    if (raw === null) return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1)
      throw new GraphProblem(badRequest(`Invalid value '${raw}' for $top query option found.`, call.ids));
    if (n > 999)
      throw new GraphProblem(
        badRequest(
          `Invalid page size specified: '${n}'. Must be between 1 and 999 inclusive.`,
          call.ids,
          "Request_BadRequest",
        ),
      );
    return n;
  }

  private countParam(call: GraphCall): boolean {
    const c = call.query.get("$count");
    if (c === null || c.toLowerCase() === "false") return false;
    if (!this.advanced(call)) throw new GraphProblem(badRequest("$count is not currently supported.", call.ids));
    return true;
  }

  /** Opaque skiptoken: base64url JSON of the position in the underlying (append-only) collection. */
  private readSkip(call: GraphCall): number {
    const raw = call.query.get("$skiptoken");
    if (raw === null) return 0;
    try {
      const decoded = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as { o?: unknown };
      if (typeof decoded.o === "number" && decoded.o >= 0) return decoded.o;
    } catch {
      // fall through
    }
    throw new GraphProblem(badRequest("Invalid $skiptoken value.", call.ids, "Request_BadRequest"));
  }

  nextLink(call: GraphCall, position: number) {
    const q = new URLSearchParams(call.query);
    q.delete("$skiptoken");
    const token = Buffer.from(JSON.stringify({ o: position, n: this.tenant.seq })).toString("base64url");
    const qs = [...q.entries()].map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ",")}`).join("&");
    return `${call.origin}/${call.version}${call.path}?${qs ? `${qs}&` : ""}$skiptoken=${token}`;
  }

  /** Graph refuses `$select` of a property its type does not have. */
  private checkSelect(
    call: GraphCall,
    select: string[] | null,
    sample: Json | undefined,
    typeName: string | undefined,
  ) {
    if (!select || !typeName || !sample) return;
    const known = new Set(Object.keys(sample).map((k) => k.toLowerCase()));
    for (const p of select) {
      if (!known.has(p.toLowerCase()))
        throw new GraphProblem(
          badRequest(`Could not find a property named '${p}' on type '${typeName}'.`, call.ids, "BadRequest"),
        );
    }
  }

  list<T>(
    call: GraphCall,
    entitySet: string,
    items: readonly T[],
    o: {
      json: (x: T) => Json;
      getter: (x: T) => Getter;
      schema?: FilterSchema;
      alive?: (x: T) => boolean;
      extra?: (x: T) => () => Json;
      search?: (x: T) => string;
      odataType?: string;
      /** The collection's index by id, for filters that select by id alone. */
      byId?: (id: string) => T | undefined;
      /** Navigation properties `$expand` may name (any other is refused, as Graph does). */
      expand?: Record<string, (x: T) => Json[]>;
    },
  ): EmulatorResponse {
    const select = this.select(call);
    const expanded = o.expand ? this.expansions(call, o.expand, o.odataType) : [];
    const first = items.find((x) => (o.alive ?? (() => true))(x));
    this.checkSelect(
      call,
      select,
      first === undefined ? undefined : { ...o.json(first), ...(o.extra?.(first)() ?? {}) },
      o.odataType,
    );
    const pred = this.predicate(call, o.getter, o.schema, o.search);
    const top = this.top(call);
    const wantCount = this.countParam(call);
    const alive = o.alive ?? (() => true);
    let orderBy = call.query.get("$orderby");
    let source: readonly T[] = items;
    const ids = o.byId ? idsSelectedBy(call.query.get("$filter")) : null;
    if (ids && o.byId) {
      const byId = o.byId;
      source = [...new Set(ids.map((id) => id.toLowerCase()))]
        .map((id) => byId(id))
        .filter((x): x is T => x !== undefined);
    }
    if (orderBy) {
      const [prop, dir] = orderBy.trim().split(/\s+/);
      const desc = (dir ?? "").toLowerCase() === "desc";
      const sorted = source.filter((x) => alive(x) && pred(x));
      const key = (x: T) => String(o.getter(x)(prop ?? "") ?? "").toLowerCase();
      sorted.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (desc ? -1 : 1));
      source = sorted;
      orderBy = null;
    }
    const start = this.readSkip(call);
    const page: Json[] = [];
    let i = start;
    for (; i < source.length && page.length < top; i++) {
      const x = source[i] as T;
      if (!alive(x) || !pred(x)) continue;
      const json = applySelect(o.json(x), select, o.extra?.(x));
      for (const [name, read] of expanded) json[name] = read(x);
      page.push(json);
    }
    let more = false;
    for (let j = i; j < source.length; j++) {
      const x = source[j] as T;
      if (alive(x) && pred(x)) {
        more = true;
        break;
      }
    }
    const body: Json = { "@odata.context": this.context(call, entitySet, select) };
    if (wantCount) {
      let n = 0;
      for (const x of source) if (alive(x) && pred(x)) n++;
      body["@odata.count"] = n;
    }
    if (more) body["@odata.nextLink"] = this.nextLink(call, i);
    body.value = page;
    return { status: 200, body };
  }

  /** The `$expand` names of a list, resolved against what its entity can expand. */
  private expansions<T>(
    call: GraphCall,
    known: Record<string, (x: T) => Json[]>,
    odataType: string | undefined,
  ): [string, (x: T) => Json[]][] {
    const raw = call.query.get("$expand");
    if (!raw) return [];
    return raw.split(",").map((part) => {
      const name = part.trim().replace(/\(.*\)$/, "");
      const entry = Object.entries(known).find(([k]) => k.toLowerCase() === name.toLowerCase());
      if (!entry)
        throw new GraphProblem(
          badRequest(
            `Could not find a property named '${name}' on type '${odataType ?? "microsoft.graph.entity"}'.`,
            call.ids,
          ),
        );
      return entry;
    });
  }

  private countOnly<T>(
    call: GraphCall,
    items: readonly T[],
    o: { getter: (x: T) => Getter; schema?: FilterSchema; alive?: (x: T) => boolean },
  ): EmulatorResponse {
    if (!this.advanced(call))
      throw new GraphProblem(badRequest("Count is not supported without 'ConsistencyLevel: eventual'.", call.ids));
    const pred = this.predicate(call, o.getter, o.schema);
    const alive = o.alive ?? (() => true);
    let n = 0;
    for (const x of items) if (alive(x) && pred(x)) n++;
    return { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: String(n) };
  }

  private directoryObjects(
    call: GraphCall,
    memberIds: readonly string[],
    cast: string | undefined,
    count: string | undefined,
  ): EmulatorResponse {
    const objects = memberIds
      .map((id) => findDirectoryObject(this.tenant, id))
      .filter((x): x is DirectoryObject => x !== undefined);
    return this.directoryObjectList(call, objects, cast, count);
  }

  private directoryObjectList(
    call: GraphCall,
    objects: DirectoryObject[],
    cast: string | undefined,
    count: string | undefined,
  ): EmulatorResponse {
    const t = this.tenant;
    const castKind = cast && cast !== "$count" ? CASTS[cast] : undefined;
    if (cast && cast !== "$count" && !castKind)
      return badRequest(`Resource not found for the segment '${cast}'.`, call.ids, "BadRequest");
    const filtered = castKind ? objects.filter((x) => x.kind === castKind) : objects;
    if (cast === "$count" || count === "$count")
      return this.countOnly(call, filtered, { getter: directoryObjectGetter, schema: DIRECTORY_OBJECT_FILTER });
    const entitySet = castKind
      ? `${castKind === "servicePrincipal" ? "servicePrincipals" : `${castKind}s`}`
      : "directoryObjects";
    return this.list(call, entitySet, filtered, {
      json: (x) => directoryObjectJson(x, t),
      getter: directoryObjectGetter,
      schema: DIRECTORY_OBJECT_FILTER,
      search: (x) => String(directoryObjectGetter(x)("displayName") ?? ""),
    });
  }

  private memberOf(
    call: GraphCall,
    objectId: string,
    nav: string,
    cast: string | undefined,
    count: string | undefined,
  ): EmulatorResponse {
    const t = this.tenant;
    const groupIds = nav === "memberOf" ? (t.memberOf.get(objectId) ?? []) : t.transitiveMemberOf(objectId);
    const groups = groupIds.filter((g) => t.groupById.get(g) && !t.groupById.get(g)?.deleted);
    // Directory roles held (directly, or through groups for transitiveMemberOf) appear as #microsoft.graph.directoryRole.
    const holders = new Set(nav === "memberOf" ? [objectId] : [objectId, ...groups]);
    const roles = [
      ...new Set(
        t.directoryRoleAssignments
          .filter((a) => holders.has(a.principalId) && a.directoryScopeId === "/")
          .map((a) => a.roleDefinitionId),
      ),
    ];
    const objects: DirectoryObject[] = [
      ...roles.map((roleTemplateId) => ({ kind: "directoryRole" as const, roleTemplateId })),
      ...groups.flatMap((id) => {
        const o = findDirectoryObject(t, id);
        return o ? [o] : [];
      }),
    ];
    return this.directoryObjectList(call, objects, cast, count);
  }
}
export class GraphProblem extends Error {
  constructor(readonly response: EmulatorResponse) {
    super("graph problem");
  }
}

const CASTS: Record<string, DirectoryObject["kind"]> = {
  "microsoft.graph.group": "group",
  "microsoft.graph.user": "user",
  "microsoft.graph.servicePrincipal": "servicePrincipal",
  "microsoft.graph.directoryRole": "directoryRole",
};

const DIRECTORY_OBJECT_FILTER: FilterSchema = {
  entity: "DirectoryObject",
  properties: {
    id: ["eq", "in"],
    displayname: ["eq", "startswith", "in"],
    securityenabled: ["eq"],
    isassignabletorole: ["eq"],
    mailenabled: ["eq"],
    serviceprincipaltype: ["eq"],
  },
};

const ARA_FILTER: FilterSchema = {
  entity: "AppRoleAssignment",
  properties: { resourceid: ["eq"], approleid: ["eq"], principalid: ["eq"], id: ["eq"] },
};
