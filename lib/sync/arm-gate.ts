// ARM has no change tracking. Azure Resource Graph can summarise how many role assignments each
// resource group (and each subscription's own scope) holds and when the latest was written, a few
// queries for a whole tenant: an incremental run reads again only the role assignments of the
// groups whose summary moved since the run that stored them (docs/decisions/007-arm-incremental-gate.md).
import "server-only";
import type { z } from "zod";
import { UpstreamError } from "../microsoft/errors";
import * as a from "../schemas/arm";
import { normalizeArmId } from "./map/arm-id";
import { warn, type SyncContext } from "./context";
import type { SqlConnection } from "./sql/connection";

/** The root's summary key, and the scope under which other single-row fingerprints are kept. */
export const MANAGEMENT_GROUPS = "/";

/**
 * Summaries of management groups are keyed by their scope (`/providers/microsoft.management/
 * managementgroups/<name>`, lower-case) and the root's by `/`; every other key starts with a
 * subscription id.
 */
export const isManagementGroupKey = (key: string) => key.startsWith("/");

/** A summary's key: `<subscription>/<resource group>`, the group empty for a subscription's own scope. */
export const bucketOf = (subscriptionId: string, resourceGroup: string | null) =>
  `${subscriptionId.toLowerCase()}/${(resourceGroup ?? "").toLowerCase()}`;

/**
 * Resource Graph returns a summary on one page of at most 1,000 rows. The per-subscription summary
 * has one row per subscription; the per-group one is packed by the group counts the first reported
 * (kept below the page with a margin, since `dcount` is an estimate), and halved when a page is cut.
 */
const ROWS_PER_SUMMARY = 1000;
const GROUP_ROWS_PER_QUERY = 800;

const ASSIGNMENTS = "authorizationresources | where type =~ 'microsoft.authorization/roleassignments'";
const SUMMARY = "summarize n = count(), latest = max(todatetime(properties.updatedOn))";

export interface ArmGate {
  /** The summaries seen before reading (`bucketOf` keys, and MANAGEMENT_GROUPS); a subscription whose own summary did not move carries its stored group summaries. */
  readonly current: ReadonlyMap<string, string>;
  /** The stored summaries (an incremental run's starting point); empty in a full run. */
  readonly stored: ReadonlyMap<string, string>;
  /** Per-subscription summaries seen before reading (lower-case subscription id → fingerprint). */
  readonly subscriptions: ReadonlyMap<string, string>;
  /** Whether the gate knows anything: false when Resource Graph could not summarise (read everything). */
  readonly available: boolean;
  /** The management groups' summary did not fit a page: read every group's assignments. */
  readonly managementGroupsCut: boolean;
}

const fingerprint = (n: number, latest: string | null) => `${n}|${latest ? new Date(latest).toISOString() : ""}`;

/**
 * Asks Resource Graph, before anything is read, for the role assignment summaries: one of the
 * management groups and root, one row per subscription, and — for the subscriptions whose own
 * summary moved since the stored one (all of them in a full run) — one row per resource group.
 */
export async function readArmGate(ctx: SyncContext, subscriptionIds: string[]): Promise<ArmGate> {
  const current = new Map<string, string>();
  const perSubscription = new Map<string, string>();
  let managementGroupsCut = false;
  const incremental = ctx.mode === "incremental";
  const stored = incremental
    ? await storedFingerprints(ctx.store.conn, ctx.tenantId, COLLECTION)
    : new Map<string, string>();
  const storedSubscriptions = incremental
    ? await storedFingerprints(ctx.store.conn, ctx.tenantId, SUBSCRIPTION_COLLECTION)
    : new Map<string, string>();
  try {
    // One row per management group holding assignments, and the root's. Too many to fit a page
    // (never at the 10,000 groups Azure allows per tenant… unless nearly so): read them all.
    const groups = await summaries(
      ctx,
      `${ASSIGNMENTS} and isempty(subscriptionId) | ${SUMMARY} by scope = tolower(tostring(properties.scope))`,
      [],
      a.managementGroupSummaryRow,
    );
    if (groups === null) managementGroupsCut = true;
    for (const row of groups ?? [])
      current.set(normalizeArmId(row.scope ?? "") || MANAGEMENT_GROUPS, fingerprint(row.n, row.latest));
    const groupsOf = new Map<string, number>();
    await halving(subscriptionIds, ROWS_PER_SUMMARY, async (batch) => {
      const rows = await summaries(
        ctx,
        `${ASSIGNMENTS} | ${SUMMARY}, groups = dcount(resourceGroup) by subscriptionId`,
        batch,
        a.roleAssignmentSubscriptionSummaryRow,
      );
      if (rows === null) return false;
      for (const row of rows)
        if (row.subscriptionId) {
          const id = row.subscriptionId.toLowerCase();
          perSubscription.set(id, fingerprint(row.n, row.latest));
          groupsOf.set(id, row.groups ?? 0);
        }
      return true;
    });
    // A subscription whose own summary stands holds the groups it held: carry their stored summaries.
    const storedBySubscription = new Map<string, [string, string][]>();
    for (const [key, value] of stored) {
      if (isManagementGroupKey(key)) continue;
      const sub = key.slice(0, key.indexOf("/"));
      const list = storedBySubscription.get(sub) ?? [];
      list.push([key, value]);
      storedBySubscription.set(sub, list);
    }
    const drill: string[] = [];
    for (const [sub, value] of perSubscription) {
      const carried = storedBySubscription.get(sub);
      if (incremental && carried && storedSubscriptions.get(sub) === value)
        for (const [key, v] of carried) current.set(key, v);
      else drill.push(sub);
    }
    // Pack subscriptions into queries by the groups each holds (plus its own scope).
    const batches: string[][] = [];
    let batch: string[] = [];
    let rows = 0;
    for (const sub of drill) {
      const weight = (groupsOf.get(sub) ?? 0) + 1;
      if (batch.length > 0 && rows + weight > GROUP_ROWS_PER_QUERY) {
        batches.push(batch);
        batch = [];
        rows = 0;
      }
      batch.push(sub);
      rows += weight;
    }
    if (batch.length > 0) batches.push(batch);
    for (const b of batches)
      await halving(b, b.length, async (part) => {
        const rows = await summaries(
          ctx,
          `${ASSIGNMENTS} | ${SUMMARY} by subscriptionId, resourceGroup`,
          part,
          a.roleAssignmentSummaryRow,
        );
        if (rows === null) return false;
        for (const row of rows)
          if (row.subscriptionId)
            current.set(bucketOf(row.subscriptionId, row.resourceGroup), fingerprint(row.n, row.latest));
        return true;
      });
  } catch (error) {
    if (!(error instanceof UpstreamError) || error.upstreamStatus < 400 || error.upstreamStatus >= 500) throw error;
    warn(
      ctx,
      "armGateUnavailable",
      `Resource Graph could not summarise role assignments (${error.message}); every subscription is read in full.`,
    );
    return {
      current: new Map(),
      stored: new Map(),
      subscriptions: new Map(),
      available: false,
      managementGroupsCut: false,
    };
  }
  return { current, stored, subscriptions: perSubscription, available: true, managementGroupsCut };
}

/**
 * Runs `query` over the subscriptions in chunks of `size`; a chunk whose answer was cut (`query`
 * returns false) is asked again in halves.
 */
export async function halving(items: string[], size: number, query: (batch: string[]) => Promise<boolean>) {
  let pending = chunk(items, Math.max(1, size));
  while (pending.length > 0) {
    const batch = pending.shift()!;
    if (await query(batch)) continue;
    if (batch.length === 1)
      throw new Error(
        `Resource Graph cut the summary of subscription ${batch[0]} alone: it holds more than 1,000 rows`,
      );
    pending = [...chunk(batch, Math.ceil(batch.length / 2)), ...pending];
  }
}

/** The summary rows, or null when Resource Graph had to cut them (a summary is never paged). */
export async function summaries<S extends z.ZodType>(
  ctx: SyncContext,
  query: string,
  subscriptions: string[],
  schema: S,
) {
  const rows: z.infer<S>[] = [];
  let truncated = false;
  for await (const page of ctx.arm.resourceGraph(query, schema, {
    ...(subscriptions.length > 0 ? { subscriptions } : {}),
    onPage: (p) => (truncated ||= p.resultTruncated === "true"),
  }))
    rows.push(...page);
  return truncated ? null : rows;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const COLLECTION = "roleAssignments";
const SUBSCRIPTION_COLLECTION = "roleAssignmentSubscriptions";
/** The time from which the next incremental run reads Resource Graph's change log: one row, scope `/`. */
const RESOURCE_CHANGES = "resourceChanges";

/** When the last successful run began reading resources (null before any, or if unreadable). */
export async function readResourceWatermark(conn: SqlConnection, tenantId: string): Promise<Date | null> {
  const stored = (await storedFingerprints(conn, tenantId, RESOURCE_CHANGES)).get(MANAGEMENT_GROUPS);
  const at = stored ? new Date(stored) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

/** Inside the apply transaction: where the next incremental run reads the change log from. */
export async function saveResourceWatermark(
  conn: SqlConnection,
  tenantId: string,
  run: { runId: string; at: Date },
  watermark: Date,
) {
  await saveFingerprints(
    conn,
    tenantId,
    run,
    RESOURCE_CHANGES,
    new Map([[MANAGEMENT_GROUPS, watermark.toISOString()]]),
    [],
  );
}

async function storedFingerprints(conn: SqlConnection, tenantId: string, collection: string) {
  const rows = await conn.all<{ scope: string; fingerprint: string }>(
    `SELECT "scope", "fingerprint" FROM "SyncFingerprint" WHERE "tenantId" = ${conn.p(1)} AND "collection" = ${conn.p(2)}`,
    [tenantId, collection],
  );
  return new Map(rows.map((r) => [r.scope, r.fingerprint]));
}

/**
 * Inside the apply transaction: keeps the summaries of what this run read completely (as they were
 * before reading) and of what it found unchanged, and forgets the rest (read in full next time).
 */
export async function saveArmFingerprints(
  conn: SqlConnection,
  tenantId: string,
  run: { runId: string; at: Date },
  fingerprints: {
    read: ReadonlyMap<string, string>;
    keep: readonly string[];
    subscriptions: ReadonlyMap<string, string>;
  },
) {
  await saveFingerprints(conn, tenantId, run, COLLECTION, fingerprints.read, fingerprints.keep);
  await saveFingerprints(conn, tenantId, run, SUBSCRIPTION_COLLECTION, fingerprints.subscriptions, []);
}

/**
 * Replaces a collection's fingerprints: the ones read now are written, the ones in `keep` stay as
 * stored, every other one is forgotten.
 */
async function saveFingerprints(
  conn: SqlConnection,
  tenantId: string,
  run: { runId: string; at: Date },
  collection: string,
  read: ReadonlyMap<string, string>,
  keep: readonly string[],
) {
  const p = conn.p;
  const keepAll = [...new Set([...keep, ...read.keys()])];
  await conn.run(
    `DELETE FROM "SyncFingerprint" WHERE "tenantId" = ${p(1)} AND "collection" = ${p(3)} AND NOT (${
      conn.kind === "sqlite" ? `"scope" IN (SELECT value FROM json_each(${p(2)}))` : `"scope" = ANY(${p(2)}::text[])`
    })`,
    [tenantId, conn.kind === "sqlite" ? JSON.stringify(keepAll) : keepAll, collection],
  );
  const rows = [...read];
  for (let i = 0; i < rows.length; i += 500) {
    const slice = rows.slice(i, i + 500);
    const values = slice
      .map((_, j) => `(${p(1)}, ${p(4)}, ${p(5 + 2 * j)}, ${p(6 + 2 * j)}, ${p(2)}, ${conn.cast(p(3), "datetime")})`)
      .join(", ");
    await conn.run(
      `INSERT INTO "SyncFingerprint" ("tenantId", "collection", "scope", "fingerprint", "runId", "updatedAt") VALUES ${values}
       ON CONFLICT ("tenantId", "collection", "scope") DO UPDATE SET "fingerprint" = excluded."fingerprint", "runId" = excluded."runId", "updatedAt" = excluded."updatedAt"`,
      [tenantId, run.runId, conn.date(run.at), collection, ...slice.flat()],
    );
  }
}
