"use client";

import { useQuery } from "@tanstack/react-query";
import type { SyncRunDetail } from "@/lib/schemas/sync-run";
import { syncRunQueryOptions } from "@/lib/queries/sync";
import { formatInstant, formatNumber } from "@/components/ui/format";
import { SyncCountsTable } from "./sync-counts-table";
import { SyncRunProgress } from "./sync-run-progress";
import { syncDisplayStatus } from "./sync-status-badge";

const dt = "text-slate-600 dark:text-slate-400";

/** One run's page: live while it goes on (polled), then its final counts. */
export function SyncRunView({ initial }: { initial: SyncRunDetail }) {
  const query = useQuery({
    ...syncRunQueryOptions(initial.id),
    initialData: initial,
  });
  const run = query.data;
  return (
    <div className="space-y-6">
      <section
        aria-label="Progress"
        className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      >
        <p className="sr-only" aria-live="polite">{`Sync ${syncDisplayStatus(run)}: ${run.phase}`}</p>
        <SyncRunProgress run={run} />
      </section>

      <section aria-labelledby="run-facts">
        <h2 id="run-facts" className="mb-3 text-lg font-semibold">
          About this run
        </h2>
        <dl className="grid grid-cols-1 gap-x-8 gap-y-2 text-sm sm:grid-cols-2 xl:grid-cols-3">
          <div>
            <dt className={dt}>Run id</dt>
            <dd className="font-mono text-xs">{run.id}</dd>
          </div>
          <div>
            <dt className={dt}>Tenant</dt>
            <dd className="font-mono text-xs">{run.tenantId}</dd>
          </div>
          <div>
            <dt className={dt}>Mode</dt>
            <dd>
              {run.mode}
              {run.fellBackToFull ? " (an incremental run that had to read everything)" : ""}
            </dd>
          </div>
          <div>
            <dt className={dt}>Started by</dt>
            <dd>
              {run.trigger}
              {run.triggeredBy ? ` — ${run.triggeredBy}` : ""}
            </dd>
          </div>
          <div>
            <dt className={dt}>Started</dt>
            <dd className="tabular-nums">
              <time dateTime={run.startedAt}>{formatInstant(run.startedAt)}</time>
            </dd>
          </div>
          <div>
            <dt className={dt}>Finished</dt>
            <dd className="tabular-nums">
              {run.finishedAt ? <time dateTime={run.finishedAt}>{formatInstant(run.finishedAt)}</time> : "—"}
            </dd>
          </div>
          <div>
            <dt className={dt}>Requests</dt>
            <dd className="tabular-nums">
              {formatNumber(run.requestCount)} ({formatNumber(run.retryCount)} retried,{" "}
              {formatNumber(run.throttledCount)} throttled)
            </dd>
          </div>
          <div>
            <dt className={dt}>Last heartbeat</dt>
            <dd className="tabular-nums">
              <time dateTime={run.heartbeatAt}>{formatInstant(run.heartbeatAt)}</time>
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="run-counts">
        <h2 id="run-counts" className="mb-3 text-lg font-semibold">
          Counts per collection
        </h2>
        {Object.keys(run.counts).length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">Nothing has been read yet.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <SyncCountsTable counts={run.counts} />
          </div>
        )}
      </section>
    </div>
  );
}
