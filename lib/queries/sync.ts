// TanStack Query options for sync runs: the unit of reuse on the client (CONVENTIONS §7).
import { queryOptions } from "@tanstack/react-query";
import type { SyncRunDetail, SyncRunSummary } from "../schemas/sync-run";

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: "application/json", ...(init?.headers ?? {}) } });
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new Error(body?.error?.message ?? `Request failed (${res.status})`);
  return body as T;
}

export const syncRunsQueryOptions = () =>
  queryOptions({
    queryKey: ["sync-runs"],
    queryFn: () => getJson<{ runs: SyncRunSummary[] }>("/api/sync"),
  });

export const syncRunQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ["sync-runs", id],
    queryFn: () => getJson<SyncRunDetail>(`/api/sync/runs/${id}`),
    // Poll while the run is in progress; stop once it has ended.
    refetchInterval: (query) => (query.state.data?.status === "running" || !query.state.data ? 1000 : false),
  });

export async function startSyncRequest(): Promise<{ runId: string }> {
  return getJson<{ runId: string }>("/api/sync", { method: "POST" });
}
