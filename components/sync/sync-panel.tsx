"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { startSyncRequest, syncRunQueryOptions } from "@/lib/queries/sync";
import { SyncRunProgress } from "./sync-run-progress";
import { syncDisplayStatus } from "./sync-status-badge";

/** The "Sync now" button and the live progress of the running (or just started) run. */
export function SyncPanel({ activeRunId, canStart }: { activeRunId: string | null; canStart: boolean }) {
  const [runId, setRunId] = useState<string | null>(activeRunId);
  const [joined, setJoined] = useState(false);
  const queryClient = useQueryClient();
  const router = useRouter();
  const start = useMutation({
    mutationFn: startSyncRequest,
    onSuccess: ({ runId: id, alreadyRunning }) => {
      setRunId(id);
      setJoined(alreadyRunning);
    },
  });
  const run = useQuery({ ...syncRunQueryOptions(runId ?? "none"), enabled: runId !== null });
  const active = run.data?.activity === "active";
  // From the click until the first poll answers, the run is starting: no second click.
  const busy = start.isPending || active || (runId !== null && run.isPending);

  // When the run ends (even before the first poll saw it going: a small incremental run takes under
  // a second), the server-rendered history on the page is out of date. The panel only follows runs
  // that were going on when the page rendered or that it started or joined.
  const refreshedFor = useRef<string | null>(null);
  const endedId = run.data && !active ? run.data.id : null;
  useEffect(() => {
    if (!endedId || refreshedFor.current === endedId) return;
    refreshedFor.current = endedId;
    void queryClient.invalidateQueries({ queryKey: ["sync-runs"] });
    router.refresh();
  }, [endedId, queryClient, router]);

  return (
    <section
      aria-labelledby="sync-now-heading"
      className="mb-8 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="sync-now-heading" className="sr-only">
        Run a sync
      </h2>
      <div className="flex flex-wrap items-center gap-4">
        <button
          type="button"
          disabled={!canStart || busy}
          onClick={() => start.mutate()}
          className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:bg-slate-500"
        >
          {active ? "Sync running…" : busy ? "Starting…" : "Sync now"}
        </button>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {!canStart
            ? "Starting a sync needs the Steward.Admin role."
            : "Reads the tenant again: incrementally when the last complete run left delta links, otherwise in full."}
        </p>
      </div>
      {start.error ? (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-300">
          {start.error.message}
        </p>
      ) : null}
      {joined ? (
        <p role="status" className="mt-3 text-sm text-slate-700 dark:text-slate-300">
          A sync of this tenant was already running; this is its progress.
        </p>
      ) : null}
      {run.error ? (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-300">
          Could not read the run&apos;s progress: {run.error.message}
        </p>
      ) : null}
      {run.data ? (
        <div className="mt-4">
          {/* Announces phase and status changes only, not every poll's elapsed time. */}
          <p className="sr-only" aria-live="polite">
            {`Sync ${syncDisplayStatus(run.data)}: ${run.data.phase}`}
          </p>
          <SyncRunProgress run={run.data} />
          <p className="mt-3 text-sm">
            <Link
              href={`/sync/${run.data.id}`}
              className="text-blue-700 underline underline-offset-2 hover:text-blue-900 dark:text-blue-300 dark:hover:text-blue-200"
            >
              Run details and counts
            </Link>
          </p>
        </div>
      ) : null}
    </section>
  );
}
