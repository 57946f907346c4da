"use client";
// The findings queue: filter bar, bulk actions on a selection, table and paging, all driven by the
// URL. The server renders the first page (initial) so the queue is there before any script runs;
// later pages come from GET /api/findings through TanStack Query.
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { DataTable, type DataTableColumn } from "@/components/data-table/data-table";
import { BulkActionBar } from "@/components/ui/bulk-action-bar";
import { formatDay, formatNumber } from "@/components/ui/format";
import { ApiError } from "@/lib/queries/api-fetch";
import {
  exportFindingSelection,
  findingCountQueryOptions,
  findingQueryString,
  findingsQueryOptions,
} from "@/lib/queries/findings";
import type { RuleId } from "@/lib/rules/rule";
import {
  FINDING_SELECTION_MAX,
  type FindingFilterOptions,
  type FindingListItem,
  type FindingListPage,
} from "@/lib/schemas/finding";
import {
  CLEARED_FINDING_FILTERS,
  FINDING_SORT_FIRST_DIRECTION,
  findingFiltersSchema,
  resolveFindingSort,
  type FindingSortKey,
} from "@/lib/url-state/findings";
import { useUrlState } from "@/lib/url-state/use-url-state";
import { FindingFiltersBar } from "./finding-filters";
import { SeverityBadge } from "./severity-badge";
import { FindingStatusBadge } from "./status-badge";

const RESETS = ["cursor"] as const;
const NOUN = { one: "finding", many: "findings" };
const link =
  "text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-300";
const kindLabel: Record<string, string> = {
  SystemAssigned: "System-assigned",
  UserAssigned: "User-assigned",
  Application: "Application",
  User: "User account",
};

/** "mi-privileged-azure-role" → "privileged azure role": short enough for a column, the title on hover. */
function shortRuleLabel(ruleId: string): string {
  return ruleId.replace(/^(mi|app)-/, "").replace(/-/g, " ");
}

function columns(ruleTitle: ReadonlyMap<string, string>): DataTableColumn<FindingListItem>[] {
  const sortable = (id: FindingSortKey, header: string, cell: (r: FindingListItem) => ReactNode, extra = {}) => ({
    id,
    header,
    cell,
    sortable: true,
    firstDirection: FINDING_SORT_FIRST_DIRECTION[id],
    ...extra,
  });
  return [
    sortable("severity", "Severity", (r) => <SeverityBadge severity={r.severity} />),
    {
      id: "title",
      header: "Finding",
      rowHeader: true,
      className: "min-w-56",
      cell: (r) => (
        // The title column would take the whole width; bounded, the due date and owner stay in view at 1280 px.
        <span className="block max-w-[21rem] [overflow-wrap:anywhere]">
          <Link href={`/findings/${encodeURIComponent(r.id)}`} className={`font-medium ${link}`}>
            {r.title}
          </Link>
        </span>
      ),
    },
    sortable(
      "due",
      "Due",
      (r) =>
        r.dueDate === null ? (
          <span className="text-slate-600 dark:text-slate-400">—</span>
        ) : r.overdue ? (
          <span className="font-semibold text-red-700 dark:text-red-300">
            {formatDay(r.dueDate)}
            <span className="block text-xs font-medium">overdue</span>
          </span>
        ) : (
          formatDay(r.dueDate)
        ),
      { className: "whitespace-nowrap" },
    ),
    { id: "status", header: "Status", cell: (r) => <FindingStatusBadge status={r.status} /> },
    {
      id: "owner",
      header: "Owner",
      className: "break-all",
      cell: (r) => r.ownerUpn ?? <span className="break-normal text-slate-600 dark:text-slate-400">Unassigned</span>,
    },
    sortable("subject", "Subject", (r) => (
      <span className="flex min-w-36 flex-col">
        <span>{r.subjectName}</span>
        <span className="text-xs text-slate-600 dark:text-slate-400">{kindLabel[r.subjectKind] ?? r.subjectKind}</span>
      </span>
    )),
    sortable("rule", "Rule", (r) => (
      <Link
        href={`/rules/${r.ruleId}`}
        className={`block min-w-24 text-xs ${link}`}
        title={ruleTitle.get(r.ruleId) ?? r.ruleId}
      >
        {shortRuleLabel(r.ruleId)}
      </Link>
    )),
    sortable("lastSeen", "Last seen", (r) => formatDay(r.lastSeenAt), { className: "whitespace-nowrap" }),
  ];
}

export interface FindingsInitial {
  /** The query string the server rendered for; its page seeds the cache only for that view. */
  query: string;
  page: FindingListPage | null;
}

function download(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

export function FindingsView({
  options,
  rules,
  initial,
}: {
  options: FindingFilterOptions;
  rules: readonly { id: RuleId; title: string }[];
  initial: FindingsInitial;
}) {
  const { state, issues, update, hrefFor, cleanHref } = useUrlState(findingFiltersSchema, { resets: RESETS });
  const query = findingQueryString(state);
  const list = useQuery({
    ...findingsQueryOptions(state),
    initialData: query === initial.query && initial.page ? initial.page : undefined,
  });
  const total = useQuery(findingCountQueryOptions(state));
  const { sort, dir } = resolveFindingSort(state);
  const { cursor: _cursor, ...view } = state;
  const viewKey = findingQueryString(view);
  const badCursor = list.error instanceof ApiError && list.error.status === 422;
  const ruleTitle = new Map(rules.map((r) => [r.id as string, r.title]));

  // The selection belongs to one view: it survives paging, and a new filter or sort starts afresh.
  const [selection, setSelection] = useState<{ view: string; ids: Set<string> }>({ view: viewKey, ids: new Set() });
  const selected = selection.view === viewKey ? selection.ids : new Set<string>();
  const select = (ids: Set<string>) => {
    setSelection({ view: viewKey, ids });
    setMessage(null);
  };
  const [message, setMessage] = useState<string | null>(null);
  const exportSelection = useMutation({
    mutationFn: () => exportFindingSelection([...selected]),
    onSuccess: ({ blob, filename }) => {
      download(blob, filename);
      setMessage(
        `Exported ${formatNumber(selected.size)} ${selected.size === 1 ? "finding" : "findings"} as ${filename}.`,
      );
    },
    onError: (error) => setMessage(`Export failed: ${error.message}`),
  });
  const copyIds = async () => {
    try {
      await navigator.clipboard.writeText([...selected].join("\n"));
      setMessage(`Copied ${formatNumber(selected.size)} finding ${selected.size === 1 ? "id" : "ids"}.`);
    } catch {
      setMessage("The browser did not allow copying; select the ids from the export instead.");
    }
  };
  const tooMany = selected.size > FINDING_SELECTION_MAX;

  return (
    <>
      {issues.length > 0 ? (
        <div
          role="alert"
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="font-medium">This link has filters that could not be used, so they are ignored:</p>
          <ul className="mt-1 list-disc pl-5">
            {issues.map((issue) => (
              <li key={issue.field}>
                <code>{issue.field}</code> = &ldquo;{issue.received}&rdquo; {issue.message}
              </li>
            ))}
          </ul>
          <Link href={cleanHref} replace className="mt-2 inline-block font-medium underline underline-offset-2">
            Remove them from the address
          </Link>
        </div>
      ) : null}
      <FindingFiltersBar
        state={state}
        options={options}
        update={update}
        clearHref={hrefFor(CLEARED_FINDING_FILTERS)}
        subjectName={state.subject ? (list.data?.items[0]?.subjectName ?? null) : null}
        rules={rules}
      />
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700 dark:text-slate-300" aria-live="polite">
          {total.data
            ? `${formatNumber(total.data.total)} ${total.data.total === 1 ? "finding" : "findings"} match${
                state.status ? "" : " in the active queue (open and in progress)"
              }`
            : "\u00a0"}
        </p>
        <a
          href={`/api/findings/export?${viewKey}`}
          download
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
        >
          Export CSV
        </a>
      </div>
      {selected.size > 0 ? (
        <BulkActionBar
          count={selected.size}
          noun={NOUN}
          onClear={() => select(new Set())}
          message={message}
          actions={[
            {
              id: "export",
              label: "Export selection as CSV",
              onRun: () => exportSelection.mutate(),
              pending: exportSelection.isPending,
              disabled: tooMany,
              hint: tooMany ? `At most ${formatNumber(FINDING_SELECTION_MAX)} at a time` : undefined,
            },
            { id: "copy", label: "Copy ids", onRun: () => void copyIds() },
          ]}
          note="Assigning owners and changing status in bulk arrive with the remediation workflow."
        />
      ) : null}
      {badCursor ? (
        <p role="alert" className="mb-3 text-sm text-red-800 dark:text-red-200">
          {list.error?.message}{" "}
          <Link href={hrefFor({ cursor: undefined })} replace className="font-medium underline underline-offset-2">
            Go to the first page
          </Link>
        </p>
      ) : null}
      <DataTable
        caption="Findings"
        captionHidden
        columns={columns(ruleTitle)}
        rows={list.data?.items}
        rowKey={(r) => r.id}
        status={list.isPending ? "loading" : list.isError && !list.data ? "error" : "ready"}
        error={{ message: list.error?.message, onRetry: badCursor ? undefined : () => void list.refetch() }}
        refreshing={list.isPlaceholderData}
        sort={{ column: sort, direction: dir }}
        onSortChange={(s) => update({ sort: s.column as FindingSortKey, dir: s.direction })}
        paging={{
          prevCursor: list.data?.prevCursor ?? null,
          nextCursor: list.data?.nextCursor ?? null,
          hrefForCursor: (cursor) => hrefFor({ cursor }),
        }}
        selection={{ selected, onChange: select, rowLabel: (r) => r.title }}
        empty={
          <>
            No finding matches these filters.{" "}
            <Link
              href={hrefFor(CLEARED_FINDING_FILTERS)}
              replace
              className="font-medium text-blue-800 underline dark:text-blue-300"
            >
              Clear filters
            </Link>
          </>
        }
        noun={NOUN}
      />
    </>
  );
}
