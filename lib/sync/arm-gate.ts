// ARM has no change tracking. Azure Resource Graph can summarise, in one query per thousand
// subscriptions, how many role assignments each subscription holds and when the latest was written:
// an incremental run re-lists a subscription's assignments only when that summary moved since the
// run that stored them (docs/decisions/007-arm-incremental-gate.md).
import "server-only";
import { UpstreamError } from "../microsoft/errors";
import * as a from "../schemas/arm";
import { warn, type SyncContext } from "./context";
import type { SqlConnection } from "./sql/connection";

/** The management-group and root assignments share one summary under this scope. */
export const MANAGEMENT_GROUPS_SCOPE = "/";

/** Resource Graph returns a summarised result on one page of at most 1,000 rows. */
const SUBSCRIPTIONS_PER_QUERY = 1000;

const ASSIGNMENTS = "authorizationresources | where type =~ 'microsoft.authorization/roleassignments'";
const SUMMARY = "summarize n = count(), latest = max(todatetime(properties.updatedOn))";

export interface ArmGate {
  /** Whether a scope must be (re)read this run. */
  mustRead(scope: string): boolean;
  /** The summary seen before reading, saved with the snapshot when the scope was read completely. */
  readonly current: ReadonlyMap<string, string>;
}

const fingerprint = (n: number, latest: string | null) => `${n}|${latest ?? ""}`;

export async function readArmGate(ctx: SyncContext, subscriptionIds: string[]): Promise<ArmGate> {
  const conn = ctx.store.conn;
  const current = new Map<string, string>();
  try {
    for (const row of await summaries(ctx, `${ASSIGNMENTS} and isempty(subscriptionId) | ${SUMMARY}`, {}))
      current.set(MANAGEMENT_GROUPS_SCOPE, fingerprint(row.n, row.latest));
    for (let i = 0; i < subscriptionIds.length; i += SUBSCRIPTIONS_PER_QUERY) {
      const batch = subscriptionIds.slice(i, i + SUBSCRIPTIONS_PER_QUERY);
      // A subscription without assignments of its own has no row: it summarises to "0|".
      for (const id of batch) current.set(id, fingerprint(0, null));
      for (const row of await summaries(ctx, `${ASSIGNMENTS} | ${SUMMARY} by subscriptionId`, { subscriptions: batch }))
        if (row.subscriptionId) current.set(row.subscriptionId.toLowerCase(), fingerprint(row.n, row.latest));
    }
  } catch (error) {
    if (!(error instanceof UpstreamError) || error.upstreamStatus < 400 || error.upstreamStatus >= 500) throw error;
    warn(
      ctx,
      "armGateUnavailable",
      `Resource Graph could not summarise role assignments (${error.message}); every subscription is read in full.`,
    );
    return { mustRead: () => true, current: new Map() };
  }
  if (ctx.mode === "full") return { mustRead: () => true, current };
  const stored = await storedFingerprints(conn, ctx.tenantId);
  return {
    mustRead: (scope) => !current.has(scope) || stored.get(scope) !== current.get(scope),
    current,
  };
}

async function summaries(ctx: SyncContext, query: string, scope: { subscriptions?: string[] }) {
  const rows: { subscriptionId: string | null; n: number; latest: string | null }[] = [];
  for await (const page of ctx.arm.resourceGraph(query, a.roleAssignmentSummaryRow, scope)) rows.push(...page);
  return rows;
}

async function storedFingerprints(conn: SqlConnection, tenantId: string) {
  const rows = await conn.all<{ scope: string; fingerprint: string }>(
    `SELECT "scope", "fingerprint" FROM "SyncFingerprint" WHERE "tenantId" = ${conn.p(1)} AND "collection" = 'roleAssignments'`,
    [tenantId],
  );
  return new Map(rows.map((r) => [r.scope, r.fingerprint]));
}

/**
 * Inside the apply transaction: keeps the summaries of the scopes this run read completely, and
 * forgets those of scopes that could not be read or no longer exist (they are read in full next time).
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
  for (const [scope, value] of read) {
    await conn.run(
      `INSERT INTO "SyncFingerprint" ("tenantId", "collection", "scope", "fingerprint", "runId", "updatedAt")
       VALUES (${p(1)}, 'roleAssignments', ${p(2)}, ${p(3)}, ${p(4)}, ${conn.cast(p(5), "datetime")})
       ON CONFLICT ("tenantId", "collection", "scope") DO UPDATE SET "fingerprint" = excluded."fingerprint", "runId" = excluded."runId", "updatedAt" = excluded."updatedAt"`,
      [tenantId, scope, value, run.runId, conn.date(run.at)],
    );
  }
}
