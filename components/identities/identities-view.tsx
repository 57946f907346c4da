"use client";
// The identities inventory: filter bar, table and paging, all driven by the URL. The server renders
// the first page (initial) so the list is there before any script runs; later pages come from
// GET /api/identities through TanStack Query.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { DataTable, type DataTableColumn } from "@/components/data-table/data-table";
import { formatDay, formatNumber } from "@/components/ui/format";
import { ApiError } from "@/lib/queries/api-fetch";
import { identitiesQueryOptions, identityCountQueryOptions, identityQueryString } from "@/lib/queries/identities";
import type { IdentityFilterOptions, IdentityListItem, IdentityListPage } from "@/lib/schemas/identity";
import {
  IDENTITY_DEFAULT_PAGE_SIZE,
  IDENTITY_PAGE_SIZES,
  IDENTITY_SORT_FIRST_DIRECTION,
  identityFiltersSchema,
  resolveIdentitySort,
  type IdentityFilters,
  type IdentitySortKey,
} from "@/lib/url-state/identities";
import { useUrlState } from "@/lib/url-state/use-url-state";
import { IdentityFiltersBar } from "./identity-filters";
import { kindLabel } from "./kind-label";
import { PrivilegeBadge } from "./privilege-badge";

const RESETS = ["cursor"] as const;
const NOUN = { one: "identity", many: "identities" };

const count = (n: number) =>
  n === 0 ? <span className="text-slate-500 dark:text-slate-400">0</span> : formatNumber(n);

function column(
  id: IdentitySortKey,
  header: string,
  cell: (row: IdentityListItem) => ReactNode,
  extra: Partial<DataTableColumn<IdentityListItem>> = {},
): DataTableColumn<IdentityListItem> {
  return { id, header, cell, sortable: true, firstDirection: IDENTITY_SORT_FIRST_DIRECTION[id], ...extra };
}

const COLUMNS: DataTableColumn<IdentityListItem>[] = [
  column(
    "name",
    "Name",
    (r) => (
      <span className="flex min-w-48 flex-col">
        <Link
          href={`/identities/${encodeURIComponent(r.id)}`}
          className="font-medium text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-300"
        >
          {r.displayName}
        </Link>
        {!r.accountEnabled ? <span className="text-xs text-slate-600 dark:text-slate-400">Disabled</span> : null}
      </span>
    ),
    { rowHeader: true },
  ),
  column("kind", "Kind", (r) => kindLabel[r.kind], { className: "whitespace-nowrap" }),
  column("privilege", "Risk", (r) => <PrivilegeBadge level={r.privilege} />),
  column(
    "findings",
    "Open findings",
    (r) =>
      r.openFindingCount > 0 ? (
        <Link
          href={`/findings?subject=${encodeURIComponent(r.id)}`}
          aria-label={`${r.openFindingCount} open findings for ${r.displayName}`}
          className="text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300"
        >
          {formatNumber(r.openFindingCount)}
        </Link>
      ) : (
        count(0)
      ),
    { align: "end" },
  ),
  column("azureRoles", "Azure roles", (r) => count(r.azureRoleCount), { align: "end" }),
  column("directoryRoles", "Directory roles", (r) => count(r.directoryRoleCount), { align: "end" }),
  column("appRoles", "App permissions", (r) => count(r.appRoleCount), { align: "end" }),
  column("groups", "Groups", (r) => count(r.groupCount), { align: "end" }),
  column("attached", "Attached to", (r) => (r.kind === "UserAssigned" ? count(r.attachedResourceCount) : "host"), {
    align: "end",
  }),
  column("orphaned", "Orphaned", (r) => (r.isOrphaned ? <strong className="font-semibold">Orphaned</strong> : "No")),
  column("subscription", "Subscription", (r) => r.subscriptionName ?? r.subscriptionId ?? "—", {
    className: "whitespace-nowrap",
  }),
  column("resourceGroup", "Resource group", (r) => r.resourceGroup ?? "—", { className: "whitespace-nowrap" }),
  column("resourceType", "Resource type", (r) => r.resourceType ?? "—", { className: "whitespace-nowrap" }),
  column("firstSeen", "First seen", (r) => formatDay(r.firstSeenAt), { className: "whitespace-nowrap" }),
  column("lastSignIn", "Last sign-in", (r) => formatDay(r.lastSignInAt), { className: "whitespace-nowrap" }),
];

export interface IdentitiesInitial {
  /** The query string the server rendered for; its page seeds the cache only for that view. */
  query: string;
  page: IdentityListPage | null;
}

export function IdentitiesView({ options, initial }: { options: IdentityFilterOptions; initial: IdentitiesInitial }) {
  const { state, issues, update, hrefFor, cleanHref } = useUrlState(identityFiltersSchema, { resets: RESETS });
  const query = identityQueryString(state);
  const list = useQuery({
    ...identitiesQueryOptions(state),
    initialData: query === initial.query && initial.page ? initial.page : undefined,
  });
  const total = useQuery(identityCountQueryOptions(state));
  const { sort, dir } = resolveIdentitySort(state);
  const { cursor: _cursor, limit: _limit, ...view } = state;
  const badCursor = list.error instanceof ApiError && list.error.status === 422;

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
      <IdentityFiltersBar state={state} options={options} update={update} clearHref={hrefFor(CLEARED)} />
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700 dark:text-slate-300" aria-live="polite">
          {total.data
            ? `${formatNumber(total.data.total)} ${total.data.total === 1 ? "identity" : "identities"} match`
            : "\u00a0"}
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
            Rows per page
            <select
              value={String(state.limit ?? IDENTITY_DEFAULT_PAGE_SIZE)}
              onChange={(event) => update({ limit: Number(event.currentTarget.value) })}
              className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
            >
              {IDENTITY_PAGE_SIZES.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </label>
          <a
            href={`/api/identities/export?${identityQueryString(view)}`}
            download
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
          >
            Export CSV
          </a>
        </div>
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
        caption="Managed identities"
        captionHidden
        columns={COLUMNS}
        rows={list.data?.items}
        rowKey={(r) => r.id}
        // A refused cursor is explained above with a way back; the table then simply has no rows.
        status={list.isPending && !badCursor ? "loading" : list.isError && !list.data && !badCursor ? "error" : "ready"}
        error={{ message: list.error?.message, onRetry: () => void list.refetch() }}
        refreshing={list.isPlaceholderData}
        sort={{ column: sort, direction: dir }}
        onSortChange={(s) => update({ sort: s.column as IdentitySortKey, dir: s.direction })}
        paging={{
          prevCursor: list.data?.prevCursor ?? null,
          nextCursor: list.data?.nextCursor ?? null,
          hrefForCursor: (cursor) => hrefFor({ cursor }),
        }}
        empty={
          badCursor ? (
            "No rows to show for this paging position."
          ) : (
            <>
              No managed identity matches these filters.{" "}
              <Link href={hrefFor(CLEARED)} replace className="font-medium text-blue-800 underline dark:text-blue-300">
                Clear filters
              </Link>
            </>
          )
        }
        noun={NOUN}
      />
    </>
  );
}

/** Every filter off; the sort stays as chosen. */
const CLEARED: Partial<IdentityFilters> = {
  q: undefined,
  kind: undefined,
  subscription: undefined,
  resourceGroup: undefined,
  resourceType: undefined,
  orphaned: undefined,
  privilege: undefined,
  findings: undefined,
};
