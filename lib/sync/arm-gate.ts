// ARM has no change tracking. Azure Resource Graph can summarise how many role assignments each
// resource group (and each subscription's own scope) holds and when the latest was written, a few
// queries for a whole tenant: an incremental run reads again only the role assignments of the
// groups whose summary moved since the run that stored them (docs/decisions/007-arm-incremental-gate.md).
import "server-only";
import { UpstreamError } from "../microsoft/errors";
import * as a from "../schemas/arm";
import { warn, type SyncContext } from "./context";
import type { SqlConnection } from "./sql/connection";

/** The management-group and root assignments share one summary under this key. */
export const MANAGEMENT_GROUPS = "/";

/** A summary's key: `<subscription>/<resource group>`, the group empty for a subscription's own scope. */
export const bucketOf = (subscriptionId: string, resourceGroup: string | null) =>
  `${subscriptionId.toLowerCase()}/${(resourceGroup ?? "").toLowerCase()}`;

/** Resource Graph returns a summary on one page of at most 1,000 rows: ask for this many subscriptions at a time, fewer if they hold more groups. */
const SUBSCRIPTIONS_PER_QUERY = 100;

const ASSIGNMENTS = "authorizationresources | where type =~ 'microsoft.authorization/roleassignments'";
const SUMMARY = "summarize n = count(), latest = max(todatetime(properties.updatedOn))";

export interface ArmGate {
  /** The summaries seen before reading (`bucketOf` keys, and MANAGEMENT_GROUPS). */
  readonly current: ReadonlyMap<string, string>;
  /** The stored summaries (an incremental run's starting point); empty in a full run. */
  readonly stored: ReadonlyMap<string, string>;
  /** Whether the gate knows anything: false when Resource Graph could not summarise (read everything). */
  readonly available: boolean;
}

const fingerprint = (n: number, latest: string | null) => `${n}|${latest ? new Date(latest).toISOString() : ""}`;

export async function readArmGate(ctx: SyncContext, subscriptionIds: string[]): Promise<ArmGate> {
  const current = new Map<string, string>();
  try {
    for (const row of (await summaries(ctx, `${ASSIGNMENTS} and isempty(subscriptionId) | ${SUMMARY}`, [])) ?? [])
      current.set(MANAGEMENT_GROUPS, fingerprint(row.n, row.latest));
    let pending = chunk(subscriptionIds, SUBSCRIPTIONS_PER_QUERY);
    while (pending.length > 0) {
      const batch = pending.shift()!;
      const rows = await summaries(ctx, `${ASSIGNMENTS} | ${SUMMARY} by subscriptionId, resourceGroup`, batch);
      if (rows === null) {
        // More groups than one page holds: ask again in halves.
        if (batch.length === 1)
          throw new Error(`subscription ${batch[0]} holds more than 1,000 resource groups with role assignments`);
        pending = [...chunk(batch, Math.ceil(batch.length / 2)), ...pending];
        continue;
      }
      for (const row of rows)
        if (row.subscriptionId)
          current.set(bucketOf(row.subscriptionId, row.resourceGroup), fingerprint(row.n, row.latest));
    }
  } catch (error) {
    if (!(error instanceof UpstreamError) || error.upstreamStatus < 400 || error.upstreamStatus >= 500) throw error;
    warn(
      ctx,
      "armGateUnavailable",
      `Resource Graph could not summarise role assignments (${error.message}); every subscription is read in full.`,
    );
    return { current: new Map(), stored: new Map(), available: false };
  }
  const stored =
    ctx.mode === "incremental" ? await storedFingerprints(ctx.store.conn, ctx.tenantId) : new Map<string, string>();
  return { current, stored, available: true };
}

/** The summary rows, or null when Resource Graph had to cut them (a summary is never paged). */
async function summaries(ctx: SyncContext, query: string, subscriptions: string[]) {
  const rows: a.RoleAssignmentSummaryRow[] = [];
  let truncated = false;
  for await (const page of ctx.arm.resourceGraph(query, a.roleAssignmentSummaryRow, {
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

async function storedFingerprints(conn: SqlConnection, tenantId: string) {
  const rows = await conn.all<{ scope: string; fingerprint: string }>(
    `SELECT "scope", "fingerprint" FROM "SyncFingerprint" WHERE "tenantId" = ${conn.p(1)} AND "collection" = 'roleAssignments'`,
    [tenantId],
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
  read: ReadonlyMap<string, string>,
  keep: readonly string[],
) {
  const p = conn.p;
  const keepAll = [...new Set([...keep, ...read.keys()])];
  await conn.run(
    `DELETE FROM "SyncFingerprint" WHERE "tenantId" = ${p(1)} AND "collection" = 'roleAssignments' AND NOT (${
      conn.kind === "sqlite" ? `"scope" IN (SELECT value FROM json_each(${p(2)}))` : `"scope" = ANY(${p(2)}::text[])`
    })`,
    [tenantId, conn.kind === "sqlite" ? JSON.stringify(keepAll) : keepAll],
  );
  const rows = [...read];
  for (let i = 0; i < rows.length; i += 500) {
    const slice = rows.slice(i, i + 500);
    const values = slice
      .map(
        (_, j) =>
          `(${p(1)}, 'roleAssignments', ${p(4 + 2 * j)}, ${p(5 + 2 * j)}, ${p(2)}, ${conn.cast(p(3), "datetime")})`,
      )
      .join(", ");
    await conn.run(
      `INSERT INTO "SyncFingerprint" ("tenantId", "collection", "scope", "fingerprint", "runId", "updatedAt") VALUES ${values}
       ON CONFLICT ("tenantId", "collection", "scope") DO UPDATE SET "fingerprint" = excluded."fingerprint", "runId" = excluded."runId", "updatedAt" = excluded."updatedAt"`,
      [tenantId, run.runId, conn.date(run.at), ...slice.flat()],
    );
  }
}
