// The identities list's URL state (the fixed URL contract of the dashboard): shared by the page,
// GET /api/identities, its CSV export and the client query, so a shared link shows the same view.
import { z } from "zod";
import { urlBoolean, urlCursor, urlEnum, urlGuid, urlSortDirection, urlText } from "./fields";

export const IDENTITY_KINDS = ["SystemAssigned", "UserAssigned"] as const;
/** Highest severity among an identity's open findings (stored as privilegeLevel 0–4). */
export const PRIVILEGE_LEVELS = ["critical", "high", "medium", "low", "none"] as const;
export type PrivilegeLevelName = (typeof PRIVILEGE_LEVELS)[number];

export const IDENTITY_SORT_KEYS = [
  "name",
  "kind",
  "subscription",
  "resourceGroup",
  "resourceType",
  "privilege",
  "findings",
  "azureRoles",
  "directoryRoles",
  "appRoles",
  "groups",
  "attached",
  "orphaned",
  "firstSeen",
  "lastSignIn",
] as const;
export type IdentitySortKey = (typeof IDENTITY_SORT_KEYS)[number];

export const IDENTITY_PAGE_SIZES = ["25", "50", "100", "200"] as const;
export const IDENTITY_DEFAULT_PAGE_SIZE = 50;

export const identityFiltersSchema = z.object({
  q: urlText(200),
  kind: urlEnum(IDENTITY_KINDS),
  subscription: urlGuid(),
  // Resource group names: up to 90 characters (ARM); stored lower-cased.
  resourceGroup: z
    .string()
    .max(90, "must be at most 90 characters")
    .regex(/^[-\w._()]+$/u, "is not a resource group name")
    .transform((v) => v.toLowerCase())
    .optional(),
  resourceType: z
    .string()
    .max(200, "must be at most 200 characters")
    .regex(/^[a-z0-9.]+(\/[a-z0-9]+)+$/i, "must be a provider type such as Microsoft.Compute/virtualMachines")
    .transform((v) => v.toLowerCase())
    .optional(),
  orphaned: urlBoolean(),
  privilege: urlEnum(PRIVILEGE_LEVELS),
  findings: urlEnum(["open", "none"]),
  sort: urlEnum(IDENTITY_SORT_KEYS),
  dir: urlSortDirection(),
  cursor: urlCursor(),
  /** Rows per page (the list's default when absent). */
  limit: z
    .enum(IDENTITY_PAGE_SIZES, { error: `must be one of ${IDENTITY_PAGE_SIZES.join(", ")}` })
    .transform(Number)
    .optional(),
});

export type IdentityFilters = z.output<typeof identityFiltersSchema>;

export const IDENTITY_DEFAULT_SORT: { sort: IdentitySortKey; dir: "asc" | "desc" } = { sort: "name", dir: "asc" };

/** The direction a column sorts in when first chosen: names A→Z, counts and dates biggest/newest first. */
export const IDENTITY_SORT_FIRST_DIRECTION: Record<IdentitySortKey, "asc" | "desc"> = {
  name: "asc",
  kind: "asc",
  subscription: "asc",
  resourceGroup: "asc",
  resourceType: "asc",
  privilege: "desc",
  findings: "desc",
  azureRoles: "desc",
  directoryRoles: "desc",
  appRoles: "desc",
  groups: "desc",
  attached: "desc",
  orphaned: "desc",
  firstSeen: "desc",
  lastSignIn: "desc",
};

/** The sort a list request means: the default, or the chosen column in its given (or first) direction. */
export function resolveIdentitySort(filters: Pick<IdentityFilters, "sort" | "dir">): {
  sort: IdentitySortKey;
  dir: "asc" | "desc";
} {
  if (!filters.sort) return { sort: IDENTITY_DEFAULT_SORT.sort, dir: filters.dir ?? IDENTITY_DEFAULT_SORT.dir };
  return { sort: filters.sort, dir: filters.dir ?? IDENTITY_SORT_FIRST_DIRECTION[filters.sort] };
}
