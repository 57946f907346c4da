// The findings queue's URL state (the fixed URL contract of the dashboard): shared by the page,
// GET /api/findings, its count and CSV export, and the client query, so a shared link (or a link from
// the overview) shows the same view. No `status` means the active queue: open and in progress.
import { z } from "zod";
import { RULE_IDS } from "../rules/rule";
import { SEVERITIES } from "../rules/severity";
import { FINDING_STATUSES } from "../schemas/finding";
import { urlCursor, urlEnum, urlEnumList, urlGuid, urlSortDirection, urlText } from "./fields";

export const FINDING_DUE_FILTERS = ["overdue", "7d", "30d", "none"] as const;
export type FindingDueFilter = (typeof FINDING_DUE_FILTERS)[number];

// Each sort has its (tenantId, column, id) index (prisma/schema.prisma), so every page is one seek.
export const FINDING_SORT_KEYS = ["severity", "due", "lastSeen", "subject", "rule"] as const;
export type FindingSortKey = (typeof FINDING_SORT_KEYS)[number];

export const UNASSIGNED = "unassigned";

export const findingFiltersSchema = z.object({
  q: urlText(200),
  severity: urlEnumList(SEVERITIES),
  rule: urlEnumList(RULE_IDS),
  status: urlEnumList(FINDING_STATUSES),
  // A UPN (Entra allows up to 113 characters before the @ and a domain after it), or "unassigned".
  owner: z
    .string()
    .trim()
    .max(320, "must be at most 320 characters")
    .regex(/^(unassigned|[^\s@,]+@[^\s@,]+)$/i, "must be an owner's user principal name or 'unassigned'")
    .transform((v) => (v.toLowerCase() === UNASSIGNED ? UNASSIGNED : v))
    .optional(),
  subscription: urlGuid(),
  due: urlEnum(FINDING_DUE_FILTERS),
  subject: urlGuid(),
  sort: urlEnum(FINDING_SORT_KEYS),
  dir: urlSortDirection(),
  cursor: urlCursor(),
});

export type FindingFilters = z.output<typeof findingFiltersSchema>;

/** Worst first: the queue's natural order. */
export const FINDING_DEFAULT_SORT: { sort: FindingSortKey; dir: "asc" | "desc" } = { sort: "severity", dir: "desc" };

/** The direction a column sorts in when first chosen. */
export const FINDING_SORT_FIRST_DIRECTION: Record<FindingSortKey, "asc" | "desc"> = {
  severity: "desc",
  due: "asc",
  lastSeen: "desc",
  subject: "asc",
  rule: "asc",
};

export function resolveFindingSort(filters: Pick<FindingFilters, "sort" | "dir">): {
  sort: FindingSortKey;
  dir: "asc" | "desc";
} {
  if (!filters.sort) return { sort: FINDING_DEFAULT_SORT.sort, dir: filters.dir ?? FINDING_DEFAULT_SORT.dir };
  return { sort: filters.sort, dir: filters.dir ?? FINDING_SORT_FIRST_DIRECTION[filters.sort] };
}

/** Every filter off (the sort stays as chosen). */
export const CLEARED_FINDING_FILTERS: Partial<FindingFilters> = {
  q: undefined,
  severity: undefined,
  rule: undefined,
  status: undefined,
  owner: undefined,
  subscription: undefined,
  due: undefined,
  subject: undefined,
};
