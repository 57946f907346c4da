// The migration candidates list's URL state: shared by the page, GET /api/candidates, its count and
// CSV export, and the client query.
import { z } from "zod";
import { CANDIDATE_KINDS, CANDIDATE_TARGETS } from "../schemas/candidate";
import { urlCursor, urlEnum, urlSortDirection, urlText } from "./fields";

export const CANDIDATE_SORT_KEYS = ["score", "name", "target", "kind"] as const;
export type CandidateSortKey = (typeof CANDIDATE_SORT_KEYS)[number];

export const candidateFiltersSchema = z.object({
  q: urlText(200),
  target: urlEnum(CANDIDATE_TARGETS),
  kind: urlEnum(CANDIDATE_KINDS),
  minScore: z.coerce
    .number({ error: "must be a number from 0 to 100" })
    .int("must be a whole number")
    .min(0, "must be at least 0")
    .max(100, "must be at most 100")
    .optional(),
  sort: urlEnum(CANDIDATE_SORT_KEYS),
  dir: urlSortDirection(),
  cursor: urlCursor(),
});

export type CandidateFilters = z.output<typeof candidateFiltersSchema>;

/** Highest score first: the candidates most worth moving. */
export const CANDIDATE_SORT_FIRST_DIRECTION: Record<CandidateSortKey, "asc" | "desc"> = {
  score: "desc",
  name: "asc",
  target: "asc",
  kind: "asc",
};

export function resolveCandidateSort(filters: Pick<CandidateFilters, "sort" | "dir">): {
  sort: CandidateSortKey;
  dir: "asc" | "desc";
} {
  const sort = filters.sort ?? "score";
  return { sort, dir: filters.dir ?? CANDIDATE_SORT_FIRST_DIRECTION[sort] };
}

export const CLEARED_CANDIDATE_FILTERS: Partial<CandidateFilters> = {
  q: undefined,
  target: undefined,
  kind: undefined,
  minScore: undefined,
};
