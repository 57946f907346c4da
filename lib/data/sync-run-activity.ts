import type { SyncRunActivity } from "../schemas/sync-run";

/**
 * A run goes on exactly while the process running it holds the tenant's lease: through reading and
 * applying (status running) and through the findings evaluation after the commit (status already
 * succeeded; the lease is released last). A run still marked running without the lease has stalled.
 * Without the lease row at hand (`lock` undefined) the stored status is taken at its word.
 */
export function syncRunActivity(
  run: { id: string; status: string },
  lock: { runId: string; expiresAt: Date } | null | undefined,
  now: Date,
): SyncRunActivity {
  if (lock === undefined) return run.status === "running" ? "active" : "ended";
  const held = lock !== null && lock.runId === run.id && lock.expiresAt.getTime() > now.getTime();
  if (held) return "active";
  return run.status === "running" ? "stalled" : "ended";
}
