import "server-only";
import { getDb } from "../db";
import { toSummary, type SyncRunSummary } from "./get-workspace-status";

export async function listSyncRuns(limit = 50): Promise<SyncRunSummary[]> {
  const runs = await getDb().syncRun.findMany({ orderBy: { startedAt: "desc" }, take: limit });
  return runs.map(toSummary);
}
