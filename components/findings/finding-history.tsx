import type { FindingComment, FindingHistoryEntry } from "@/lib/schemas/finding";
import { formatInstant } from "@/components/ui/format";

const systemActions: Record<string, string> = {
  "finding.auto_resolved": "Resolved: no longer detected",
  "finding.reopened": "Reopened: detected again",
  "finding.acceptance_expired": "Risk acceptance expired",
};

const ignoredFields = new Set(["key"]);

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatInstant(value);
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The fields an entry changed, before → after (text only: values may hold tenant names). */
function changes(entry: FindingHistoryEntry): { field: string; from: string; to: string }[] {
  const fields = new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})]);
  const out: { field: string; from: string; to: string }[] = [];
  for (const field of fields) {
    if (ignoredFields.has(field) || !entry.after || !(field in entry.after)) continue;
    const from = show(entry.before?.[field]);
    const to = show(entry.after[field]);
    if (from !== to) out.push({ field, from, to });
  }
  return out;
}

type Item =
  | { kind: "seen"; at: string }
  | { kind: "audit"; at: string; entry: FindingHistoryEntry }
  | { kind: "comment"; at: string; comment: FindingComment };

/** First sight, every recorded change (system or person), and comments, oldest first. */
export function FindingHistory({
  firstSeenAt,
  history,
  comments,
}: {
  firstSeenAt: string;
  history: FindingHistoryEntry[];
  comments: FindingComment[];
}) {
  const items: Item[] = [
    { kind: "seen" as const, at: firstSeenAt },
    ...history.map((entry) => ({ kind: "audit" as const, at: entry.at, entry })),
    ...comments.map((comment) => ({ kind: "comment" as const, at: comment.createdAt, comment })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol className="relative space-y-4 border-l border-slate-200 pl-4 text-sm dark:border-slate-700">
      {items.map((item, i) => (
        <li key={i}>
          <span
            aria-hidden="true"
            className="absolute -left-[5px] mt-1.5 h-2.5 w-2.5 rounded-full border-2 border-white bg-slate-400 dark:border-slate-950 dark:bg-slate-500"
          />
          <p className="text-xs text-slate-600 tabular-nums dark:text-slate-400">
            <time dateTime={item.at}>{formatInstant(item.at, { seconds: false })}</time>
          </p>
          {item.kind === "seen" ? (
            <p className="font-medium">First detected</p>
          ) : item.kind === "comment" ? (
            <div>
              <p className="font-medium">{item.comment.author} commented</p>
              <p className="mt-1 whitespace-pre-wrap break-words rounded-md bg-slate-100 px-3 py-2 dark:bg-slate-800">
                {item.comment.body}
              </p>
            </div>
          ) : (
            <div>
              <p className="font-medium">
                {systemActions[item.entry.action] ?? item.entry.action}
                <span className="font-normal text-slate-600 dark:text-slate-400"> · {item.entry.actor}</span>
              </p>
              <ul className="mt-0.5 text-xs text-slate-700 dark:text-slate-300">
                {changes(item.entry).map((c) => (
                  <li key={c.field}>
                    {c.field}: {c.from} → {c.to}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
