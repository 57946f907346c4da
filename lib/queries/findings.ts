// TanStack Query options for the findings queue (CONVENTIONS §7): the key carries the filters, so
// every view in the URL is its own cache entry and paging back is instant.
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { FindingListPage } from "../schemas/finding";
import { findingFiltersSchema, type FindingFilters } from "../url-state/findings";
import { toSearchParams } from "../url-state/search-params";
import { ApiError, fetchJson } from "./api-fetch";

/** The filters as a query string in the URL contract's form (also the export link's). */
export function findingQueryString(filters: Partial<FindingFilters>): string {
  return toSearchParams(findingFiltersSchema, filters).toString();
}

export const findingsQueryOptions = (filters: FindingFilters) =>
  queryOptions({
    queryKey: ["findings", filters],
    queryFn: ({ signal }) => fetchJson<FindingListPage>(`/api/findings?${findingQueryString(filters)}`, { signal }),
    // Keep the current rows on screen (dimmed) while the next page or sort loads.
    placeholderData: keepPreviousData,
  });

/** The total for a filter set; sort and cursor do not change it, so paging reuses one answer. */
export const findingCountQueryOptions = (filters: FindingFilters) => {
  const { sort: _sort, dir: _dir, cursor: _cursor, ...counted } = filters;
  return queryOptions({
    queryKey: ["findings", "count", counted],
    queryFn: ({ signal }) =>
      fetchJson<{ total: number }>(`/api/findings/count?${findingQueryString(counted)}`, { signal }),
    staleTime: 60_000,
  });
};

/** The selected findings as a CSV file (POST: a selection can be thousands of ids). */
export async function exportFindingSelection(ids: readonly string[]): Promise<{ blob: Blob; filename: string }> {
  const res = await fetch("/api/findings/export", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/csv" },
    body: JSON.stringify({ ids }),
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(
      res.status,
      body?.error?.code ?? "http_error",
      body?.error?.message ?? `Export failed (${res.status}).`,
    );
  }
  const disposition = res.headers.get("content-disposition") ?? "";
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "findings-selection.csv";
  return { blob: await res.blob(), filename };
}
