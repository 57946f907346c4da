import type { SyncRunSummary } from "../schemas/sync-run";

/** A stored run as the API and pages show it (dates as ISO strings). */
export function toSyncRunSummary(run: {
  id: string;
  tenantId: string;
  mode: SyncRunSummary["mode"];
  status: SyncRunSummary["status"];
  phase: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
}): SyncRunSummary {
  return {
    id: run.id,
    tenantId: run.tenantId,
    mode: run.mode,
    status: run.status,
    phase: run.phase,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.durationMs,
    error: run.error,
  };
}
