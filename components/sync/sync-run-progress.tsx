"use client";

import type { SyncRunDetail } from "@/lib/schemas/sync-run";
import { formatDuration, formatInstant, formatNumber } from "@/components/ui/format";
import { collectionLabel } from "./collection-labels";
import { SyncStatusBadge, syncDisplayStatus } from "./sync-status-badge";

const barColour = {
  running: "bg-blue-600 dark:bg-blue-500",
  evaluating: "bg-blue-600 dark:bg-blue-500",
  stalled: "bg-amber-500",
  succeeded: "bg-emerald-600 dark:bg-emerald-500",
  failed: "bg-red-600 dark:bg-red-500",
} as const;

function totalFetched(run: SyncRunDetail) {
  return Object.values(run.counts).reduce((n, c) => n + (c.fetched ?? 0), 0);
}

/**
 * One run as it goes: phase, a progress bar (estimated against the previous run of the same mode,
 * and said to be; a first run gets no invented percentage), what has been read, warnings and errors.
 * Elapsed time is measured on the server's clock (`observedAt`), so it moves with each poll.
 */
export function SyncRunProgress({ run }: { run: SyncRunDetail }) {
  const status = syncDisplayStatus(run);
  const active = run.activity === "active";
  const percent = run.progress ? Math.round(run.progress.fraction * 100) : null;
  const elapsed = active ? Date.parse(run.observedAt) - Date.parse(run.startedAt) : run.durationMs;
  const read = totalFetched(run);
  const evaluationUnfinished = run.activity === "ended" && run.status === "succeeded" && run.phase === "evaluating";
  const reading = Object.entries(run.counts).filter(([, c]) => c.fetched > 0);

  const valueText = active
    ? percent !== null
      ? `About ${percent} percent, estimated. ${run.phase}.`
      : `${run.phase}; ${formatNumber(read)} objects read so far.`
    : status;

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p className="flex flex-wrap items-center gap-2">
          <SyncStatusBadge run={run} />
          <span className="font-medium">{run.mode === "full" ? "Full sync" : "Incremental sync"}</span>
          <span className="text-slate-600 dark:text-slate-400">
            {active
              ? run.phase
              : status === "stalled"
                ? `stopped while ${run.phase}`
                : status === "failed"
                  ? run.phase
                  : ""}
          </span>
        </p>
        <p className="tabular-nums text-slate-600 dark:text-slate-400">
          {active ? "running for " : "took "}
          {formatDuration(elapsed)}
        </p>
      </div>

      <div
        role="progressbar"
        aria-label="Sync progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={active ? (percent ?? undefined) : 100}
        aria-valuetext={valueText}
        className="relative mt-2 h-2.5 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        {active && percent === null ? (
          <div
            className={`absolute inset-y-0 w-1/3 rounded-full ${barColour[status]} animate-indeterminate motion-reduce:w-full motion-reduce:animate-none motion-reduce:opacity-60`}
          />
        ) : (
          <div
            className={`h-full rounded-full transition-[width] duration-700 ${barColour[status]}`}
            style={{ width: `${active ? Math.max(2, percent ?? 0) : 100}%` }}
          />
        )}
      </div>

      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        {active && percent !== null && run.progress ? (
          <>
            About {percent} % <span className="font-medium">(estimated</span> from the previous {run.mode} run, which
            took {formatDuration(run.progress.previousDurationMs)}
            {run.progress.previousFetched > 0
              ? ` and read ${formatNumber(run.progress.previousFetched)} objects at this stage`
              : ""}
            <span className="font-medium">)</span>.
          </>
        ) : active ? (
          <>No earlier {run.mode} run to estimate from: the phase and the objects read so far show how it goes.</>
        ) : null}
      </p>

      <p className="mt-1 text-sm tabular-nums text-slate-700 dark:text-slate-300">
        {formatNumber(read)} objects read · {formatNumber(run.requestCount)} requests ·{" "}
        {formatNumber(run.throttledCount)} throttled · {formatNumber(run.retryCount)} retries
      </p>

      {active && reading.length > 0 ? (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-slate-700 dark:text-slate-300">Read so far, by collection</summary>
          <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-3">
            {reading.map(([name, c]) => (
              <div key={name} className="flex justify-between gap-2">
                <dt className="text-slate-600 dark:text-slate-400">{collectionLabel(name)}</dt>
                <dd className="tabular-nums">{formatNumber(c.fetched)}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}

      {status === "stalled" ? (
        <p role="status" className="mt-2 text-sm text-amber-800 dark:text-amber-300">
          No heartbeat since {formatInstant(run.heartbeatAt)}: the process running this sync has stopped. The data from
          the last good run is unchanged; the next sync marks this one failed and reads everything again.
        </p>
      ) : null}
      {evaluationUnfinished ? (
        <p role="status" className="mt-2 text-sm text-amber-800 dark:text-amber-300">
          The sync committed, but the findings evaluation after it did not finish: findings are as they were before this
          run. The next sync evaluates again.
        </p>
      ) : null}
      {run.error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {run.error}
          {run.status === "failed" ? " Nothing from this run was applied; the last good snapshot is unchanged." : ""}
        </p>
      ) : null}
      {run.warnings.length > 0 ? (
        <ul aria-label="Warnings" className="mt-2 space-y-1 text-sm text-amber-800 dark:text-amber-300">
          {run.warnings.map((w, i) => (
            <li key={`${w.code}-${w.at}-${i}`}>
              <span className="font-mono text-xs">{w.code}</span> {w.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
