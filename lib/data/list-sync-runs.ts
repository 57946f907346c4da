import "server-only";
import { getDb } from "../db";
import type { SyncRunSummary } from "../schemas/sync-run";
import { toSyncRunSummary } from "./to-sync-run-summary";

export async function listSyncRuns(limit = 50): Promise<SyncRunSummary[]> {
  const runs = await getDb().syncRun.findMany({ orderBy: { startedAt: "desc" }, take: limit });
  return runs.map(toSyncRunSummary);
}
