// Reads Entra ID through Microsoft Graph into the run's stage. Large collections stream page by
// page; per-object reads go through $batch; incremental runs follow the last run's delta links.
import "server-only";
import { UpstreamError } from "../microsoft/errors";
import type { BatchStep } from "../microsoft/graph-api";
import * as g from "../schemas/graph";
import { collections } from "./collections";
import { fetched, forEachLimit, warn, type SyncContext } from "./context";
import {
  appRoleAssignmentRow,
  applicationFederatedCredentialRow,
  applicationRows,
  directoryRoleAssignmentRow,
  directoryRoleDefinitionRow,
  groupRow,
  memberType,
  servicePrincipalRows,
  userRow,
} from "./map/graph";
import { dateColumn, q } from "./sql/connection";
import type { Row } from "./store";

export const SP_FIELDS = [
  "id",
  "appId",
  "displayName",
  "servicePrincipalType",
  "accountEnabled",
  "appOwnerOrganizationId",
  "signInAudience",
  "alternativeNames",
  "servicePrincipalNames",
  "tags",
  "appRoles",
  "keyCredentials",
  "passwordCredentials",
] as const;
const GROUP_FIELDS = [
  "id",
  "displayName",
  "description",
  "securityEnabled",
  "mailEnabled",
  "isAssignableToRole",
  "groupTypes",
] as const;
const APP_SELECT =
  "id,appId,displayName,signInAudience,publisherDomain,createdDateTime,keyCredentials,passwordCredentials";
const USER_SELECT = "id,userPrincipalName,displayName,mail,accountEnabled,userType";
/** Graph accepts at most 15 values in one `in` clause. */
const USERS_PER_REQUEST = 15;

const hasAll = (item: Record<string, unknown>, fields: readonly string[]) => fields.every((f) => f in item);

/** Runs GET steps through $batch, 20 to a request, a few requests at a time. */
async function batchGet(
  ctx: SyncContext,
  steps: BatchStep[],
  onResult: (step: BatchStep, status: number, body: unknown) => Promise<void>,
) {
  const chunks: BatchStep[][] = [];
  for (let i = 0; i < steps.length; i += 20) chunks.push(steps.slice(i, i + 20));
  await forEachLimit(chunks, 4, async (chunk) => {
    const results = await ctx.graph.batch(chunk);
    for (const step of chunk) {
      const r = results.get(step.id);
      if (r) await onResult(step, r.status, r.body);
    }
  });
}

function batchError(step: BatchStep, status: number, body: unknown): UpstreamError {
  const e = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new UpstreamError(
    "graph",
    status,
    e?.code ?? null,
    `Graph GET ${step.url.replace(/\?.*$/, "")} failed in a batch: HTTP ${status}${e?.code ? ` ${e.code}` : ""}: ${e?.message ?? ""}`,
    null,
  );
}

async function stageServicePrincipal(ctx: SyncContext, sp: g.GraphServicePrincipal) {
  const { servicePrincipal, credentials } = servicePrincipalRows(sp);
  await ctx.store.stage("servicePrincipals", [servicePrincipal]);
  await ctx.store.stage("credentials", credentials);
}

/**
 * Service principals. A full run lists them 999 to a page (a delta round pages by 100) after
 * taking a "from now on" delta link, so the next run continues from before the listing began
 * (changes made meanwhile are read twice, which is harmless). An incremental run follows the last
 * run's delta link.
 */
export async function collectServicePrincipals(ctx: SyncContext) {
  const select = `$select=${SP_FIELDS.join(",")}`;
  const previous = ctx.mode === "incremental" ? ctx.previousCursors.get("servicePrincipals") : undefined;
  if (!previous) {
    const latest = await ctx.graph.get(
      `/servicePrincipals/delta?${select}&$deltatoken=latest`,
      g.servicePrincipalDeltaPage,
    );
    const link = latest["@odata.deltaLink"];
    if (!link)
      throw new UpstreamError("graph", 200, null, "The service principal delta query returned no deltaLink", null);
    for await (const page of ctx.graph.pages(`/servicePrincipals?${select}&$top=999`, g.servicePrincipalPage)) {
      const rows: Row[] = [];
      const credentials: Row[] = [];
      for (const sp of page.value) {
        const mapped = servicePrincipalRows(sp);
        rows.push(mapped.servicePrincipal);
        credentials.push(...mapped.credentials);
      }
      await ctx.store.stage("servicePrincipals", rows);
      await ctx.store.stage("credentials", credentials);
      fetched(ctx, "servicePrincipals", page.value.length);
    }
    ctx.cursors.set("servicePrincipals", link);
    return;
  }
  const refetch: string[] = [];
  for await (const page of ctx.graph.pages(previous, g.servicePrincipalDeltaPage)) {
    const rows: Row[] = [];
    const credentials: Row[] = [];
    for (const item of page.value) {
      if (!item.id) continue;
      if (item["@removed"]) {
        ctx.completeness.removedServicePrincipals.add(item.id);
        await ctx.store.stageRemoved("servicePrincipals", [{ id: item.id }]);
        continue;
      }
      ctx.completeness.changedServicePrincipals.add(item.id);
      const full = hasAll(item, SP_FIELDS) ? g.servicePrincipal.safeParse(item) : null;
      if (full?.success) {
        const mapped = servicePrincipalRows(full.data);
        rows.push(mapped.servicePrincipal);
        credentials.push(...mapped.credentials);
      } else {
        // A delta round may return only the properties that changed: read the whole object.
        refetch.push(item.id);
      }
    }
    await ctx.store.stage("servicePrincipals", rows);
    await ctx.store.stage("credentials", credentials);
    fetched(ctx, "servicePrincipals", page.value.length);
    if (page["@odata.deltaLink"]) ctx.cursors.set("servicePrincipals", page["@odata.deltaLink"]);
  }
  await batchGet(
    ctx,
    refetch.map((id, i) => ({
      id: String(i),
      method: "GET",
      url: `/servicePrincipals/${id}?${select}`,
    })),
    async (step, status, body) => {
      if (status === 404) return; // deleted since the delta round; the next round reports it
      if (status >= 400) throw batchError(step, status, body);
      await stageServicePrincipal(ctx, g.servicePrincipal.parse(body));
    },
  );
  if (!ctx.cursors.has("servicePrincipals"))
    throw new UpstreamError("graph", 200, null, "The service principal delta round ended without a deltaLink", null);
}

/** Groups and their direct members through the groups delta query with `members`. */
export async function collectGroups(ctx: SyncContext) {
  const previous = ctx.mode === "incremental" ? ctx.previousCursors.get("groups") : undefined;
  const first = previous ?? `/groups/delta?$select=${[...GROUP_FIELDS, "members"].join(",")}`;
  const refetch = new Set<string>();
  for await (const page of ctx.graph.pages(first, g.groupDeltaPage)) {
    const groups: Row[] = [];
    const members: Row[] = [];
    const removedMembers: Row[] = [];
    for (const item of page.value) {
      if (item["@removed"]) {
        if (previous) {
          ctx.completeness.removedGroups.add(item.id);
          await ctx.store.stageRemoved("groups", [{ id: item.id }]);
        }
        continue;
      }
      const props = GROUP_FIELDS.filter((f) => f !== "id" && f in item);
      if (props.length === GROUP_FIELDS.length - 1) groups.push(groupRow(g.group.parse(item)));
      else if (props.length > 0) refetch.add(item.id);
      for (const m of item["members@delta"] ?? []) {
        if (m["@removed"]) removedMembers.push({ groupId: item.id, memberId: m.id });
        else members.push({ groupId: item.id, memberId: m.id, memberType: memberType(m["@odata.type"]) });
      }
    }
    await ctx.store.stage("groups", groups);
    await ctx.store.stage("groupMemberships", members);
    if (previous) await ctx.store.stageRemoved("groupMemberships", removedMembers);
    fetched(ctx, "groups", page.value.length);
    fetched(ctx, "groupMemberships", members.length + removedMembers.length);
    if (page["@odata.deltaLink"]) ctx.cursors.set("groups", page["@odata.deltaLink"]);
  }
  await batchGet(
    ctx,
    [...refetch].map((id, i) => ({
      id: String(i),
      method: "GET",
      url: `/groups/${id}?$select=${GROUP_FIELDS.join(",")}`,
    })),
    async (step, status, body) => {
      if (status === 404) return;
      if (status >= 400) throw batchError(step, status, body);
      await ctx.store.stage("groups", [groupRow(g.group.parse(body))]);
    },
  );
  if (!ctx.cursors.has("groups"))
    throw new UpstreamError("graph", 200, null, "The groups delta round ended without a deltaLink", null);
}

/**
 * App role assignments, read from the resource side: few principals define roles, and
 * `appRoleAssignedTo` on each lists every grant of its roles. Nothing tells what changed, so every
 * run reads them all. A full run stages them all; an incremental one compares them with the stored
 * grants as they come and stages only the new and changed ones, and as removed those it no longer
 * read (at 100k, 55k grants of which a churn touches a few dozen: staging and comparing them all in
 * SQL took a quarter of the run).
 */
export async function collectAppRoleAssignments(
  ctx: SyncContext,
  resources: { id: string; appId: string; appRoles: { id: string; value: string | null }[] }[],
) {
  const stored = ctx.mode === "incremental" ? await storedGrants(ctx) : null;
  await forEachLimit(resources, 8, async (resource) => {
    for await (const page of ctx.graph.pages(
      `/servicePrincipals/${resource.id}/appRoleAssignedTo?$top=999`,
      g.appRoleAssignmentPage,
    )) {
      const rows = page.value.map((a) => appRoleAssignmentRow(a, resource));
      await ctx.store.stage("appRoleAssignments", stored ? rows.filter((row) => changedGrant(ctx, stored, row)) : rows);
      fetched(ctx, "appRoleAssignments", page.value.length);
    }
  });
  if (stored)
    await ctx.store.stageRemoved(
      "appRoleAssignments",
      [...stored.keys()].map((id) => ({ id })),
    );
}

const GRANT_COLUMNS = collections.appRoleAssignments.columns;

/**
 * A grant's columns as one string, each value length-prefixed (so no value can run into the next)
 * and dates in the text the database returns for them (see `storedGrants`).
 */
function grantSignature(values: readonly unknown[]): string {
  let signature = "";
  for (const v of values) {
    if (v === null || v === undefined) signature += "~";
    else {
      const text = String(v);
      signature += `${text.length}:${text}`;
    }
  }
  return signature;
}

/** The tenant's stored grants by id, each as its signature: rows as arrays, dates as text. */
async function storedGrants(ctx: SyncContext): Promise<Map<string, string>> {
  const conn = ctx.store.conn;
  const columns = GRANT_COLUMNS.map((c) => (c.type === "datetime" ? dateColumn(conn, q(c.name), c.name) : q(c.name)));
  const rows = await conn.rows(
    `SELECT ${columns.join(", ")} FROM "AppRoleAssignment" WHERE "tenantId" = ${conn.p(1)}`,
    [ctx.tenantId],
  );
  return new Map(rows.map((r) => [String(r[0]), grantSignature(r)]));
}

/** Whether a grant read this run is new or differs from the stored one; either way it is no longer "not read". */
function changedGrant(ctx: SyncContext, stored: Map<string, string>, row: Row): boolean {
  const id = String(row.id);
  const before = stored.get(id);
  stored.delete(id);
  // Encoded as staged, which is the text the database hands back (see storedGrants).
  return before !== grantSignature(GRANT_COLUMNS.map((c) => ctx.store.encode(row[c.name], c)));
}

export async function collectDirectoryRoles(ctx: SyncContext) {
  for await (const page of ctx.graph.pages("/roleManagement/directory/roleDefinitions", g.unifiedRoleDefinitionPage)) {
    await ctx.store.stage("directoryRoleDefinitions", page.value.map(directoryRoleDefinitionRow));
    fetched(ctx, "directoryRoleDefinitions", page.value.length);
  }
  for await (const page of ctx.graph.pages("/roleManagement/directory/roleAssignments", g.unifiedRoleAssignmentPage)) {
    await ctx.store.stage("directoryRoleAssignments", page.value.map(directoryRoleAssignmentRow));
    fetched(ctx, "directoryRoleAssignments", page.value.length);
  }
}

/**
 * App registrations with their credentials (metadata only) and federated credentials, in one
 * list: `$expand` brings each application's federated credentials (at most 20, all of them) with
 * it, where a request per application that has any cost ~900 requests at 100k in every run.
 */
export async function collectApplications(ctx: SyncContext) {
  for await (const page of ctx.graph.pages(
    `/applications?$select=${APP_SELECT}&$expand=federatedIdentityCredentials&$top=999`,
    g.applicationWithFederatedCredentialsPage,
  )) {
    const apps: Row[] = [];
    const credentials: Row[] = [];
    const federated: Row[] = [];
    for (const app of page.value) {
      const mapped = applicationRows(app);
      apps.push(mapped.application);
      credentials.push(...mapped.credentials);
      federated.push(...app.federatedIdentityCredentials.map((f) => applicationFederatedCredentialRow(app.id, f)));
    }
    await ctx.store.stage("applications", apps);
    await ctx.store.stage("credentials", credentials);
    await ctx.store.stage("federatedCredentials", federated);
    fetched(ctx, "applications", page.value.length);
    fetched(ctx, "federatedCredentials", federated.length);
  }
}

/** Service principal sign-in activity (beta). Tenants without it, or a sync without
 * AuditLog.Read.All, get a warning, not a failed run. */
export async function collectSignIns(ctx: SyncContext): Promise<Row[]> {
  const rows: Row[] = [];
  try {
    for await (const page of ctx.graph.pages(
      "/reports/servicePrincipalSignInActivities?$top=999",
      g.servicePrincipalSignInActivityPage,
      { version: "beta" },
    )) {
      for (const a of page.value) {
        const at = a.lastSignInActivity?.lastSignInDateTime ?? null;
        if (at) rows.push({ appId: a.appId, lastSignInAt: at });
      }
      fetched(ctx, "signIns", page.value.length);
    }
    ctx.completeness.signIns = true;
  } catch (error) {
    if (error instanceof UpstreamError && (error.upstreamStatus === 403 || error.upstreamStatus === 404)) {
      warn(
        ctx,
        "signInActivityUnavailable",
        `Sign-in activity was not read (${error.message}); inactivity rules stay silent. Grant AuditLog.Read.All to enable it.`,
      );
      return [];
    }
    throw error;
  }
  return rows;
}

/**
 * The users named by Azure role assignments (and by remediation owners): 15 to a request (Graph's
 * limit for `in`), 20 requests to a batch.
 */
export async function collectUsers(ctx: SyncContext, ids: string[]) {
  let withSignIn = true;
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += USERS_PER_REQUEST) chunks.push(ids.slice(i, i + USERS_PER_REQUEST));
  const urlOf = (chunk: string[]) =>
    `/users?$filter=${encodeURIComponent(`id in (${chunk.map((id) => `'${id}'`).join(",")})`)}&$select=${USER_SELECT}${withSignIn ? ",signInActivity" : ""}`;
  let pending = chunks;
  while (pending.length > 0) {
    const denied: string[][] = [];
    await batchGet(
      ctx,
      pending.map((chunk, i) => ({ id: String(i), method: "GET", url: urlOf(chunk) })),
      async (step, status, body) => {
        if (status === 403 && withSignIn) {
          denied.push(pending[Number(step.id)]!);
          return;
        }
        if (status >= 400) throw batchError(step, status, body);
        const page = g.userPage.parse(body);
        // Users deleted since an Azure role assignment named them are simply absent.
        await ctx.store.stage("users", page.value.map(userRow));
        fetched(ctx, "users", page.value.length);
      },
    );
    pending = [];
    if (denied.length > 0) {
      warn(
        ctx,
        "userSignInActivityUnavailable",
        "User sign-in activity could not be read (AuditLog.Read.All is missing); users are synced without it.",
      );
      withSignIn = false;
      pending = denied;
    }
  }
}
