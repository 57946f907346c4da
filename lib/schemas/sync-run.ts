// The sync run as the API and the pages see it.
export type SyncRunStatus = "running" | "succeeded" | "failed";
export type SyncRunMode = "full" | "incremental";

/** What one collection (service principals, role assignments, …) did in a run. */
export interface SyncCollectionCounts {
  fetched: number;
  added?: number;
  removed?: number;
  changed?: number;
}

export interface SyncRunWarning {
  code: string;
  message: string;
  at: string;
}

/**
 * active: the process running it holds the tenant's lease (reading, applying or evaluating);
 * stalled: marked running but its lease lapsed (the process stopped; the next run marks it failed);
 * ended: nothing more will happen to it.
 */
export type SyncRunActivity = "active" | "stalled" | "ended";

export interface SyncRunSummary {
  id: string;
  tenantId: string;
  mode: SyncRunMode;
  status: SyncRunStatus;
  phase: string;
  /** cli | schedule | api | demo */
  trigger: string;
  triggeredBy: string | null;
  /** An incremental run that had to read everything (no or expired delta state). */
  fellBackToFull: boolean;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  requestCount: number;
  retryCount: number;
  throttledCount: number;
  counts: Record<string, SyncCollectionCounts>;
  warnings: SyncRunWarning[];
  error: string | null;
  activity: SyncRunActivity;
}

/** How far an active run is, estimated against the previous successful run of the same mode. */
export interface SyncProgressEstimate {
  /** 0–1, never 1 while the run is active. */
  fraction: number;
  previousRunId: string;
  previousDurationMs: number;
  /** Objects the previous run read in the collections this one is reading now. */
  previousFetched: number;
}

export interface SyncRunDetail extends SyncRunSummary {
  heartbeatAt: string;
  /** The server's clock when this was read: elapsed time without trusting the browser's clock. */
  observedAt: string;
  /** null when the run has ended, or when there is no earlier run to estimate from. */
  progress: SyncProgressEstimate | null;
}
