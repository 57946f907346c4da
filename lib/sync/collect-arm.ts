// Reads Azure Resource Manager into the run's stage: subscriptions, management groups, role
// definitions and assignments at every scope, every resource carrying an identity block and every
// user-assigned identity (through Azure Resource Graph), and the identities' federated credentials.
// Incremental runs re-list a subscription's role assignments only when Resource Graph says they
// changed (arm-gate.ts), and read federated credentials only of identities new since the last run.
import "server-only";
import { UpstreamError } from "../microsoft/errors";
import * as a from "../schemas/arm";
import {
  isManagementGroupKey,
  halving,
  MANAGEMENT_GROUPS,
  readArmGate,
  readResourceWatermark,
  summaries,
  type ArmGate,
} from "./arm-gate";
import { fetched, forEachLimit, warn, type SyncContext } from "./context";
import {
  armFederatedCredentialRow,
  identityResourceRows,
  roleAssignmentRow,
  roleDefinitionRow,
  subscriptionRow,
} from "./map/arm";
import { normalizeArmId } from "./map/arm-id";

const V = {
  subscriptions: "2022-12-01",
  managementGroups: "2023-04-01",
  authorization: "2022-04-01",
  msi: "2024-11-30",
};

const denied = (error: unknown) =>
  error instanceof UpstreamError && (error.upstreamStatus === 403 || error.upstreamStatus === 401);
const notFound = (error: unknown) => error instanceof UpstreamError && error.upstreamStatus === 404;

// User-assigned identities carry no identity block of their own: their ids are in `properties`
// (projected narrowly, since other resources' properties can be large).
const IDENTITY_FILTER = "isnotempty(identity) or type =~ 'microsoft.managedidentity/userassignedidentities'";
const IDENTITY_PROJECTION =
  "project id, name, type, location, subscriptionId, resourceGroup, identity, tags, " +
  "uamiPrincipalId = tostring(properties.principalId), uamiClientId = tostring(properties.clientId)";
const IDENTITY_RESOURCES = `Resources | where ${IDENTITY_FILTER} | ${IDENTITY_PROJECTION}`;

/**
 * Resource Graph shows a change within minutes (under five, says Azure): an incremental run reads
 * the change log from the previous run's start less this much, so a late change is read next time.
 */
export const RESOURCE_CHANGE_OVERLAP_MS = 15 * 60_000;
/** Resource Graph keeps changes 14 days; a watermark older than this (with a margin) reads everything. */
const RESOURCE_CHANGE_HORIZON_MS = 13 * 86_400_000;
/** Resource ids per query when reading changed resources again (keeps the query text short). */
const IDS_PER_QUERY = 100;

const UAMI_TYPE = "microsoft.managedidentity/userassignedidentities";

export async function collectArm(ctx: SyncContext) {
  const conn = ctx.store.conn;
  const c = ctx.completeness;

  // Subscriptions visible to the sync identity.
  const subscriptions: a.ArmSubscription[] = [];
  for await (const page of ctx.arm.pages("/subscriptions", a.subscriptionPage, V.subscriptions)) {
    subscriptions.push(
      ...page.value.filter((s) => !s.tenantId || s.tenantId.toLowerCase() === ctx.tenantId.toLowerCase()),
    );
  }
  fetched(ctx, "subscriptions", subscriptions.length);
  const subscriptionIds = subscriptions.map((s) => s.subscriptionId.toLowerCase());

  const parentOf = await collectManagementGroups(ctx);

  // Role definitions: with the root group readable, one list below it holds the built-in roles and
  // every custom one; otherwise built-ins from a subscription and custom ones per subscription.
  const definitionsScope = c.managementGroupsComplete
    ? `/providers/Microsoft.Management/managementGroups/${ctx.tenantId}`
    : subscriptionIds[0]
      ? `/subscriptions/${subscriptionIds[0]}`
      : null;
  if (definitionsScope) {
    for await (const page of ctx.arm.pages(
      `${definitionsScope}/providers/Microsoft.Authorization/roleDefinitions`,
      a.roleDefinitionPage,
      V.authorization,
      c.managementGroupsComplete ? { $filter: "atScopeAndBelow()" } : undefined,
    )) {
      await ctx.store.stage("roleDefinitions", page.value.map(roleDefinitionRow));
      fetched(ctx, "roleDefinitions", page.value.length);
    }
  }

  // Previously stored state an incremental run builds on.
  const enumeratedBefore = new Set(
    (
      await conn.all<{ id: string }>(
        `SELECT "id" FROM "Subscription" WHERE "tenantId" = ${conn.p(1)} AND "resourcesEnumeratedAt" IS NOT NULL`,
        [ctx.tenantId],
      )
    ).map((r) => r.id),
  );
  // Taken before anything is listed, so a change made while listing shows up next time.
  const gate = await readArmGate(ctx, subscriptionIds);
  const plan = planRoleAssignments(ctx, gate, subscriptionIds, enumeratedBefore);

  const [identityResources, readable] = await Promise.all([
    collectIdentityResources(ctx, subscriptionIds, enumeratedBefore),
    collectRoleAssignments(ctx, subscriptions, plan),
  ]);
  const uamisBySubscription = identityResources.uamis;
  if (!c.managementGroupsComplete) await protectUnverifiedCustomRoles(ctx, readable);

  // Federated credentials: of every user-assigned identity in a full run; in an incremental run,
  // of the identities not stored yet (credentials of known ones are swept by the next full run).
  const known =
    ctx.mode === "incremental"
      ? new Set(
          (
            await conn.all<{ id: string }>(
              `SELECT "id" FROM "Resource" WHERE "tenantId" = ${conn.p(1)} AND "type" = '${UAMI_TYPE}'`,
              [ctx.tenantId],
            )
          ).map((r) => r.id),
        )
      : new Set<string>();
  const unreadable = new Set<string>();
  const identities: { subscriptionId: string; armId: string }[] = [];
  for (const [subscriptionId, list] of uamisBySubscription)
    for (const armId of list) if (!known.has(normalizeArmId(armId))) identities.push({ subscriptionId, armId });
  await forEachLimit(identities, 16, async ({ subscriptionId, armId }) => {
    if (unreadable.has(subscriptionId)) return;
    try {
      for await (const page of ctx.arm.pages(
        `${armId}/federatedIdentityCredentials`,
        a.federatedIdentityCredentialPage,
        V.msi,
      )) {
        await ctx.store.stage(
          "federatedCredentials",
          page.value.map((f) => armFederatedCredentialRow(armId, f)),
        );
        fetched(ctx, "federatedCredentials", page.value.length);
      }
      c.uamiCredentialsRead.add(normalizeArmId(armId));
    } catch (error) {
      // Resource Graph lags ARM: an identity deleted a moment ago may still be listed there and
      // answer 404 here. Its credentials count as not read (kept until the identity is gone).
      if (notFound(error)) return;
      if (!denied(error)) throw error;
      unreadable.add(subscriptionId);
    }
  });

  // A subscription counts as enumerated when everything of it this run had to read was readable:
  // in a full run all of it; in an incremental run what changed, the rest standing from before —
  // unless Resource Graph, which does not say "denied", suddenly shows none of its resources: then
  // its stored resources stand until a full run, even when ARM listed its role assignments again
  // (which it does precisely when the subscription's summaries vanished).
  const quiet =
    ctx.mode === "incremental" ? await quietSubscriptions(ctx, identityResources.perSubscription) : new Set<string>();
  for (const id of subscriptionIds) {
    if (unreadable.has(id) || plan.failed.has(id) || quiet.has(id)) continue;
    const fresh = readable.has(id);
    const stands = ctx.mode === "incremental" && !plan.subscriptions.has(id) && enumeratedBefore.has(id);
    if (fresh || stands) c.subscriptionsEnumerated.add(id);
  }
  for (const id of unreadable)
    warn(
      ctx,
      "subscriptionUnreadable",
      `The federated credentials of subscription ${id} could not be read; its previous data is kept.`,
    );

  // "Enumerated completely since": keep the first time of an unbroken streak, so an unchanged
  // subscription is not rewritten by every run.
  const since = new Map(
    (
      await conn.all<{ id: string; at: string | Date | null }>(
        `SELECT "id", "resourcesEnumeratedAt" AS "at" FROM "Subscription" WHERE "tenantId" = ${conn.p(1)}`,
        [ctx.tenantId],
      )
    ).map((r) => [r.id, r.at === null ? null : new Date(r.at)]),
  );
  const at = new Date();
  await ctx.store.stage(
    "subscriptions",
    subscriptions.map((s) => {
      const id = s.subscriptionId.toLowerCase();
      return subscriptionRow(
        s,
        parentOf.get(id) ?? null,
        c.subscriptionsEnumerated.has(id) ? (since.get(id) ?? at) : null,
      );
    }),
  );
  if (gate.available) {
    const wasRead = (key: string) =>
      isManagementGroupKey(key)
        ? c.managementGroupAssignmentsRead || c.managementGroupScopesRead.has(key)
        : c.roleAssignmentSubscriptionsRead.has(key.slice(0, key.indexOf("/"))) || c.roleAssignmentBucketsRead.has(key);
    const read = new Map([...gate.current].filter(([key]) => wasRead(key)));
    // A subscription's own summary is kept only with every group summary under it, so a later run
    // that finds it unmoved can carry them.
    const covered = new Set([...read.keys(), ...plan.unchanged]);
    const incomplete = new Set(
      [...gate.current.keys()]
        .filter((key) => !isManagementGroupKey(key) && !covered.has(key))
        .map((key) => key.slice(0, key.indexOf("/"))),
    );
    ctx.armFingerprints = {
      read,
      keep: plan.unchanged,
      subscriptions: new Map([...gate.subscriptions].filter(([sub]) => !incomplete.has(sub))),
    };
  }
}

interface RoleAssignmentPlan {
  /** Subscriptions to list in full through ARM. */
  subscriptions: Set<string>;
  /** Resource groups (bucketOf keys) whose assignments to read again through Resource Graph. */
  buckets: string[];
  /** Management groups (by scope; `/` for the root) whose assignments to list again, or all of them. */
  managementGroups: "all" | Set<string>;
  /** Summaries that did not move: what is stored for them stands. */
  unchanged: string[];
  /** Subscriptions a read was refused for (filled while reading). */
  failed: Set<string>;
}

/**
 * What to read of the role assignments. A full run (or one without Resource Graph) lists every
 * subscription. An incremental run reads the groups whose summary moved, and lists in full the
 * subscriptions it has not enumerated before and those whose summaries all vanished (Resource Graph
 * is silent, not "denied", about what the caller may no longer read: ARM answers that).
 */
function planRoleAssignments(
  ctx: SyncContext,
  gate: ArmGate,
  subscriptionIds: string[],
  enumeratedBefore: ReadonlySet<string>,
): RoleAssignmentPlan {
  const failed = new Set<string>();
  if (ctx.mode === "full" || !gate.available)
    return { subscriptions: new Set(subscriptionIds), buckets: [], managementGroups: "all", unchanged: [], failed };
  const subscriptionOf = (key: string) => key.slice(0, key.indexOf("/"));
  const listed = new Set(subscriptionIds);
  const summarised = new Set([...gate.current.keys()].filter((k) => !isManagementGroupKey(k)).map(subscriptionOf));
  const subscriptions = new Set(subscriptionIds.filter((id) => !enumeratedBefore.has(id)));
  for (const key of gate.stored.keys())
    if (!isManagementGroupKey(key) && listed.has(subscriptionOf(key)) && !summarised.has(subscriptionOf(key)))
      subscriptions.add(subscriptionOf(key));
  const buckets: string[] = [];
  const unchanged: string[] = [];
  const groups = new Set<string>();
  for (const key of new Set([...gate.current.keys(), ...gate.stored.keys()])) {
    if (isManagementGroupKey(key)) {
      if (gate.current.get(key) === gate.stored.get(key)) unchanged.push(key);
      else groups.add(key);
      continue;
    }
    if (!listed.has(subscriptionOf(key)) || subscriptions.has(subscriptionOf(key))) continue;
    if (gate.current.get(key) === gate.stored.get(key)) unchanged.push(key);
    else buckets.push(key);
  }
  const managementGroups = gate.managementGroupsCut ? "all" : groups;
  return { subscriptions, buckets, managementGroups, unchanged, failed };
}

/** Subscriptions that held resources with identities and now show none. */
async function quietSubscriptions(ctx: SyncContext, seen: ReadonlyMap<string, number>) {
  const conn = ctx.store.conn;
  const stored = await conn.all<{ id: string }>(
    `SELECT DISTINCT "subscriptionId" AS id FROM "Resource" WHERE "tenantId" = ${conn.p(1)}`,
    [ctx.tenantId],
  );
  return new Set(stored.map((r) => r.id).filter((id) => !seen.has(id)));
}

/** The management group tree, from the tenant root group (its name is the tenant id). Returns each subscription's parent. */
async function collectManagementGroups(ctx: SyncContext) {
  const parentOf = new Map<string, string>();
  const groups: { id: string; name: string; displayName: string | null; parentId: string | null }[] = [];
  try {
    const root = await ctx.arm.get(
      `/providers/Microsoft.Management/managementGroups/${ctx.tenantId}`,
      a.managementGroup,
      V.managementGroups,
    );
    groups.push({
      id: normalizeArmId(root.id),
      name: root.name,
      displayName: root.properties.displayName,
      parentId: null,
    });
    for await (const page of ctx.arm.pages(
      `/providers/Microsoft.Management/managementGroups/${ctx.tenantId}/descendants`,
      a.managementGroupDescendantPage,
      V.managementGroups,
    )) {
      for (const d of page.value) {
        const parent = d.properties.parent?.id ? normalizeArmId(d.properties.parent.id) : null;
        if (d.type.toLowerCase().endsWith("/subscriptions")) {
          if (parent) parentOf.set(d.name.toLowerCase(), parent);
        } else {
          groups.push({
            id: normalizeArmId(d.id),
            name: d.name,
            displayName: d.properties.displayName,
            parentId: parent,
          });
        }
      }
    }
    ctx.completeness.managementGroupsComplete = true;
  } catch (error) {
    if (!denied(error) && !notFound(error)) throw error;
    warn(
      ctx,
      "managementGroupsUnavailable",
      `Management groups were not read (${(error as Error).message}); grant Reader at the tenant root group to see assignments made there.`,
    );
  }
  await ctx.store.stage("managementGroups", groups);
  fetched(ctx, "managementGroups", groups.length);
  ctx.managementGroupNames = groups.map((g) => g.name);
  return parentOf;
}

/**
 * Role assignments as planned: each management group's own (a group may hold no subscription),
 * each planned subscription's through ARM (unfiltered: at, above and below it), and the groups to
 * read again through Resource Graph. Returns the subscriptions ARM listed.
 */
async function collectRoleAssignments(ctx: SyncContext, subscriptions: a.ArmSubscription[], plan: RoleAssignmentPlan) {
  const c = ctx.completeness;
  // `atScope()` at a group lists its own assignments and those above it, the root's included.
  const scopeOf = (name: string) => `/providers/microsoft.management/managementgroups/${name.toLowerCase()}`;
  const isRoot = (name: string) => name.toLowerCase() === ctx.tenantId.toLowerCase();
  const changed = plan.managementGroups;
  const groups =
    changed === "all"
      ? ctx.managementGroupNames
      : ctx.managementGroupNames.filter(
          (name) => changed.has(scopeOf(name)) || (isRoot(name) && changed.has(MANAGEMENT_GROUPS)),
        );
  if (c.managementGroupsComplete && groups.length > 0) {
    await forEachLimit(groups, 8, async (name) => {
      for await (const page of ctx.arm.pages(
        `/providers/Microsoft.Management/managementGroups/${name}/providers/Microsoft.Authorization/roleAssignments`,
        a.roleAssignmentPage,
        V.authorization,
        { $filter: "atScope()" },
      )) {
        await ctx.store.stage("roleAssignments", page.value.map(roleAssignmentRow));
        fetched(ctx, "roleAssignments", page.value.length);
      }
    });
    if (changed === "all") c.managementGroupAssignmentsRead = true;
    else {
      for (const name of groups) {
        c.managementGroupScopesRead.add(scopeOf(name));
        if (isRoot(name)) c.managementGroupScopesRead.add(MANAGEMENT_GROUPS);
      }
    }
  }
  // A changed group the complete tree no longer holds is gone, and its assignments with it.
  if (c.managementGroupsComplete && changed !== "all") {
    const tree = new Set(ctx.managementGroupNames.map(scopeOf));
    for (const scope of changed)
      if (scope !== MANAGEMENT_GROUPS && !tree.has(scope)) c.managementGroupScopesRead.add(scope);
  }

  const readable = new Set<string>();
  const listSubscription = async (sub: a.ArmSubscription) => {
    const s = sub.subscriptionId.toLowerCase();
    const own = `/subscriptions/${s}`;
    try {
      for await (const page of ctx.arm.pages(
        `/subscriptions/${s}/providers/Microsoft.Authorization/roleAssignments`,
        a.roleAssignmentPage,
        V.authorization,
      )) {
        // Every subscription's list repeats the assignments of the groups above it; those were
        // read at the groups already (when they could be).
        const rows = c.managementGroupsComplete
          ? page.value.filter((ra) => ra.properties.scope.toLowerCase().startsWith(own))
          : page.value;
        await ctx.store.stage("roleAssignments", rows.map(roleAssignmentRow));
        fetched(ctx, "roleAssignments", page.value.length);
      }
      if (!c.managementGroupsComplete) {
        for await (const page of ctx.arm.pages(
          `/subscriptions/${s}/providers/Microsoft.Authorization/roleDefinitions`,
          a.roleDefinitionPage,
          V.authorization,
          { $filter: "type eq 'CustomRole'" },
        )) {
          await ctx.store.stage("roleDefinitions", page.value.map(roleDefinitionRow));
          fetched(ctx, "roleDefinitions", page.value.length);
        }
      }
      c.roleAssignmentSubscriptionsRead.add(s);
      readable.add(s);
    } catch (error) {
      if (!denied(error)) throw error;
      plan.failed.add(s);
      warn(
        ctx,
        "subscriptionUnreadable",
        `Subscription ${sub.displayName ?? s} (${s}) could not be read completely: ${(error as Error).message}. Its previous data is kept.`,
      );
    }
  };
  await Promise.all([
    forEachLimit(
      subscriptions.filter((sub) => plan.subscriptions.has(sub.subscriptionId.toLowerCase())),
      8,
      listSubscription,
    ),
    collectChangedGroups(ctx, plan.buckets),
  ]);
  return readable;
}

/**
 * Without the root group, custom roles come from the subscriptions listed this run (roles
 * assignable there or above). A stored one none of whose assignable scopes lies in such a
 * subscription could not have been seen: it is kept, not removed, until a run can see it.
 */
async function protectUnverifiedCustomRoles(ctx: SyncContext, readable: ReadonlySet<string>) {
  const conn = ctx.store.conn;
  const stored = await conn.all<{ id: string; assignableScopes: unknown }>(
    `SELECT "id", "assignableScopes" FROM "RoleDefinition" WHERE "tenantId" = ${conn.p(1)} AND "roleType" <> 'BuiltInRole'`,
    [ctx.tenantId],
  );
  for (const role of stored) {
    const raw = typeof role.assignableScopes === "string" ? JSON.parse(role.assignableScopes) : role.assignableScopes;
    const scopes = Array.isArray(raw) ? raw.filter((s): s is string => typeof s === "string") : [];
    const seen = scopes.some((scope) => {
      const sub = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
      return sub !== undefined && readable.has(sub.toLowerCase());
    });
    if (!seen) ctx.completeness.customRolesUnverified.add(role.id.toLowerCase());
  }
}

/** Groups per Resource Graph query: keeps the query text well under its limits. */
const BUCKETS_PER_QUERY = 40;

/** The role assignments of the resource groups (and subscription scopes) whose summary moved, through Resource Graph. */
async function collectChangedGroups(ctx: SyncContext, buckets: string[]) {
  const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
  for (let i = 0; i < buckets.length; i += BUCKETS_PER_QUERY) {
    const batch = buckets.slice(i, i + BUCKETS_PER_QUERY);
    const clauses = batch.map((key) => {
      const [sub, group] = [key.slice(0, key.indexOf("/")), key.slice(key.indexOf("/") + 1)];
      return `(subscriptionId =~ ${quote(sub)} and ${group ? `resourceGroup =~ ${quote(group)}` : "isempty(resourceGroup)"})`;
    });
    const query = `authorizationresources | where type =~ 'microsoft.authorization/roleassignments' | where ${clauses.join(" or ")} | project id, name, type, properties`;
    const subscriptions = [...new Set(batch.map((key) => key.slice(0, key.indexOf("/"))))];
    for await (const rows of ctx.arm.resourceGraph(query, a.roleAssignment, { subscriptions })) {
      await ctx.store.stage("roleAssignments", rows.map(roleAssignmentRow));
      fetched(ctx, "roleAssignments", rows.length);
    }
    for (const key of batch) ctx.completeness.roleAssignmentBucketsRead.add(key);
  }
}

/**
 * Every resource with an identity block and every user-assigned identity, through Resource Graph.
 * A full run (or one without a usable watermark) lists them all, tenant-wide (a few dozen pages).
 * An incremental run reads Resource Graph's change log since the last run (less an overlap) and
 * reads again only the resources it names; it lists in full only the subscriptions new to the
 * snapshot and those whose count of such resources disagrees with what the changes explain.
 * Returns the user-assigned identities read, by subscription, and the count per subscription.
 */
async function collectIdentityResources(ctx: SyncContext, subscriptionIds: string[], enumeratedBefore: Set<string>) {
  const out = { uamis: new Map<string, string[]>(), perSubscription: new Map<string, number>() };
  if (subscriptionIds.length === 0) return out;
  // Taken before reading, so a change made while reading is in the next run's window.
  const startedAt = new Date();
  const since = ctx.mode === "incremental" ? await resourceWatermark(ctx, startedAt) : null;
  const listAll = async () => {
    for await (const rows of ctx.arm.resourceGraph(IDENTITY_RESOURCES, a.identityResourceRow, {
      subscriptions: subscriptionIds,
    })) {
      await stageIdentityRows(ctx, rows, out.uamis);
      for (const row of rows) {
        const sub = row.subscriptionId.toLowerCase();
        out.perSubscription.set(sub, (out.perSubscription.get(sub) ?? 0) + 1);
      }
    }
    ctx.resourceWatermark = startedAt;
    return out;
  };
  if (!since) return listAll();

  let changes: Map<string, { armId: string; subscriptionId: string; deleted: boolean }>;
  try {
    changes = await changedResources(ctx, subscriptionIds, since);
  } catch (error) {
    // Not every cloud's Resource Graph has the change log: then read everything, as a full run.
    if (!(error instanceof UpstreamError) || error.upstreamStatus !== 400) throw error;
    warn(
      ctx,
      "resourceChangesUnavailable",
      `Resource Graph's change log could not be read (${error.message}); every resource with an identity is read instead.`,
    );
    return listAll();
  }
  const counts = await resourceCounts(ctx, subscriptionIds);
  for (const [sub, n] of counts) out.perSubscription.set(sub, n);

  const resolved = new Set<string>();
  const deleted = new Set<string>();
  const present = new Map<string, string>(); // staged id → subscription
  const toRead: { armId: string; subscriptionId: string }[] = [];
  for (const [id, change] of changes) {
    if (change.deleted) {
      resolved.add(id);
      deleted.add(id);
    } else toRead.push(change);
  }
  for (let i = 0; i < toRead.length; i += IDS_PER_QUERY) {
    const batch = toRead.slice(i, i + IDS_PER_QUERY);
    const ids = batch.map((r) => `'${r.armId.replace(/'/g, "''")}'`).join(", ");
    const subscriptions = [...new Set(batch.map((r) => r.subscriptionId))];
    for await (const rows of ctx.arm.resourceGraph(
      `Resources | where id in~ (${ids}) | ${IDENTITY_PROJECTION}`,
      a.identityResourceRow,
      { subscriptions },
    )) {
      // Found: the stage holds what it is now — with no identity block any more, nothing.
      for (const row of rows) resolved.add(normalizeArmId(row.id));
      const carrying = rows.filter(
        (row) => row.type.toLowerCase() === UAMI_TYPE || (row.identity !== null && row.identity !== undefined),
      );
      for (const row of carrying) present.set(normalizeArmId(row.id), row.subscriptionId.toLowerCase());
      await stageIdentityRows(ctx, carrying, out.uamis);
    }
  }

  // What the snapshot will hold of each subscription, against what Resource Graph counts: a
  // subscription new to the snapshot, or one the changes do not explain, is listed in full. One
  // that Resource Graph shows nothing of is left alone (quietSubscriptions keeps what it held).
  const stored = new Map<string, number>();
  const conn = ctx.store.conn;
  for (const r of await conn.all<{ id: string; n: number | string }>(
    `SELECT "subscriptionId" AS id, count(*) AS n FROM "Resource" WHERE "tenantId" = ${conn.p(1)} GROUP BY "subscriptionId"`,
    [ctx.tenantId],
  ))
    stored.set(r.id, Number(r.n));
  const resolvedStored = await storedSubscriptionOf(ctx, [...resolved]);
  const expected = new Map(stored);
  for (const [, sub] of resolvedStored) expected.set(sub, (expected.get(sub) ?? 0) - 1);
  for (const [, sub] of present) expected.set(sub, (expected.get(sub) ?? 0) + 1);
  const listed = new Set<string>();
  for (const sub of subscriptionIds) {
    const n = counts.get(sub) ?? 0;
    if (!enumeratedBefore.has(sub)) {
      if (n > 0) listed.add(sub);
    } else if (n > 0 && n !== (expected.get(sub) ?? 0)) listed.add(sub);
  }
  if (listed.size > 0) {
    for await (const rows of ctx.arm.resourceGraph(IDENTITY_RESOURCES, a.identityResourceRow, {
      subscriptions: [...listed],
    }))
      await stageIdentityRows(ctx, rows, out.uamis);
  }
  ctx.completeness.resourceChanges = { resolved, deleted, listed };
  ctx.resourceWatermark = startedAt;
  return out;
}

/** Where the change log is read from: the stored watermark less the overlap, or null (read everything). */
async function resourceWatermark(ctx: SyncContext, now: Date): Promise<Date | null> {
  const at = await readResourceWatermark(ctx.store.conn, ctx.tenantId);
  if (!at) return null;
  const since = new Date(at.getTime() - RESOURCE_CHANGE_OVERLAP_MS);
  return now.getTime() - since.getTime() > RESOURCE_CHANGE_HORIZON_MS ? null : since;
}

/**
 * The resources Resource Graph's change log names since `since`, each with whether its latest
 * change deleted it (a delete and a create in the same instant are settled by reading it again).
 */
async function changedResources(ctx: SyncContext, subscriptionIds: string[], since: Date) {
  const query =
    "resourcechanges | extend changeTime = todatetime(properties.changeAttributes.timestamp), " +
    "targetResourceId = tostring(properties.targetResourceId), changeType = tostring(properties.changeType) " +
    `| where changeTime > todatetime('${since.toISOString()}') | project id, targetResourceId, changeType, changeTime`;
  // Per resource, the time of its latest delete and of its latest other change.
  const latest = new Map<string, { armId: string; subscriptionId: string; deletedAt: number; writtenAt: number }>();
  for await (const rows of ctx.arm.resourceGraph(query, a.resourceChangeRow, { subscriptions: subscriptionIds })) {
    for (const row of rows) {
      const id = normalizeArmId(row.targetResourceId);
      const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(row.targetResourceId)?.[1]?.toLowerCase();
      if (!subscriptionId) continue;
      const at = row.changeTime ? Date.parse(row.changeTime) : Number.NaN;
      const entry = latest.get(id) ?? {
        armId: row.targetResourceId,
        subscriptionId,
        deletedAt: -Infinity,
        writtenAt: -Infinity,
      };
      const t = Number.isNaN(at) ? Infinity : at;
      if (row.changeType.toLowerCase() === "delete") entry.deletedAt = Math.max(entry.deletedAt, t);
      else entry.writtenAt = Math.max(entry.writtenAt, t);
      latest.set(id, entry);
    }
  }
  fetched(ctx, "resourceChanges", latest.size);
  return new Map(
    [...latest].map(([id, e]) => [
      id,
      { armId: e.armId, subscriptionId: e.subscriptionId, deleted: e.deletedAt > e.writtenAt },
    ]),
  );
}

/** How many resources with an identity (and user-assigned identities) each subscription holds, per Resource Graph. */
async function resourceCounts(ctx: SyncContext, subscriptionIds: string[]) {
  const counts = new Map<string, number>();
  const query = `Resources | where ${IDENTITY_FILTER} | summarize n = count() by subscriptionId`;
  // One row per subscription: 1,000 fit a summary's page.
  await halving(subscriptionIds, 1000, async (batch) => {
    const rows = await summaries(ctx, query, batch, a.resourceCountRow);
    if (rows === null) return false;
    for (const row of rows) if (row.subscriptionId) counts.set(row.subscriptionId.toLowerCase(), row.n);
    return true;
  });
  return counts;
}

/** The stored subscription of each of the given resources (those stored). */
async function storedSubscriptionOf(ctx: SyncContext, ids: string[]) {
  const conn = ctx.store.conn;
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const rows = await conn.all<{ id: string; subscriptionId: string }>(
      `SELECT "id", "subscriptionId" FROM "Resource" WHERE "tenantId" = ${conn.p(1)} AND "id" IN (${slice.map((_, j) => conn.p(j + 2)).join(", ")})`,
      [ctx.tenantId, ...slice],
    );
    for (const r of rows) out.set(r.id, r.subscriptionId);
  }
  return out;
}

async function stageIdentityRows(ctx: SyncContext, rows: a.ArmIdentityResourceRow[], uamis: Map<string, string[]>) {
  const resources = [];
  const attachments = [];
  for (const row of rows) {
    const mapped = identityResourceRows(row);
    const subscription = String(mapped.resource.subscriptionId);
    resources.push(mapped.resource);
    attachments.push(...mapped.attachments);
    if (mapped.resource.type === UAMI_TYPE) {
      const list = uamis.get(subscription) ?? [];
      list.push(row.id);
      uamis.set(subscription, list);
    }
  }
  await ctx.store.stage("resources", resources);
  await ctx.store.stage("identityAttachments", attachments);
  fetched(ctx, "resources", rows.length);
}
