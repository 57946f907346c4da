// One sync run with what the live view needs: is it still going, and how far is it (estimated).
import "server-only";
import { getDb, type Db } from "../db";
import { AppError } from "../errors";
import type { SyncRunDetail } from "../schemas/sync-run";
import { estimateSyncProgress } from "./estimate-sync-progress";
import { parseSyncCounts } from "./parse-sync-run-json";
import { toSyncRunSummary } from "./to-sync-run-summary";

export async function getSyncRun(id: string, options: { db?: Db; now?: Date } = {}): Promise<SyncRunDetail> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const run = await db.syncRun.findUnique({ where: { id } });
  if (!run) throw new AppError("not_found", `No sync run ${id}.`);
  const lock = await db.syncLock.findUnique({ where: { tenantId: run.tenantId } });
  const summary = toSyncRunSummary(run, lock, now);

  let progress: SyncRunDetail["progress"] = null;
  if (summary.activity === "active") {
    const previous = await db.syncRun.findFirst({
      where: {
        tenantId: run.tenantId,
        mode: run.mode,
        status: "succeeded",
        phase: "done",
        durationMs: { gt: 0 },
        startedAt: { lt: run.startedAt },
      },
      orderBy: { startedAt: "desc" },
      select: { id: true, durationMs: true, counts: true },
    });
    if (previous?.durationMs) {
      const estimate = estimateSyncProgress({
        phase: summary.phase,
        counts: summary.counts,
        elapsedMs: now.getTime() - run.startedAt.getTime(),
        previous: { counts: parseSyncCounts(previous.counts), durationMs: previous.durationMs },
      });
      if (estimate)
        progress = {
          fraction: estimate.fraction,
          previousRunId: previous.id,
          previousDurationMs: previous.durationMs,
          previousFetched: estimate.previousFetched,
        };
    }
  }

  return { ...summary, heartbeatAt: run.heartbeatAt.toISOString(), observedAt: now.toISOString(), progress };
}
