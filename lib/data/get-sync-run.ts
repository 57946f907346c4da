import "server-only";
import { getDb } from "../db";
import { AppError } from "../errors";
import type { SyncRunDetail } from "../schemas/sync-run";
import { toSyncRunSummary } from "./to-sync-run-summary";

export async function getSyncRun(id: string): Promise<SyncRunDetail> {
  const run = await getDb().syncRun.findUnique({ where: { id } });
  if (!run) throw new AppError("not_found", `No sync run ${id}.`);
  return {
    ...toSyncRunSummary(run),
    trigger: run.trigger,
    fellBackToFull: run.fellBackToFull,
    heartbeatAt: run.heartbeatAt.toISOString(),
    requestCount: run.requestCount,
    retryCount: run.retryCount,
    throttledCount: run.throttledCount,
    counts: (run.counts ?? {}) as SyncRunDetail["counts"],
    warnings: (run.warnings ?? []) as SyncRunDetail["warnings"],
  };
}
