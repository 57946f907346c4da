"use client";
// Ranked migration candidates: filters, table and paging, driven by the URL. The server renders the
// first page; later pages come from GET /api/candidates through TanStack Query.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DataTable, type DataTableColumn } from "@/components/data-table/data-table";
import { DeferredInput, SelectField } from "@/components/ui/filter-controls";
import { formatNumber } from "@/components/ui/format";
import { ApiError } from "@/lib/queries/api-fetch";
import { candidateCountQueryOptions, candidateQueryString, candidatesQueryOptions } from "@/lib/queries/candidates";
import { CANDIDATE_TARGETS, type CandidateListItem, type CandidateListPage } from "@/lib/schemas/candidate";
import {
  CANDIDATE_SORT_FIRST_DIRECTION,
  CLEARED_CANDIDATE_FILTERS,
  candidateFiltersSchema,
  resolveCandidateSort,
  type CandidateFilters,
  type CandidateSortKey,
} from "@/lib/url-state/candidates";
import { useUrlState } from "@/lib/url-state/use-url-state";
import { ScoreMeter } from "./score-meter";
import { targetShortLabel } from "./target-label";

const RESETS = ["cursor"] as const;
const NOUN = { one: "candidate", many: "candidates" };
const MIN_SCORES = [90, 75, 50, 25] as const;

const COLUMNS: DataTableColumn<CandidateListItem>[] = [
  {
    id: "score",
    header: "Score",
    sortable: true,
    firstDirection: CANDIDATE_SORT_FIRST_DIRECTION.score,
    cell: (r) => <ScoreMeter score={r.score} />,
  },
  {
    id: "name",
    header: "Name",
    sortable: true,
    firstDirection: CANDIDATE_SORT_FIRST_DIRECTION.name,
    rowHeader: true,
    className: "min-w-48",
    cell: (r) => (
      <Link
        href={`/candidates/${encodeURIComponent(r.id)}`}
        className="font-medium text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-300"
      >
        {r.displayName}
      </Link>
    ),
  },
  {
    id: "kind",
    header: "Kind",
    sortable: true,
    firstDirection: CANDIDATE_SORT_FIRST_DIRECTION.kind,
    cell: (r) => (r.principalKind === "User" ? "User account" : "Application"),
    className: "whitespace-nowrap",
  },
  { id: "credentials", header: "Credentials", cell: (r) => r.credentialSummary, className: "min-w-28" },
  {
    id: "target",
    header: "Move to",
    sortable: true,
    firstDirection: CANDIDATE_SORT_FIRST_DIRECTION.target,
    cell: (r) => targetShortLabel[r.recommendedTarget],
    className: "min-w-32",
  },
  {
    id: "reasons",
    header: "Top reasons",
    className: "min-w-72",
    cell: (r) => (
      <ul className="list-disc space-y-0.5 pl-4 text-xs text-slate-700 dark:text-slate-300">
        {r.topReasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
        {r.reasonCount > r.topReasons.length ? (
          <li className="list-none text-slate-600 dark:text-slate-400">+{r.reasonCount - r.topReasons.length} more</li>
        ) : null}
      </ul>
    ),
  },
];

export function CandidatesView({ initial }: { initial: { query: string; page: CandidateListPage | null } }) {
  const { state, issues, update, hrefFor, cleanHref } = useUrlState(candidateFiltersSchema, { resets: RESETS });
  const query = candidateQueryString(state);
  const list = useQuery({
    ...candidatesQueryOptions(state),
    initialData: query === initial.query && initial.page ? initial.page : undefined,
  });
  const total = useQuery(candidateCountQueryOptions(state));
  const { sort, dir } = resolveCandidateSort(state);
  const { cursor: _cursor, ...view } = state;
  const badCursor = list.error instanceof ApiError && list.error.status === 422;
  const active =
    state.q !== undefined || state.target !== undefined || state.kind !== undefined || state.minScore !== undefined;

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
      <section aria-label="Filters" className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-5">
        <div role="search" className="col-span-2">
          <DeferredInput
            label="Search"
            type="search"
            value={state.q}
            onCommit={(q) => update({ q })}
            placeholder="Name, object id or app (client) id"
          />
        </div>
        <SelectField
          label="Recommended target"
          value={state.target}
          onChange={(target) => update({ target })}
          anyLabel="Any target"
          options={CANDIDATE_TARGETS.map((t) => ({ value: t, label: targetShortLabel[t] }))}
        />
        <SelectField
          label="Kind"
          value={state.kind}
          onChange={(kind) => update({ kind })}
          anyLabel="Apps and accounts"
          options={[
            { value: "Application", label: "Applications" },
            { value: "User", label: "User accounts" },
          ]}
        />
        <div className="flex items-end gap-3">
          <div className="flex-1">
            <SelectField
              label="Minimum score"
              value={state.minScore === undefined ? undefined : String(state.minScore)}
              onChange={(v) => update({ minScore: v === undefined ? undefined : Number(v) })}
              anyLabel="Any score"
              options={MIN_SCORES.map((n) => ({ value: String(n), label: `${n} or more` }))}
            />
          </div>
          {active ? (
            <Link
              href={hrefFor(CLEARED_CANDIDATE_FILTERS)}
              replace
              scroll={false}
              className="rounded-md px-2 py-1.5 text-sm font-medium whitespace-nowrap text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-300"
            >
              Clear filters
            </Link>
          ) : null}
        </div>
      </section>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700 dark:text-slate-300" aria-live="polite">
          {total.data
            ? `${formatNumber(total.data.total)} ${total.data.total === 1 ? "candidate" : "candidates"} match`
            : "\u00a0"}
        </p>
        <a
          href={`/api/candidates/export?${candidateQueryString(view)}`}
          download
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
        >
          Export CSV
        </a>
      </div>
      {badCursor ? (
        <p role="alert" className="mb-3 text-sm text-red-800 dark:text-red-200">
          {list.error?.message}{" "}
          <Link href={hrefFor({ cursor: undefined })} replace className="font-medium underline underline-offset-2">
            Go to the first page
          </Link>
        </p>
      ) : null}
      <DataTable
        caption="Migration candidates, highest score first"
        captionHidden
        columns={COLUMNS}
        rows={list.data?.items}
        rowKey={(r) => r.id}
        status={list.isPending ? "loading" : list.isError && !list.data ? "error" : "ready"}
        error={{ message: list.error?.message, onRetry: badCursor ? undefined : () => void list.refetch() }}
        refreshing={list.isPlaceholderData}
        sort={{ column: sort, direction: dir }}
        onSortChange={(s) => update({ sort: s.column as CandidateSortKey, dir: s.direction })}
        paging={{
          prevCursor: list.data?.prevCursor ?? null,
          nextCursor: list.data?.nextCursor ?? null,
          hrefForCursor: (cursor) => hrefFor({ cursor }),
        }}
        empty={
          active ? (
            <>
              No candidate matches these filters.{" "}
              <Link
                href={hrefFor(CLEARED_CANDIDATE_FILTERS as Partial<CandidateFilters>)}
                replace
                className="font-medium text-blue-800 underline dark:text-blue-300"
              >
                Clear filters
              </Link>
            </>
          ) : (
            "No app or account of this tenant authenticates with a secret or certificate that a managed identity could replace."
          )
        }
        noun={NOUN}
      />
    </>
  );
}
