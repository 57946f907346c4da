// TanStack Query options for sync runs: the unit of reuse on the client (CONVENTIONS §7).
import { queryOptions } from "@tanstack/react-query";
import type { SyncRunDetail } from "../schemas/sync-run";
import { ApiError, fetchJson } from "./api-fetch";

const SYNC_POLL_MS = 1000;

export const syncRunQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ["sync-runs", id],
    queryFn: () => fetchJson<SyncRunDetail>(`/api/sync/runs/${encodeURIComponent(id)}`),
    // Poll while the run goes on (reading, applying, then evaluating); stop once it has ended.
    refetchInterval: (query) => (!query.state.data || query.state.data.activity === "active" ? SYNC_POLL_MS : false),
    staleTime: 0,
  });

/** Starts a sync. When one is already running, resolves with that run instead (`alreadyRunning`). */
export async function startSyncRequest(): Promise<{ runId: string; alreadyRunning: boolean }> {
  try {
    const { runId } = await fetchJson<{ runId: string }>("/api/sync", { method: "POST" });
    return { runId, alreadyRunning: false };
  } catch (error) {
    const runId = error instanceof ApiError && error.status === 409 ? error.details?.runId : undefined;
    if (typeof runId === "string" && runId !== "unknown") return { runId, alreadyRunning: true };
    throw error;
  }
}
