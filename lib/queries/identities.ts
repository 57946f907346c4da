// TanStack Query options for the identities list (CONVENTIONS §7): the key carries the filters, so
// every view in the URL is its own cache entry and paging back is instant.
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { IdentityListPage } from "../schemas/identity";
import { identityFiltersSchema, type IdentityFilters } from "../url-state/identities";
import { toSearchParams } from "../url-state/search-params";
import { ApiError, fetchJson } from "./api-fetch";

/** A refused request (4xx) will be refused again: only server and network failures are retried. */
const retryUnlessRefused = (failures: number, error: Error) =>
  !(error instanceof ApiError && error.status < 500) && failures < 3;

/** The filters as a query string in the URL contract's form (also the export link's). */
export function identityQueryString(filters: Partial<IdentityFilters>): string {
  return toSearchParams(identityFiltersSchema, filters).toString();
}

export const identitiesQueryOptions = (filters: IdentityFilters) =>
  queryOptions({
    queryKey: ["identities", filters],
    queryFn: ({ signal }) => fetchJson<IdentityListPage>(`/api/identities?${identityQueryString(filters)}`, { signal }),
    // Keep the current rows on screen (dimmed) while the next page or sort loads.
    placeholderData: keepPreviousData,
    retry: retryUnlessRefused,
  });

/** The total for a filter set; sort, page size and cursor do not change it, so paging reuses one answer. */
export const identityCountQueryOptions = (filters: IdentityFilters) => {
  const { sort: _sort, dir: _dir, cursor: _cursor, limit: _limit, ...counted } = filters;
  return queryOptions({
    queryKey: ["identities", "count", counted],
    queryFn: ({ signal }) =>
      fetchJson<{ total: number }>(`/api/identities/count?${identityQueryString(counted)}`, { signal }),
    staleTime: 60_000,
    retry: retryUnlessRefused,
  });
};
