// TanStack Query options for the migration candidates list (CONVENTIONS §7).
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { CandidateListPage } from "../schemas/candidate";
import { candidateFiltersSchema, type CandidateFilters } from "../url-state/candidates";
import { toSearchParams } from "../url-state/search-params";
import { fetchJson } from "./api-fetch";

export function candidateQueryString(filters: Partial<CandidateFilters>): string {
  return toSearchParams(candidateFiltersSchema, filters).toString();
}

export const candidatesQueryOptions = (filters: CandidateFilters) =>
  queryOptions({
    queryKey: ["candidates", filters],
    queryFn: ({ signal }) =>
      fetchJson<CandidateListPage>(`/api/candidates?${candidateQueryString(filters)}`, { signal }),
    placeholderData: keepPreviousData,
  });

export const candidateCountQueryOptions = (filters: CandidateFilters) => {
  const { sort: _sort, dir: _dir, cursor: _cursor, ...counted } = filters;
  return queryOptions({
    queryKey: ["candidates", "count", counted],
    queryFn: ({ signal }) =>
      fetchJson<{ total: number }>(`/api/candidates/count?${candidateQueryString(counted)}`, { signal }),
    staleTime: 60_000,
  });
};
