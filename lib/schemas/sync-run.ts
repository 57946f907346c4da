// The sync run as the API and the pages see it.
export type SyncRunStatus = "running" | "succeeded" | "failed";
export type SyncRunMode = "full" | "incremental";

export interface SyncRunSummary {
  id: string;
  tenantId: string;
  mode: SyncRunMode;
  status: SyncRunStatus;
  phase: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
}

export interface SyncRunDetail extends SyncRunSummary {
  trigger: string;
  fellBackToFull: boolean;
  heartbeatAt: string;
  requestCount: number;
  retryCount: number;
  throttledCount: number;
  counts: Record<string, { fetched: number; added?: number; removed?: number; changed?: number }>;
  warnings: { code: string; message: string; at: string }[];
}
