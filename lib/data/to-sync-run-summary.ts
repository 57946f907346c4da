import type { SyncRunSummary } from "../schemas/sync-run";
import { parseSyncCounts, parseSyncWarnings } from "./parse-sync-run-json";
import { syncRunActivity } from "./sync-run-activity";

/**
 * A stored run as the API and pages show it (dates as ISO strings). Pass the tenant's lease row
 * (or null when there is none) to tell a live run from one whose process stopped.
 */
export function toSyncRunSummary(
  run: {
  id: string;
  tenantId: string;
  mode: SyncRunSummary["mode"];
  status: SyncRunSummary["status"];
  phase: string;
  trigger: string;
  triggeredBy: string | null;
  fellBackToFull: boolean;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  requestCount: number;
  retryCount: number;
  throttledCount: number;
  counts: unknown;
  warnings: unknown;
  error: string | null;
  },
  lock?: { runId: string; expiresAt: Date } | null,
  now = new Date(),
): SyncRunSummary {
  const activity = syncRunActivity(run, lock, now);
  return {
    id: run.id,
    tenantId: run.tenantId,
    mode: run.mode,
    status: run.status,
    // The run commits (succeeded) before it evaluates findings under the same lease; the stored phase
    // may not have caught up, since the heartbeat cannot write while the rules run.
    phase: activity === "active" && run.status === "succeeded" ? "evaluating" : run.phase,
    trigger: run.trigger,
    triggeredBy: run.triggeredBy,
    fellBackToFull: run.fellBackToFull,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.durationMs,
    requestCount: run.requestCount,
    retryCount: run.retryCount,
    throttledCount: run.throttledCount,
    counts: parseSyncCounts(run.counts),
    warnings: parseSyncWarnings(run.warnings),
    error: run.error,
    activity,
  };
}
