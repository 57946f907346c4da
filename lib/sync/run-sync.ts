// One sync run of one tenant: lock, read Graph and ARM into a stage, apply the differences in one
// transaction, derive, record. Failure at any point leaves the last good snapshot as it was.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Env } from "../env";
import { AppError, describeError } from "../errors";
import { ArmApi } from "../microsoft/arm-api";
import { resolveCloud } from "../microsoft/clouds";
import { createTokenSource, type TokenSource } from "../microsoft/credentials";
import { DeltaExpiredError } from "../microsoft/errors";
import { GraphApi } from "../microsoft/graph-api";
import { defaultRetryPolicy } from "../microsoft/retry-policy";
import { newMetrics, Transport, type RetryEvent, type TransportMetrics } from "../microsoft/transport";
import { applyOrder, type CollectionName } from "./collections";
import { collectArm } from "./collect-arm";
import {
  collectApplications,
  collectAppRoleAssignments,
  collectDirectoryRoles,
  collectGroups,
  collectServicePrincipals,
  collectSignIns,
  collectUsers,
} from "./collect-graph";
import { saveArmFingerprints, saveResourceWatermark } from "./arm-gate";
import { warn, type CollectionProgress, type SyncContext, type SyncWarning } from "./context";
import {
  applySignIns,
  stageTransitiveMemberships,
  transitiveRemoval,
  transitiveScope,
  updateIdentityCounters,
} from "./derive";
import { evaluateTenant, type EvaluateTenantResult } from "../findings/evaluate-tenant";
import { acquireLock, releaseLock, renewLock } from "./lock";
import { openConnection } from "./sql/connection";
import { SyncStore, type Removal } from "./store";

/**
 * How long incremental runs may build on one another before a run reads everything again: what
 * has no change signal (sign-in activity, users' properties, the federated credentials of known
 * user-assigned identities, custom roles without root access) is at most this old (decision 007).
 */
export const FULL_SYNC_INTERVAL_MS = 24 * 3600_000;

export type SyncModeRequest = "full" | "incremental" | "auto";

export interface SyncProgress {
  runId: string;
  phase: string;
  counts: Record<string, CollectionProgress>;
  requests: number;
  retries: number;
  throttled: number;
}

export interface SyncOptions {
  databaseUrl: string;
  env: Env;
  mode?: SyncModeRequest;
  trigger?: string;
  triggeredBy?: string;
  /** Called on every phase change and at least every `progressIntervalMs`. */
  onProgress?: (progress: SyncProgress) => void;
  onRetry?: (event: RetryEvent) => void;
  progressIntervalMs?: number;
  /** Bounded concurrency per API (requests in flight). */
  graphConcurrency?: number;
  armConcurrency?: number;
  tokenSource?: TokenSource;
  /** Called once the run holds the tenant's lease and is recorded (callers that do not wait for the end). */
  onStarted?: (runId: string) => void;
}

export interface SyncResult {
  runId: string;
  tenantId: string;
  status: "succeeded" | "failed";
  mode: "full" | "incremental";
  fellBackToFull: boolean;
  durationMs: number;
  counts: Record<string, CollectionProgress>;
  requests: number;
  retries: number;
  throttled: number;
  warnings: SyncWarning[];
  error: string | null;
  /** What the evaluation after the committed sync changed; null when it did not run or failed. */
  findings: EvaluateTenantResult | null;
}

export async function runSync(options: SyncOptions): Promise<SyncResult> {
  const env = options.env;
  if (!env.AZURE_TENANT_ID) throw new AppError("config", "AZURE_TENANT_ID is required to sync: the tenant to read.");
  const tenantId = env.AZURE_TENANT_ID.toLowerCase();
  const cloud = resolveCloud(env);
  const tokens = options.tokenSource ?? (await createTokenSource(env, cloud));
  const metrics: TransportMetrics = newMetrics();
  const policy = { ...defaultRetryPolicy, maxAttempts: env.STEWARD_SYNC_MAX_ATTEMPTS };
  const transport = (api: "graph" | "arm", concurrency: number) =>
    new Transport({ api, concurrency, metrics, policy, onRetry: options.onRetry });
  const graphTransport = transport("graph", options.graphConcurrency ?? 16);
  const armTransport = transport("arm", options.armConcurrency ?? 16);

  const conn = await openConnection(options.databaseUrl);
  const runId = randomUUID();
  const started = new Date();
  const store = new SyncStore(conn, tenantId);
  const p = conn.p;
  let phase = "starting";
  const ctx: SyncContext = {
    tenantId,
    mode: "full",
    graph: new GraphApi(cloud, tokens, graphTransport),
    arm: new ArmApi(cloud, tokens, armTransport),
    store,
    cursors: new Map(),
    previousCursors: new Map(),
    counts: {},
    warnings: [],
    completeness: {
      signIns: false,
      subscriptionsEnumerated: new Set(),
      roleAssignmentSubscriptionsRead: new Set(),
      roleAssignmentBucketsRead: new Set(),
      managementGroupAssignmentsRead: false,
      managementGroupScopesRead: new Set(),
      managementGroupsComplete: false,
      customRolesUnverified: new Set(),
      uamiCredentialsRead: new Set(),
      changedServicePrincipals: new Set(),
      removedServicePrincipals: new Set(),
      removedGroups: new Set(),
      resourceChanges: null,
    },
    managementGroupNames: [],
    armFingerprints: null,
    resourceWatermark: null,
    phase: (name) => {
      phase = name;
      report();
    },
  };
  const progress = (): SyncProgress => ({
    runId,
    phase,
    counts: ctx.counts,
    requests: metrics.requests,
    retries: metrics.retries,
    throttled: metrics.throttled,
  });
  const report = () => options.onProgress?.(progress());
  let fellBackToFull = false;
  let lockHeld = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let lostLock = false;
  let findings: EvaluateTenantResult | null = null;

  const record = async (fields: {
    status?: "running" | "succeeded" | "failed";
    error?: string | null;
    finished?: Date;
  }) => {
    const values: unknown[] = [
      phase,
      JSON.stringify(ctx.counts),
      JSON.stringify(ctx.warnings),
      metrics.requests,
      metrics.retries,
      metrics.throttled,
      conn.date(new Date()),
      ctx.mode,
      fellBackToFull,
    ];
    let sql = `UPDATE "SyncRun" SET "phase" = ${p(1)}, "counts" = ${conn.cast(p(2), "json")}, "warnings" = ${conn.cast(p(3), "json")}, "requestCount" = ${p(4)}, "retryCount" = ${p(5)},
      "throttledCount" = ${p(6)}, "heartbeatAt" = ${conn.cast(p(7), "datetime")}, "mode" = ${conn.cast(p(8), { enum: "SyncMode" })}, "fellBackToFull" = ${p(9)}`;
    if (fields.status) {
      values.push(fields.status);
      sql += `, "status" = ${conn.cast(p(values.length), { enum: "SyncStatus" })}`;
    }
    if (fields.error !== undefined) {
      values.push(fields.error);
      sql += `, "error" = ${p(values.length)}`;
    }
    if (fields.finished) {
      values.push(conn.date(fields.finished));
      sql += `, "finishedAt" = ${conn.cast(p(values.length), "datetime")}`;
      values.push(fields.finished.getTime() - started.getTime());
      sql += `, "durationMs" = ${p(values.length)}`;
    }
    values.push(runId);
    await conn.run(`${sql} WHERE "id" = ${p(values.length)}`, values);
  };

  try {
    const { abandonedRunId } = await acquireLock(conn, tenantId, runId, started);
    lockHeld = true;
    if (abandonedRunId) {
      await conn.run(
        `UPDATE "SyncRun" SET "status" = ${conn.cast("'failed'", { enum: "SyncStatus" })}, "error" = ${p(1)}, "finishedAt" = ${conn.cast(p(2), "datetime")} WHERE "id" = ${p(3)} AND "status" = ${conn.cast("'running'", { enum: "SyncStatus" })}`,
        [
          "Abandoned: the process running it stopped before finishing (its lease expired).",
          conn.date(started),
          abandonedRunId,
        ],
      );
    }
    // Delta links of the last good run decide whether an incremental run is possible.
    const cursorRows = await conn.all<{ collection: string; deltaLink: string }>(
      `SELECT "collection", "deltaLink" FROM "SyncCursor" WHERE "tenantId" = ${p(1)}`,
      [tenantId],
    );
    for (const c of cursorRows) ctx.previousCursors.set(c.collection, c.deltaLink);
    const history = await conn.all<{ lastSuccessfulRunId: string | null; lastFull: string | Date | null }>(
      `SELECT (SELECT "lastSuccessfulRunId" FROM "Tenant" WHERE "id" = ${p(1)}) AS "lastSuccessfulRunId",
              (SELECT max("startedAt") FROM "SyncRun" WHERE "tenantId" = ${p(1)} AND "status" = ${conn.cast("'succeeded'", { enum: "SyncStatus" })} AND "mode" = ${conn.cast("'full'", { enum: "SyncMode" })}) AS "lastFull"`,
      [tenantId],
    );
    // A tenant's first complete load records no per-row "appeared" events: firstSeenAt says when (decision 006).
    const firstLoad = !history[0]?.lastSuccessfulRunId;
    store.recordAppearances = !firstLoad;
    const lastFull = history[0]?.lastFull ? new Date(history[0].lastFull) : null;
    const requested = options.mode ?? "auto";
    const canIncrement = ctx.previousCursors.has("servicePrincipals") && ctx.previousCursors.has("groups");
    if (requested === "incremental" && !canIncrement) {
      warn(ctx, "noDeltaState", "No earlier complete run to continue from: this run reads everything.");
      fellBackToFull = true;
    }
    const sweepDue = !lastFull || started.getTime() - lastFull.getTime() >= FULL_SYNC_INTERVAL_MS;
    ctx.mode =
      canIncrement && (requested === "incremental" || (requested === "auto" && !sweepDue)) ? "incremental" : "full";

    await conn.run(
      `INSERT INTO "SyncRun" ("id", "tenantId", "mode", "status", "phase", "trigger", "triggeredBy", "startedAt", "heartbeatAt", "requestCount", "retryCount", "throttledCount", "fellBackToFull")
       VALUES (${p(1)}, ${p(2)}, ${conn.cast(p(3), { enum: "SyncMode" })}, ${conn.cast("'running'", { enum: "SyncStatus" })}, 'starting', ${p(4)}, ${p(5)}, ${conn.cast(p(6), "datetime")}, ${conn.cast(p(6), "datetime")}, 0, 0, 0, ${p(7)})`,
      [
        runId,
        tenantId,
        ctx.mode,
        options.trigger ?? "cli",
        options.triggeredBy ?? null,
        conn.date(started),
        fellBackToFull,
      ],
    );
    report();
    options.onStarted?.(runId);
    heartbeat = setInterval(() => {
      report();
      renewLock(conn, tenantId, runId)
        .then((held) => {
          if (!held) lostLock = true;
          return held ? record({}) : undefined;
        })
        .catch(() => {
          // A busy database only delays the next heartbeat; the lease is a minute long.
        });
    }, options.progressIntervalMs ?? 2000);

    let signIns: { appId: string; lastSignInAt: Date }[] = [];
    // An incremental run's statements are many and touch few rows, but their correlated subqueries
    // make PostgreSQL's estimates large: past `jit_above_cost` each was compiled first (0.34 s of
    // a 0.48 s update of the identity counters at 100k). Full runs and the evaluation keep JIT.
    const jitOff = conn.kind === "postgresql" && ctx.mode === "incremental";
    if (jitOff) await conn.exec("SET jit = off");
    const collect = async () => {
      ctx.phase("reading Entra ID and Azure");
      // Every collector ends before a failure is raised: the full read that follows an expired
      // delta link resets the stage, and must not race a collector still staging rows into it.
      await settleAll([
        (async () => {
          await collectServicePrincipals(ctx);
          await collectAppRoleAssignments(ctx, await resourcePrincipals(ctx));
        })(),
        collectGroups(ctx),
        collectDirectoryRoles(ctx),
        collectApplications(ctx),
        (async () => {
          // Sign-in activity has no change tracking and changes with every sign-in: full runs read it.
          if (ctx.mode === "full") signIns = (await collectSignIns(ctx)) as typeof signIns;
        })(),
        collectArm(ctx),
      ]);
      ctx.phase("reading users");
      await collectUsers(ctx, await referencedUsers(ctx));
    };
    try {
      await collect();
    } catch (error) {
      if (!(error instanceof DeltaExpiredError) || ctx.mode !== "incremental") throw error;
      // Delta links expire after 7 days (or are reset): start over with a full read.
      warn(
        ctx,
        "deltaExpired",
        `The saved delta link was refused (${error.message}); this run reads everything instead.`,
      );
      fellBackToFull = true;
      ctx.mode = "full";
      ctx.cursors.clear();
      ctx.counts = {};
      for (const set of Object.values(ctx.completeness)) if (set instanceof Set) set.clear();
      ctx.completeness.managementGroupsComplete = false;
      ctx.completeness.managementGroupAssignmentsRead = false;
      ctx.completeness.signIns = false;
      ctx.managementGroupNames = [];
      ctx.armFingerprints = null;
      ctx.resourceWatermark = null;
      ctx.completeness.resourceChanges = null;
      await store.reset();
      await collect();
    }
    if (lostLock)
      throw new AppError("conflict", "The sync lost its lease to another run and stopped without applying anything.");

    // Index every stage before the apply transaction, which then only compares and writes.
    ctx.phase("indexing");
    for (const name of applyOrder) if (name !== "transitiveMemberships") await store.seal(name);

    ctx.phase("applying");
    const at = new Date();
    await conn.transaction(async () => {
      const flipped = await enumerationFlips(store);
      for (const name of applyOrder) {
        if (name === "transitiveMemberships") continue;
        const counts = await store.apply(name, removalFor(name, ctx, store), { runId, at });
        ctx.counts[name] = { fetched: ctx.counts[name]?.fetched ?? 0, ...counts };
      }
      if (ctx.completeness.signIns) await applySignIns(conn, tenantId, signIns);
      const scope = await transitiveScope(store, runId);
      await stageTransitiveMemberships(store, scope);
      const transitive = await store.apply("transitiveMemberships", transitiveRemoval(scope), { runId, at });
      ctx.counts.transitiveMemberships = { fetched: 0, ...transitive };
      await updateIdentityCounters(
        conn,
        tenantId,
        store.recordAppearances ? { runId, transitive: scope, subscriptions: flipped } : undefined,
      );
      if (ctx.armFingerprints) await saveArmFingerprints(conn, tenantId, { runId, at }, ctx.armFingerprints);
      if (ctx.resourceWatermark) await saveResourceWatermark(conn, tenantId, { runId, at }, ctx.resourceWatermark);
      for (const [collection, link] of ctx.cursors) {
        await conn.run(
          `INSERT INTO "SyncCursor" ("tenantId", "collection", "deltaLink", "runId", "updatedAt") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${conn.cast(p(5), "datetime")})
           ON CONFLICT ("tenantId", "collection") DO UPDATE SET "deltaLink" = excluded."deltaLink", "runId" = excluded."runId", "updatedAt" = excluded."updatedAt"`,
          [tenantId, collection, link, runId, conn.date(at)],
        );
      }
      await conn.run(
        `INSERT INTO "Tenant" ("id", "cloud", "createdAt", "updatedAt", "lastSuccessfulRunId", "lastSuccessfulSyncAt") VALUES (${p(1)}, ${p(2)}, ${conn.cast(p(3), "datetime")}, ${conn.cast(p(3), "datetime")}, ${p(4)}, ${conn.cast(p(3), "datetime")})
         ON CONFLICT ("id") DO UPDATE SET "cloud" = excluded."cloud", "updatedAt" = excluded."updatedAt", "lastSuccessfulRunId" = excluded."lastSuccessfulRunId", "lastSuccessfulSyncAt" = excluded."lastSuccessfulSyncAt"`,
        [tenantId, cloud.name, conn.date(at), runId],
      );
      phase = "done";
      await record({ status: "succeeded", error: null, finished: new Date() });
    });
    report();
    // The stage is applied: free it before the evaluation needs the memory (failing to is harmless).
    signIns = [];
    await store.release().catch(() => {});
    if (jitOff) await conn.exec("RESET jit").catch(() => {});
    // Findings follow the committed snapshot, still under the lock; a failure here is a warning on
    // the run, never a failed sync (the data it evaluates is already stored).
    ctx.phase("evaluating");
    try {
      findings = await evaluateTenant(conn, tenantId, {
        runId,
        now: new Date(),
        cloud: cloud.name,
        authorityHost: cloud.name === "custom" ? cloud.loginUrl : undefined,
        onStep: async () => {
          if (!(await renewLock(conn, tenantId, runId)))
            throw new AppError("conflict", "The sync lost its lease to another run before findings were written.");
        },
      });
    } catch (error) {
      warn(ctx, "evaluationFailed", `Findings were not updated: ${describeError(error)}`);
    }
    phase = "done";
    await record({ finished: new Date() }).catch(() => {});
    report();
    return result("succeeded", null);
  } catch (error) {
    const message = describeError(error);
    if (lockHeld) {
      phase = `failed while ${phase}`;
      await record({ status: "failed", error: message, finished: new Date() }).catch(() => {});
    }
    if (!lockHeld) throw error; // already running, or the database is unreachable: nothing was started
    return result("failed", message);
  } finally {
    clearInterval(heartbeat);
    if (lockHeld) await releaseLock(conn, tenantId, runId).catch(() => {});
    await conn.close();
  }

  function result(status: "succeeded" | "failed", error: string | null): SyncResult {
    return {
      runId,
      tenantId,
      status,
      mode: ctx.mode,
      fellBackToFull,
      durationMs: Date.now() - started.getTime(),
      counts: ctx.counts,
      requests: metrics.requests,
      retries: metrics.retries,
      throttled: metrics.throttled,
      warnings: ctx.warnings,
      error,
      findings,
    };
  }
}

/** Principals that define app roles: staged this run, or (incremental) stored and not changed or removed. */
async function resourcePrincipals(ctx: SyncContext) {
  const { store, tenantId } = ctx;
  const conn = store.conn;
  const p = conn.p;
  await store.seal("servicePrincipals");
  const json = (column: string) => (conn.kind === "postgresql" ? `${column}::text` : column);
  const staged = await conn.all<{ id: string; appId: string; appRoles: string | null }>(
    `SELECT "id", "appId", "appRoles" FROM ${store.stageTable("servicePrincipals")} WHERE "appRoles" IS NOT NULL AND "appRoles" <> '[]'`,
  );
  const byId = new Map<string, { id: string; appId: string; appRoles: string | null }>();
  if (ctx.mode === "incremental") {
    // One pass over the table, not a visit per row through the key's index: three times faster
    // on SQLite at 100k, where few principals define roles.
    const tenant = conn.unindexed(`"tenantId"`);
    const stored = await conn.all<{ id: string; appId: string; appRoles: string | null }>(
      `SELECT "id", "appId", ${json(`"appRoles"`)} AS "appRoles" FROM "ServicePrincipal"
       WHERE ${tenant} = ${p(1)} AND "appRoles" IS NOT NULL`,
      [tenantId],
    );
    for (const r of stored)
      if (!ctx.completeness.changedServicePrincipals.has(r.id) && !ctx.completeness.removedServicePrincipals.has(r.id))
        byId.set(r.id, r);
  }
  for (const r of staged) byId.set(r.id, r);
  return [...byId.values()]
    .map((r) => ({
      id: r.id,
      appId: r.appId,
      appRoles: (typeof r.appRoles === "string" ? JSON.parse(r.appRoles) : (r.appRoles ?? [])) as {
        id: string;
        value: string | null;
      }[],
    }))
    .filter((r) => r.appRoles.length > 0);
}

/**
 * Users named by Azure role assignments and by remediation owners. A full run reads them all; an
 * incremental run reads those named by what it read again, and owners, that are not stored yet
 * (users' own changes are picked up by the next full run).
 */
async function referencedUsers(ctx: SyncContext): Promise<string[]> {
  const { store, tenantId } = ctx;
  const conn = store.conn;
  await store.seal("roleAssignments");
  const p = conn.p;
  const staged = `SELECT "principalId" AS id FROM ${store.stageTable("roleAssignments")} WHERE "principalType" = 'User'`;
  const owners = `SELECT "userId" AS id FROM "Owner" WHERE "tenantId" = ${p(1)} AND "userId" IS NOT NULL`;
  if (ctx.mode === "full") {
    // A full run removes the users it did not read, so it reads also those named by stored
    // assignments it could not list again (a subscription that answered 403 keeps its assignments).
    const c = ctx.completeness;
    const params: unknown[] = [tenantId];
    const param = (value: unknown) => p(params.push(value));
    const unlisted = `SELECT "principalId" AS id FROM "RoleAssignment" WHERE "tenantId" = ${p(1)} AND "principalType" = 'User'
      AND (("subscriptionId" IS NOT NULL AND NOT (${store.inList('"subscriptionId"', [...c.roleAssignmentSubscriptionsRead], param)}))
        OR ("subscriptionId" IS NULL AND ${c.managementGroupAssignmentsRead ? "1 = 0" : "1 = 1"}))`;
    return (await conn.all<{ id: string }>(`${staged} UNION ${unlisted} UNION ${owners}`, params)).map((r) => r.id);
  }
  // Users named only by stored assignments were looked for when those were read: one missing
  // then was gone, and the next full run looks again. Scanning every stored assignment for them
  // cost 0.3 s of each incremental run at 100k.
  const sql = `SELECT id FROM (${staged} UNION ${owners}) x
     WHERE NOT EXISTS (SELECT 1 FROM "User" u WHERE u."tenantId" = ${p(1)} AND u."id" = x.id)`;
  return (await conn.all<{ id: string }>(sql, [tenantId])).map((r) => r.id);
}

/** Subscriptions whose complete enumeration starts or ends with this run (compare before applying). */
async function enumerationFlips(store: SyncStore): Promise<string[]> {
  const conn = store.conn;
  const rows = await conn.all<{ id: string }>(
    `SELECT s."id" FROM ${store.stageTable("subscriptions")} s
       LEFT JOIN "Subscription" l ON l."tenantId" = s."tenantId" AND l."id" = s."id"
       WHERE (s."resourcesEnumeratedAt" IS NULL) <> (l."resourcesEnumeratedAt" IS NULL)
     UNION
     SELECT l."id" FROM "Subscription" l WHERE l."tenantId" = ${conn.p(1)}
       AND NOT EXISTS (SELECT 1 FROM ${store.stageTable("subscriptions")} s WHERE s."tenantId" = l."tenantId" AND s."id" = l."id")`,
    [store.tenantId],
  );
  return rows.map((r) => r.id);
}

/** What may be deleted for each collection, given what this run read completely. */
function removalFor(name: CollectionName, ctx: SyncContext, store: SyncStore): Removal {
  const c = ctx.completeness;
  const incremental = ctx.mode === "incremental";
  const subs = [...c.subscriptionsEnumerated];
  switch (name) {
    case "servicePrincipals":
    case "groups":
      return incremental ? { kind: "listed" } : { kind: "missing" };
    case "appRoleAssignments":
      // Read in full each run; an incremental one stages only what changed, and what it no longer read as removed.
      return incremental ? { kind: "listed" } : { kind: "missing" };
    case "groupMemberships":
      if (!incremental) return { kind: "missing" };
      // Members reported removed, plus every membership of a deleted group or principal, found
      // through indexes without scanning every membership of the tenant (twice: history, then the
      // delete). Each database needs its own form of the condition for that.
      return {
        kind: "missing",
        scopeNamesTenant: true,
        scope: (a, param) => {
          const row = `(${a}."tenantId", ${a}."groupId", ${a}."memberId")`;
          const removed = `SELECT "tenantId", "groupId", "memberId" FROM ${store.removedTable("groupMemberships")} WHERE "tenantId" = ${param(ctx.tenantId)}`;
          if (store.conn.kind === "postgresql") {
            // PostgreSQL cannot take an index for an OR whose first arm is a subquery: it scanned
            // all 1M memberships, twice (0.5 s). The keys in scope, as one union, are found by index.
            const of = (column: string, ids: Set<string>) =>
              ids.size > 0 &&
              `SELECT x."tenantId", x."groupId", x."memberId" FROM "GroupMembership" x WHERE x."tenantId" = ${param(ctx.tenantId)} AND ${store.inList(`x."${column}"`, [...ids], param)}`;
            const keys = [removed, of("groupId", c.removedGroups), of("memberId", c.removedServicePrincipals)];
            return `${row} IN (${keys.filter((k): k is string => !!k).join(" UNION ALL ")})`;
          }
          // SQLite takes an index per alternative of the OR (and would scan for the union). The
          // tenant is bound only where used.
          const tenant = () => `${a}."tenantId" = ${param(ctx.tenantId)}`;
          return anyOf([
            `${row} IN (${removed})`,
            c.removedGroups.size > 0 &&
              `${tenant()} AND ${store.inList(`${a}."groupId"`, [...c.removedGroups], param)}`,
            c.removedServicePrincipals.size > 0 &&
              `${tenant()} AND ${store.inList(`${a}."memberId"`, [...c.removedServicePrincipals], param)}`,
          ]);
        },
      };
    case "credentials":
      if (!incremental) return { kind: "missing" };
      // Application credentials are re-read in full; a principal's only when it changed.
      return {
        kind: "missing",
        scope: (a, param) =>
          `${a}."ownerType" = 'Application' OR ${store.inList(`${a}."ownerId"`, [...c.changedServicePrincipals, ...c.removedServicePrincipals], param)}`,
      };
    case "resources":
    case "identityAttachments": {
      const changes = c.resourceChanges;
      if (!changes) return { kind: "missing", scope: (a, param) => store.inList(`${a}."subscriptionId"`, subs, param) };
      // Read through the change log: only what it named and was read again (or deleted), and the
      // subscriptions listed in full — never what a partial read merely did not return.
      const key = name === "resources" ? "id" : "resourceId";
      const resolved = [...changes.resolved];
      const listed = [...changes.listed].filter((id) => c.subscriptionsEnumerated.has(id));
      return {
        kind: "missing",
        scope: (a, param) =>
          `${store.inList(`${a}."${key}"`, resolved, param)} OR ${store.inList(`${a}."subscriptionId"`, listed, param)}`,
      };
    }
    case "federatedCredentials":
      if (c.resourceChanges) {
        // Those read again, those of identities a `Delete` change removed, and in the subscriptions
        // listed in full, those of identities no longer there.
        const gone = [...c.uamiCredentialsRead, ...c.resourceChanges.deleted];
        const listed = [...c.resourceChanges.listed].filter((id) => c.subscriptionsEnumerated.has(id));
        return {
          kind: "missing",
          scope: (a, param) =>
            `${a}."ownerType" = 'Application' OR ${store.inList(`${a}."ownerId"`, gone, param)} OR (${store.inList(`substr(${a}."ownerId", 16, 36)`, listed, param)}
               AND NOT EXISTS (SELECT 1 FROM ${store.stageTable("resources")} s WHERE s."tenantId" = ${a}."tenantId" AND s."id" = ${a}."ownerId"))`,
        };
      }
      // App registrations' are read in full. A user-assigned identity's, in a subscription
      // enumerated completely: when they were read this run, or when the identity is gone.
      return {
        kind: "missing",
        scope: (a, param) =>
          `${a}."ownerType" = 'Application' OR (${store.inList(`substr(${a}."ownerId", 16, 36)`, subs, param)} AND (${
            incremental
              ? `${store.inList(`${a}."ownerId"`, [...c.uamiCredentialsRead], param)} OR NOT EXISTS (SELECT 1 FROM ${store.stageTable("resources")} s WHERE s."tenantId" = ${a}."tenantId" AND s."id" = ${a}."ownerId")`
              : "1 = 1"
          }))`,
      };
    case "roleAssignments": {
      const subscriptions = [...c.roleAssignmentSubscriptionsRead];
      const buckets = [...c.roleAssignmentBucketsRead];
      // The assignments in scope, found through the index of each alternative (the groups'
      // subscriptions narrow the scan before the group is compared) and then by key: an OR of the
      // alternatives would make SQLite scan every assignment of the tenant, twice.
      // A full run has every assignment in scope: one scan serves it best.
      if (!incremental)
        return {
          kind: "missing",
          scope: (a, param) =>
            `(${a}."subscriptionId" IS NOT NULL AND ${store.inList(`${a}."subscriptionId"`, subscriptions, param)})
             OR (${a}."subscriptionId" IS NULL AND ${c.managementGroupAssignmentsRead ? "1 = 1" : "1 = 0"})`,
        };
      const bucketSubscriptions = [...new Set(buckets.map((b) => b.slice(0, b.indexOf("/"))))];
      const scopes = [...c.managementGroupScopesRead];
      return {
        kind: "missing",
        scope: (a, param) => {
          const tenant = () => `x."tenantId" = ${param(ctx.tenantId)}`;
          const alternatives = [
            subscriptions.length > 0 && `${tenant()} AND ${store.inList(`x."subscriptionId"`, subscriptions, param)}`,
            buckets.length > 0 &&
              `${tenant()} AND ${store.inList(`x."subscriptionId"`, bucketSubscriptions, param)}
               AND ${store.inList(`x."subscriptionId" || '/' || COALESCE(x."resourceGroup", '')`, buckets, param)}`,
            c.managementGroupAssignmentsRead
              ? `${tenant()} AND x."subscriptionId" IS NULL`
              : scopes.length > 0 &&
                `${tenant()} AND x."subscriptionId" IS NULL AND ${store.inList(`x."scope"`, scopes, param)}`,
          ].filter((w): w is string => !!w);
          if (alternatives.length === 0) return "1 = 0";
          return `${a}."id" IN (${alternatives.map((w) => `SELECT x."id" FROM "RoleAssignment" x WHERE ${w}`).join(" UNION ALL ")})`;
        },
      };
    }
    case "managementGroups":
      return c.managementGroupsComplete ? { kind: "missing" } : { kind: "none" };
    case "roleDefinitions":
      // Built-in roles are listed whole in every run; custom ones, without the root group, per
      // subscription read (see customRolesUnverified).
      return c.managementGroupsComplete
        ? { kind: "missing" }
        : {
            kind: "missing",
            scope: (a, param) => `NOT (${store.inList(`lower(${a}."id")`, [...c.customRolesUnverified], param)})`,
          };
    case "users":
      if (!incremental) return { kind: "missing" };
      // Only users nothing names any more: the others were not all read again.
      return {
        kind: "missing",
        scope: (a) =>
          `NOT EXISTS (SELECT 1 FROM "RoleAssignment" x WHERE x."tenantId" = ${a}."tenantId" AND x."principalId" = ${a}."id")
           AND NOT EXISTS (SELECT 1 FROM "Owner" o WHERE o."tenantId" = ${a}."tenantId" AND o."userId" = ${a}."id")`,
      };
    default:
      return { kind: "missing" };
  }
}

/** An OR of the conditions given (false ones left out, as a `1 = 0` would keep SQLite from using an index per alternative). */
function anyOf(conditions: (string | false)[]): string {
  const parts = conditions.filter((x): x is string => !!x);
  return parts.length === 0 ? "1 = 0" : parts.map((x) => `(${x})`).join(" OR ");
}

/** Waits for every task, then rethrows the first failure (in the order given), if any. */
async function settleAll(tasks: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(tasks)).find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}
