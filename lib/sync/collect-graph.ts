// Reads Entra ID through Microsoft Graph into the run's stage. Large collections stream page by
// page; per-object reads go through $batch; incremental runs follow the last run's delta links.
import "server-only";
import type { z } from "zod";
import { UpstreamError } from "../microsoft/errors";
import type { BatchStep } from "../microsoft/graph-api";
import * as g from "../schemas/graph";
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

/** Service principals through their delta query: a full round on the first run (or after the
 * delta link expired), only the changes afterwards. */
export async function collectServicePrincipals(ctx: SyncContext) {
  const previous = ctx.mode === "incremental" ? ctx.previousCursors.get("servicePrincipals") : undefined;
  let next: string | undefined = previous ?? `/servicePrincipals/delta?$select=${SP_FIELDS.join(",")}`;
  const refetch: string[] = [];
  while (next) {
    const page: z.infer<typeof g.servicePrincipalDeltaPage> = await ctx.graph.get(next, g.servicePrincipalDeltaPage);
    const rows: Row[] = [];
    const credentials: Row[] = [];
    for (const item of page.value) {
      if (!item.id) continue;
      if (item["@removed"]) {
        if (previous) {
          ctx.completeness.removedServicePrincipals.add(item.id);
          await ctx.store.stageRemoved("servicePrincipals", [{ id: item.id }]);
        }
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
    next = page["@odata.nextLink"];
  }
  await batchGet(
    ctx,
    refetch.map((id, i) => ({
      id: String(i),
      method: "GET",
      url: `/servicePrincipals/${id}?$select=${SP_FIELDS.join(",")}`,
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
  let next: string | undefined = previous ?? `/groups/delta?$select=${[...GROUP_FIELDS, "members"].join(",")}`;
  const refetch = new Set<string>();
  while (next) {
    const page: z.infer<typeof g.groupDeltaPage> = await ctx.graph.get(next, g.groupDeltaPage);
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
    next = page["@odata.nextLink"];
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

/** App role assignments, read from the resource side: few principals define roles, and
 * `appRoleAssignedTo` on each lists every grant of its roles. */
export async function collectAppRoleAssignments(
  ctx: SyncContext,
  resources: { id: string; appId: string; appRoles: { id: string; value: string | null }[] }[],
) {
  await forEachLimit(resources, 8, async (resource) => {
    for await (const page of ctx.graph.pages(
      `/servicePrincipals/${resource.id}/appRoleAssignedTo?$top=999`,
      g.appRoleAssignmentPage,
    )) {
      await ctx.store.stage(
        "appRoleAssignments",
        page.value.map((a) => appRoleAssignmentRow(a, resource)),
      );
      fetched(ctx, "appRoleAssignments", page.value.length);
    }
  });
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

/** App registrations with their credentials (metadata only), then their federated credentials. */
export async function collectApplications(ctx: SyncContext) {
  const ids: string[] = [];
  for await (const page of ctx.graph.pages(`/applications?$select=${APP_SELECT}&$top=999`, g.applicationPage)) {
    const apps: Row[] = [];
    const credentials: Row[] = [];
    for (const app of page.value) {
      const mapped = applicationRows(app);
      apps.push(mapped.application);
      credentials.push(...mapped.credentials);
      ids.push(app.id);
    }
    await ctx.store.stage("applications", apps);
    await ctx.store.stage("credentials", credentials);
    fetched(ctx, "applications", page.value.length);
  }
  await batchGet(
    ctx,
    ids.map((id, i) => ({ id: String(i), method: "GET", url: `/applications/${id}/federatedIdentityCredentials` })),
    async (step, status, body) => {
      if (status >= 400) throw batchError(step, status, body);
      const page = g.federatedIdentityCredentialPage.parse(body);
      const appId = step.url.split("/")[2]!;
      await ctx.store.stage(
        "federatedCredentials",
        page.value.map((f) => applicationFederatedCredentialRow(appId, f)),
      );
      fetched(ctx, "federatedCredentials", page.value.length);
      if (page["@odata.nextLink"]) {
        for await (const more of ctx.graph.pages(page["@odata.nextLink"], g.federatedIdentityCredentialPage)) {
          await ctx.store.stage(
            "federatedCredentials",
            more.value.map((f) => applicationFederatedCredentialRow(appId, f)),
          );
        }
      }
    },
  );
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

/** The users named by Azure role assignments (and by remediation owners). */
export async function collectUsers(ctx: SyncContext, ids: string[]) {
  let withSignIn = true;
  const pending = [...ids];
  while (pending.length > 0) {
    const chunk = pending.splice(0, 400);
    const denied: string[] = [];
    await batchGet(
      ctx,
      chunk.map((id, i) => ({
        id: String(i),
        method: "GET",
        url: `/users/${id}?$select=${USER_SELECT}${withSignIn ? ",signInActivity" : ""}`,
      })),
      async (step, status, body) => {
        const id = step.url.split("/")[2]!.replace(/\?.*$/, "");
        if (status === 404) return; // a deleted user still named by an Azure role assignment
        if (status === 403 && withSignIn) {
          denied.push(id);
          return;
        }
        if (status >= 400) throw batchError(step, status, body);
        await ctx.store.stage("users", [userRow(g.user.parse(body))]);
        fetched(ctx, "users", 1);
      },
    );
    if (denied.length > 0) {
      warn(
        ctx,
        "userSignInActivityUnavailable",
        "User sign-in activity could not be read (AuditLog.Read.All is missing); users are synced without it.",
      );
      withSignIn = false;
      pending.push(...denied);
    }
  }
}
