"use client";
// One accessible table for every server-paged list (identities, findings, candidates).
//
//   <DataTable
//     caption="Managed identities"
//     columns={[{ id: "name", header: "Name", cell: (r) => <Link …>{r.displayName}</Link>, sortable: true, rowHeader: true }, …]}
//     rows={query.data?.items} rowKey={(r) => r.id}
//     status={query.isPending ? "loading" : query.isError ? "error" : "ready"}
//     error={{ message: query.error?.message, onRetry: () => query.refetch() }}
//     refreshing={query.isPlaceholderData}
//     sort={{ column: state.sort, direction: state.dir }} onSortChange={(s) => update({ sort: s.column, dir: s.direction })}
//     paging={{ prevCursor, nextCursor, hrefForCursor: (cursor) => hrefFor({ cursor }) }}
//     selection={{ selected, onChange: setSelected, rowLabel: (r) => r.displayName }}   // optional
//     empty={<p>No identity matches these filters.</p>}
//   />
//
// Sorting, paging and filtering happen on the server; the table only renders a page and reports
// what the user asked for. Headers are buttons (keyboard) with aria-sort; paging links keep the
// view in the URL; the selection column supports select-all-on-page and shift-click/Space ranges
// and announces its count. The scroll region holds the horizontal overflow at narrow widths, so
// the page never scrolls sideways, and keeps the header row in view.
import Link from "next/link";
import { useId, useRef, type ReactNode } from "react";

export type SortDirection = "asc" | "desc";

export interface DataTableSort {
  column: string;
  direction: SortDirection;
}

export interface DataTableColumn<Row> {
  /** Unique; for a sortable column also the sort key sent back through onSortChange. */
  id: string;
  header: string;
  cell: (row: Row) => ReactNode;
  sortable?: boolean;
  /** The direction a first click sorts in (default: ascending). */
  firstDirection?: SortDirection;
  /** Numbers align to the end so digits line up. */
  align?: "start" | "end";
  /** The cell that names the row is a row header (<th scope="row">) for screen readers. */
  rowHeader?: boolean;
  /** Extra classes for this column's cells (widths, wrapping). */
  className?: string;
}

export interface DataTableSelection<Row> {
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  /** Names the row in its checkbox label ("Select <name>"). */
  rowLabel: (row: Row) => string;
}

export interface DataTablePaging {
  prevCursor: string | null;
  nextCursor: string | null;
  hrefForCursor: (cursor: string) => string;
  /** Shown beside the buttons, e.g. "1,234 identities". */
  summary?: ReactNode;
}

export interface DataTableProps<Row> {
  caption: string;
  /** Keep the caption for screen readers only when a visible heading already says it. */
  captionHidden?: boolean;
  columns: readonly DataTableColumn<Row>[];
  rows: readonly Row[] | undefined;
  rowKey: (row: Row) => string;
  status: "loading" | "error" | "ready";
  error?: { message?: string; onRetry?: () => void };
  /** true while a new page or sort loads over the rows still shown. */
  refreshing?: boolean;
  empty?: ReactNode;
  sort?: DataTableSort;
  onSortChange?: (sort: DataTableSort) => void;
  paging?: DataTablePaging;
  selection?: DataTableSelection<Row>;
  /** What to call n rows in announcements ("identities"). */
  noun?: { one: string; many: string };
}

const SKELETON_ROWS = 6;

function ariaSort(sort: DataTableSort | undefined, column: string) {
  if (!sort || sort.column !== column) return undefined;
  return sort.direction === "asc" ? "ascending" : "descending";
}

function SortIcon({ direction }: { direction: SortDirection | null }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 10 14" className="h-3.5 w-2.5 shrink-0">
      <path d="M5 1 9 5H1z" className={direction === "asc" ? "fill-current" : "fill-current opacity-25"} />
      <path d="M5 13 1 9h8z" className={direction === "desc" ? "fill-current" : "fill-current opacity-25"} />
    </svg>
  );
}

export function DataTable<Row>(props: DataTableProps<Row>) {
  const { caption, captionHidden, columns, rows, rowKey, status, error, refreshing, empty, sort, onSortChange } = props;
  const { paging, selection, noun = { one: "row", many: "rows" } } = props;
  const regionId = useId();
  const anchor = useRef<number | null>(null);
  const pageRows = rows ?? [];
  const width = columns.length + (selection ? 1 : 0);
  const busy = status === "loading" || refreshing === true;

  const pageKeys = pageRows.map(rowKey);
  const selectedOnPage = selection ? pageKeys.filter((k) => selection.selected.has(k)).length : 0;
  const allOnPage = pageKeys.length > 0 && selectedOnPage === pageKeys.length;

  const toggleAllOnPage = () => {
    if (!selection) return;
    const next = new Set(selection.selected);
    for (const k of pageKeys) {
      if (allOnPage) next.delete(k);
      else next.add(k);
    }
    selection.onChange(next);
  };

  // Shift-click (or Shift+Space) sets every row from the last one toggled to this one alike.
  const toggleRow = (index: number, shiftKey: boolean) => {
    if (!selection) return;
    const key = pageKeys[index]!;
    const checked = !selection.selected.has(key);
    const next = new Set(selection.selected);
    const from = shiftKey && anchor.current !== null ? Math.min(anchor.current, index) : index;
    const to = shiftKey && anchor.current !== null ? Math.max(anchor.current, index) : index;
    for (let i = from; i <= to; i += 1) {
      const k = pageKeys[i];
      if (k === undefined) continue;
      if (checked) next.add(k);
      else next.delete(k);
    }
    anchor.current = index;
    selection.onChange(next);
  };

  const count = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? noun.one : noun.many}`;
  const announcement =
    status === "loading"
      ? `Loading ${noun.many}…`
      : status === "error"
        ? ""
        : `${count(pageRows.length)} on this page${
            selection && selection.selected.size > 0
              ? `, ${selection.selected.size.toLocaleString("en-US")} selected`
              : ""
          }`;

  return (
    <div className="min-w-0 [contain:inline-size]">
      {status === "error" ? (
        <div
          role="alert"
          className="mb-3 flex flex-wrap items-center gap-3 rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          <span>
            Could not load {noun.many}: {error?.message ?? "the server did not answer."}
          </span>
          {error?.onRetry ? (
            <button
              type="button"
              onClick={error.onRetry}
              className="rounded-md border border-red-400 px-3 py-1 font-medium hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-red-700 dark:hover:bg-red-900"
            >
              Retry
            </button>
          ) : null}
        </div>
      ) : null}
      <div
        role="region"
        aria-labelledby={`${regionId}-caption`}
        tabIndex={0}
        className="max-h-[70vh] overflow-auto rounded-lg border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-800 dark:bg-slate-900"
      >
        <table
          aria-busy={busy || undefined}
          className={`w-full border-separate border-spacing-0 text-left text-sm ${refreshing ? "opacity-60 transition-opacity" : ""}`}
        >
          <caption
            id={`${regionId}-caption`}
            className={
              captionHidden
                ? "sr-only"
                : "px-4 pt-3 pb-2 text-left text-sm font-medium text-slate-700 dark:text-slate-300"
            }
          >
            {caption}
          </caption>
          <thead>
            <tr>
              {selection ? (
                <th
                  scope="col"
                  className="sticky top-0 z-10 w-10 border-b border-slate-200 bg-slate-50 px-3 py-2 dark:border-slate-800 dark:bg-slate-800"
                >
                  <input
                    type="checkbox"
                    aria-label="Select all on this page"
                    checked={allOnPage}
                    ref={(el) => {
                      if (el) el.indeterminate = selectedOnPage > 0 && !allOnPage;
                    }}
                    disabled={pageKeys.length === 0}
                    onChange={toggleAllOnPage}
                    className="h-4 w-4 accent-blue-700"
                  />
                </th>
              ) : null}
              {columns.map((column) => {
                const active = sort?.column === column.id ? sort.direction : null;
                return (
                  <th
                    key={column.id}
                    scope="col"
                    aria-sort={column.sortable ? ariaSort(sort, column.id) : undefined}
                    className={`sticky top-0 z-10 whitespace-nowrap border-b border-slate-200 bg-slate-50 px-3 py-2 font-semibold text-slate-700 dark:border-slate-800 dark:bg-slate-800 dark:text-slate-200 ${
                      column.align === "end" ? "text-right" : ""
                    }`}
                  >
                    {column.sortable && onSortChange ? (
                      <button
                        type="button"
                        onClick={() =>
                          onSortChange({
                            column: column.id,
                            direction: active ? (active === "asc" ? "desc" : "asc") : (column.firstDirection ?? "asc"),
                          })
                        }
                        className={`inline-flex items-center gap-1.5 rounded px-1 py-0.5 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:hover:bg-slate-700 ${
                          column.align === "end" ? "flex-row-reverse" : ""
                        }`}
                      >
                        {column.header}
                        <SortIcon direction={active} />
                      </button>
                    ) : (
                      column.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {status === "loading" && pageRows.length === 0
              ? Array.from({ length: SKELETON_ROWS }, (_, i) => (
                  <tr key={`skeleton-${i}`} aria-hidden="true">
                    {Array.from({ length: width }, (__, j) => (
                      <td key={j} className="border-b border-slate-100 px-3 py-3 dark:border-slate-800">
                        <span className="block h-3 w-full max-w-40 animate-pulse rounded bg-slate-200 dark:bg-slate-700" />
                      </td>
                    ))}
                  </tr>
                ))
              : null}
            {status === "ready" && pageRows.length === 0 ? (
              <tr>
                <td colSpan={width} className="px-4 py-10 text-left text-sm text-slate-600 dark:text-slate-400">
                  {empty ?? `No ${noun.many}.`}
                </td>
              </tr>
            ) : null}
            {pageRows.map((row, index) => {
              const key = pageKeys[index]!;
              const checked = selection?.selected.has(key) ?? false;
              return (
                <tr
                  key={key}
                  className={
                    checked ? "bg-blue-50 dark:bg-blue-950/60" : "hover:bg-slate-50 dark:hover:bg-slate-800/60"
                  }
                >
                  {selection ? (
                    <td className="border-b border-slate-100 px-3 py-2 dark:border-slate-800">
                      <input
                        type="checkbox"
                        aria-label={`Select ${selection.rowLabel(row)}`}
                        checked={checked}
                        onChange={() => undefined}
                        onClick={(event) => toggleRow(index, event.shiftKey)}
                        className="h-4 w-4 accent-blue-700"
                      />
                    </td>
                  ) : null}
                  {columns.map((column) => {
                    const className = `border-b border-slate-100 px-3 py-2 align-top dark:border-slate-800 ${
                      column.align === "end" ? "text-right tabular-nums" : ""
                    } ${column.className ?? ""}`;
                    return column.rowHeader ? (
                      <th key={column.id} scope="row" className={`font-normal ${className}`}>
                        {column.cell(row)}
                      </th>
                    ) : (
                      <td key={column.id} className={className}>
                        {column.cell(row)}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm">
        <p aria-live="polite" className="text-slate-600 dark:text-slate-400">
          {announcement}
          {paging?.summary ? <span> · {paging.summary}</span> : null}
        </p>
        <div className="flex items-center gap-3">
          {selection && selection.selected.size > 0 ? (
            <button
              type="button"
              onClick={() => selection.onChange(new Set())}
              className="rounded-md px-2 py-1 text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-300"
            >
              Clear selection
            </button>
          ) : null}
          {paging ? (
            <nav aria-label={`${caption} pages`} className="flex gap-2">
              <PageLink cursor={paging.prevCursor} hrefForCursor={paging.hrefForCursor} label="Previous" rel="prev" />
              <PageLink cursor={paging.nextCursor} hrefForCursor={paging.hrefForCursor} label="Next" rel="next" />
            </nav>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function PageLink({
  cursor,
  hrefForCursor,
  label,
  rel,
}: {
  cursor: string | null;
  hrefForCursor: (cursor: string) => string;
  label: string;
  rel: "prev" | "next";
}) {
  const className =
    "inline-flex items-center rounded-md border px-3 py-1.5 font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";
  if (cursor === null) {
    return (
      <span
        aria-disabled="true"
        className={`${className} cursor-not-allowed border-slate-200 bg-slate-100 text-slate-500 dark:border-slate-800 dark:bg-slate-800/50 dark:text-slate-400`}
      >
        <PageLabel label={label} rel={rel} />
      </span>
    );
  }
  return (
    <Link
      href={hrefForCursor(cursor)}
      replace
      scroll={false}
      rel={rel}
      className={`${className} border-slate-300 bg-white text-slate-800 hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`}
    >
      <PageLabel label={label} rel={rel} />
    </Link>
  );
}

function PageLabel({ label, rel }: { label: string; rel: "prev" | "next" }) {
  return (
    <>
      {rel === "prev" ? <span aria-hidden="true">←&nbsp;</span> : null}
      {label}
      {rel === "next" ? <span aria-hidden="true">&nbsp;→</span> : null}
    </>
  );
}
