"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { startSyncRequest, syncRunQueryOptions } from "@/lib/queries/sync";
import { SyncStatusBadge } from "./sync-status-badge";

/** The "Sync now" button and the live progress of the running (or just started) run. */
export function SyncPanel({ runningRunId, canStart }: { runningRunId: string | null; canStart: boolean }) {
  const [runId, setRunId] = useState<string | null>(runningRunId);
  const queryClient = useQueryClient();
  const router = useRouter();
  const start = useMutation({
    mutationFn: startSyncRequest,
    onSuccess: ({ runId: id }) => setRunId(id),
  });
  const run = useQuery({ ...syncRunQueryOptions(runId ?? "none"), enabled: runId !== null });
  const finished = run.data && run.data.status !== "running";

  useEffect(() => {
    if (finished) {
      void queryClient.invalidateQueries({ queryKey: ["sync-runs"] });
      router.refresh(); // the run history and counts on this page are server-rendered
    }
  }, [finished, queryClient, router]);

  const total = run.data ? Object.values(run.data.counts).reduce((n, c) => n + (c.fetched ?? 0), 0) : 0;
  return (
    <section
      aria-label="Run a sync"
      className="mb-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-center gap-4">
        <button
          type="button"
          disabled={!canStart || start.isPending || run.data?.status === "running"}
          onClick={() => start.mutate()}
          className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:bg-slate-400"
        >
          {start.isPending ? "Starting…" : "Sync now"}
        </button>
        {!canStart ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">Starting a sync needs the Steward.Admin role.</p>
        ) : null}
        {start.error ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {start.error.message}
          </p>
        ) : null}
      </div>
      {run.data ? (
        <div className="mt-4" aria-live="polite">
          <p className="flex items-center gap-2 text-sm">
            <SyncStatusBadge status={run.data.status} />
            <span>
              {run.data.mode} sync — {run.data.phase}
            </span>
          </p>
          <div className="mt-2 h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800">
            <div
              role="progressbar"
              aria-label="Sync progress"
              aria-valuetext={`${run.data.phase}, ${total.toLocaleString("en-US")} objects read`}
              className={`h-full ${run.data.status === "failed" ? "bg-red-600" : "bg-blue-600"} ${run.data.status === "running" ? "w-2/3 animate-pulse" : "w-full"}`}
            />
          </div>
          <p className="mt-2 text-sm tabular-nums text-slate-700 dark:text-slate-300">
            {total.toLocaleString("en-US")} objects read · {run.data.requestCount.toLocaleString("en-US")} requests ·{" "}
            {run.data.throttledCount} throttled
          </p>
          {run.data.error ? (
            <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
              {run.data.error}
            </p>
          ) : null}
          {run.data.warnings.map((w) => (
            <p key={`${w.code}-${w.at}`} className="mt-1 text-sm text-amber-800 dark:text-amber-300">
              {w.message}
            </p>
          ))}
        </div>
      ) : null}
    </section>
  );
}
