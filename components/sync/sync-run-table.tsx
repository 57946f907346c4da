import Link from "next/link";
import type { SyncRunSummary } from "@/lib/schemas/sync-run";
import { formatDuration, formatInstant, formatNumber } from "@/components/ui/format";
import { SyncCountsTable } from "./sync-counts-table";
import { SyncStatusBadge } from "./sync-status-badge";

const th = "whitespace-nowrap px-3 py-2 font-medium";
const td = "px-3 py-2 align-top";

function totals(run: SyncRunSummary) {
  let read = 0;
  let added = 0;
  let changed = 0;
  let removed = 0;
  for (const c of Object.values(run.counts)) {
    read += c.fetched;
    added += c.added ?? 0;
    changed += c.changed ?? 0;
    removed += c.removed ?? 0;
  }
  return { read, added, changed, removed };
}

/** The run history: one row per run, its per-collection counts a disclosure away. */
export function SyncRunTable({ runs }: { runs: SyncRunSummary[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full min-w-[44rem] text-left text-sm">
        <caption className="sr-only">Sync runs, newest first</caption>
        <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className={th}>
              Started (UTC)
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            <th scope="col" className={th}>
              Mode
            </th>
            <th scope="col" className={th}>
              Trigger
            </th>
            <th scope="col" className={`${th} text-right`}>
              Duration
            </th>
            <th scope="col" className={`${th} text-right`}>
              Requests
            </th>
            <th scope="col" className={th}>
              Counts
            </th>
            <th scope="col" className={th}>
              Issues
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {runs.map((run) => {
            const t = totals(run);
            const collections = Object.entries(run.counts);
            return (
              <tr key={run.id}>
                <td className={`${td} whitespace-nowrap tabular-nums`}>
                  <Link
                    href={`/sync/${run.id}`}
                    className="text-blue-700 underline underline-offset-2 hover:text-blue-900 dark:text-blue-300 dark:hover:text-blue-200"
                  >
                    <time dateTime={run.startedAt}>{formatInstant(run.startedAt).replace(" UTC", "")}</time>
                  </Link>
                </td>
                <td className={td}>
                  <SyncStatusBadge run={run} />
                </td>
                <td className={`${td} whitespace-nowrap`}>
                  {run.mode}
                  {run.fellBackToFull ? (
                    <span className="block text-xs text-slate-600 dark:text-slate-400">fell back to full</span>
                  ) : null}
                </td>
                <td className={td}>
                  {run.trigger}
                  {run.triggeredBy ? (
                    <span className="block text-xs text-slate-600 dark:text-slate-400">{run.triggeredBy}</span>
                  ) : null}
                </td>
                <td className={`${td} text-right tabular-nums`}>
                  {run.activity === "active" ? "running" : formatDuration(run.durationMs)}
                </td>
                <td className={`${td} whitespace-nowrap text-right tabular-nums`}>
                  {formatNumber(run.requestCount)}
                  <span className="block text-xs text-slate-600 dark:text-slate-400">
                    {formatNumber(run.throttledCount)} throttled
                  </span>
                </td>
                <td className={td}>
                  {collections.length === 0 ? (
                    <span className="text-slate-500 dark:text-slate-400">—</span>
                  ) : (
                    <details>
                      <summary className="cursor-pointer whitespace-nowrap tabular-nums">
                        {formatNumber(t.read)} read
                        <span className="block pl-4 text-xs text-slate-600 dark:text-slate-400">
                          {formatNumber(t.added)} added, {formatNumber(t.changed)} changed, {formatNumber(t.removed)}{" "}
                          removed
                        </span>
                      </summary>
                      <SyncCountsTable counts={run.counts} compact />
                    </details>
                  )}
                </td>
                <td className={`${td} max-w-md`}>
                  {run.error ? <p className="text-red-700 dark:text-red-300">{run.error}</p> : null}
                  {run.warnings.length > 0 ? (
                    <details>
                      <summary className="cursor-pointer text-amber-800 dark:text-amber-300">
                        {run.warnings.length === 1 ? "1 warning" : `${run.warnings.length} warnings`}
                      </summary>
                      <ul className="mt-1 space-y-1 text-xs">
                        {run.warnings.map((w, i) => (
                          <li key={`${w.code}-${i}`}>
                            <span className="font-mono">{w.code}</span> {w.message}
                          </li>
                        ))}
                      </ul>
                    </details>
                  ) : null}
                  {!run.error && run.warnings.length === 0 ? (
                    <span className="text-slate-500 dark:text-slate-400">none</span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
