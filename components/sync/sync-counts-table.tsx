import type { SyncCollectionCounts } from "@/lib/schemas/sync-run";
import { formatNumber } from "@/components/ui/format";
import { collectionLabel } from "./collection-labels";

const n = (v: number | undefined) => (v == null ? "—" : formatNumber(v));

/** What a run read and changed, per collection. "—": the collection was read but not applied (yet). */
export function SyncCountsTable({
  counts,
  compact = false,
}: {
  counts: Record<string, SyncCollectionCounts>;
  compact?: boolean;
}) {
  const rows = Object.entries(counts).sort(([a], [b]) => collectionLabel(a).localeCompare(collectionLabel(b)));
  const cell = compact ? "py-0.5 pr-3" : "px-3 py-2";
  return (
    <table className={compact ? "mt-2 text-xs" : "w-full text-left text-sm"}>
      <caption className="sr-only">Counts per collection</caption>
      <thead className={compact ? "" : "border-b border-slate-200 dark:border-slate-800"}>
        <tr className="text-slate-600 dark:text-slate-400">
          <th scope="col" className={`${cell} text-left font-medium`}>
            Collection
          </th>
          <th scope="col" className={`${cell} text-right font-medium`}>
            Read
          </th>
          <th scope="col" className={`${cell} text-right font-medium`}>
            Added
          </th>
          <th scope="col" className={`${cell} text-right font-medium`}>
            Changed
          </th>
          <th scope="col" className={`${cell} text-right font-medium`}>
            Removed
          </th>
        </tr>
      </thead>
      <tbody className={`tabular-nums ${compact ? "" : "divide-y divide-slate-100 dark:divide-slate-800"}`}>
        {rows.map(([name, c]) => (
          <tr key={name}>
            <th scope="row" className={`${cell} whitespace-nowrap text-left font-normal`}>
              {collectionLabel(name)}
            </th>
            <td className={`${cell} text-right`}>{formatNumber(c.fetched)}</td>
            <td className={`${cell} text-right`}>{n(c.added)}</td>
            <td className={`${cell} text-right`}>{n(c.changed)}</td>
            <td className={`${cell} text-right`}>{n(c.removed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
