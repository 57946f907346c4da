// The run history, newest first, in keyset pages (a schedule every few minutes adds up).
import "server-only";
import { getDb, type Db } from "../db";
import { AppError } from "../errors";
import type { SyncRunSummary } from "../schemas/sync-run";
import { toSyncRunSummary } from "./to-sync-run-summary";

export interface SyncRunPage {
  runs: SyncRunSummary[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

function decodeCursor(cursor: string): { startedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const startedAt = new Date(at ?? "");
  if (!id || Number.isNaN(startedAt.getTime())) throw new AppError("invalid_input", "Invalid cursor.", { field: "before" });
  return { startedAt, id };
}

const encodeCursor = (run: SyncRunSummary) => Buffer.from(`${run.startedAt}|${run.id}`, "utf8").toString("base64url");

export async function listSyncRuns(options: { limit?: number; before?: string | null; db?: Db } = {}): Promise<SyncRunPage> {
  const db = options.db ?? getDb();
  const limit = options.limit ?? 25;
  const after = options.before ? decodeCursor(options.before) : null;
  const [rows, locks] = await Promise.all([
    db.syncRun.findMany({
    where: after
      ? {
          OR: [
            { startedAt: { lt: after.startedAt } },
            { startedAt: after.startedAt, id: { lt: after.id } },
          ],
        }
      : {},
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    }),
    db.syncLock.findMany({ select: { tenantId: true, runId: true, expiresAt: true } }),
  ]);
  const lockOf = new Map(locks.map((l) => [l.tenantId, l]));
  const now = new Date();
  const runs = rows.slice(0, limit).map((run) => toSyncRunSummary(run, lockOf.get(run.tenantId) ?? null, now));
  return { runs, nextCursor: rows.length > limit ? encodeCursor(runs[runs.length - 1]!) : null };
}
