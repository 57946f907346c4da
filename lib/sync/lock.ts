// One sync per tenant at a time, across processes and app instances: a lease row in the shared
// database, taken with one atomic statement, kept alive by a heartbeat, and taken over only
// after it expired (the holder died). Works the same on SQLite and PostgreSQL.
import "server-only";
import { hostname } from "node:os";
import { AppError } from "../errors";
import type { SqlConnection } from "./sql/connection";

export const LEASE_MS = 60_000;

export class SyncAlreadyRunningError extends AppError {
  constructor(readonly runId: string) {
    super("conflict", `A sync of this tenant is already running (run ${runId}).`, { runId });
    this.name = "SyncAlreadyRunningError";
  }
}

/** Takes the tenant's lease for `runId`, or throws SyncAlreadyRunningError naming the holder's run.
 * Returns the run id of an expired holder whose run must be marked abandoned, if any. */
export async function acquireLock(
  conn: SqlConnection,
  tenantId: string,
  runId: string,
  now = new Date(),
): Promise<{ abandonedRunId: string | null }> {
  const p = conn.p;
  const previous = await conn.all<{ runId: string; expiresAt: string | Date }>(
    `SELECT "runId", "expiresAt" FROM "SyncLock" WHERE "tenantId" = ${p(1)}`,
    [tenantId],
  );
  const taken = await conn.run(
    `INSERT INTO "SyncLock" ("tenantId", "runId", "holder", "acquiredAt", "expiresAt") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${conn.cast(p(4), "datetime")}, ${conn.cast(p(5), "datetime")})
     ON CONFLICT ("tenantId") DO UPDATE SET "runId" = excluded."runId", "holder" = excluded."holder", "acquiredAt" = excluded."acquiredAt", "expiresAt" = excluded."expiresAt"
     WHERE "SyncLock"."expiresAt" < ${conn.cast(p(4), "datetime")}`,
    [tenantId, runId, `${hostname()}:${process.pid}`, conn.date(now), conn.date(new Date(now.getTime() + LEASE_MS))],
  );
  if (taken === 0) {
    const holder = await conn.all<{ runId: string }>(`SELECT "runId" FROM "SyncLock" WHERE "tenantId" = ${p(1)}`, [
      tenantId,
    ]);
    throw new SyncAlreadyRunningError(holder[0]?.runId ?? "unknown");
  }
  const old = previous[0];
  return { abandonedRunId: old && old.runId !== runId ? old.runId : null };
}

/** Extends the lease; false means another run took it over (this one must stop). */
export async function renewLock(
  conn: SqlConnection,
  tenantId: string,
  runId: string,
  now = new Date(),
): Promise<boolean> {
  const p = conn.p;
  const n = await conn.run(
    `UPDATE "SyncLock" SET "expiresAt" = ${conn.cast(p(1), "datetime")} WHERE "tenantId" = ${p(2)} AND "runId" = ${p(3)}`,
    [conn.date(new Date(now.getTime() + LEASE_MS)), tenantId, runId],
  );
  return n === 1;
}

export async function releaseLock(conn: SqlConnection, tenantId: string, runId: string) {
  const p = conn.p;
  await conn.run(`DELETE FROM "SyncLock" WHERE "tenantId" = ${p(1)} AND "runId" = ${p(2)}`, [tenantId, runId]);
}
