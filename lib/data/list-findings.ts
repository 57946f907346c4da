// One page of the findings queue: filtered, sorted and keyset-paged in the database.
import "server-only";
import { getDb, type Db } from "../db";
import type { FindingListPage } from "../schemas/finding";
import { resolveFindingSort, type FindingFilters } from "../url-state/findings";
import { FINDING_KEYSET_COLUMNS, findingWhere } from "./finding-query";
import { keysetSort, readKeysetPage } from "./keyset";
import { toFindingListItem } from "./to-finding-list-item";

export const FINDING_PAGE_SIZE = 50;
export const FINDING_MAX_PAGE_SIZE = 200;

// Evidence is the bulk of a finding row (kilobytes each); a list page never reads it.
const LIST_SELECT = {
  id: true,
  ruleId: true,
  severity: true,
  status: true,
  subjectId: true,
  subjectName: true,
  subjectKind: true,
  subscriptionId: true,
  title: true,
  dueDate: true,
  firstSeenAt: true,
  lastSeenAt: true,
  ownerId: true,
} as const;

export async function listFindings(
  tenantId: string,
  filters: FindingFilters,
  options: { db?: Db; take?: number; now?: Date } = {},
): Promise<FindingListPage> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const take = Math.min(Math.max(1, Math.trunc(options.take ?? FINDING_PAGE_SIZE)), FINDING_MAX_PAGE_SIZE);
  const { sort: key, dir } = resolveFindingSort(filters);
  const sort = keysetSort(FINDING_KEYSET_COLUMNS, key, dir);
  const where = await findingWhere(db, tenantId, filters, now);
  const page = await readKeysetPage({
    sort,
    cursor: filters.cursor,
    take,
    fetch: (segment, n) =>
      db.finding.findMany({ where: { AND: [where, segment.where] }, orderBy: segment.orderBy, take: n, select: LIST_SELECT }),
  });
  // Owners are resolved once for the page, not per segment the page read.
  const ownerIds = [...new Set(page.items.map((r) => r.ownerId).filter((id): id is string => id !== null))];
  const [owners, tenant] = await Promise.all([
    ownerIds.length === 0
      ? []
      : db.owner.findMany({ where: { id: { in: ownerIds } }, select: { id: true, upn: true } }),
    db.tenant.findUnique({ where: { id: tenantId }, select: { findingsEvaluatedAt: true } }),
  ]);
  const ownerById = new Map(owners.map((o) => [o.id, o]));
  const evaluatedAt = tenant?.findingsEvaluatedAt ?? null;
  return {
    items: page.items.map((row) =>
      toFindingListItem({ ...row, owner: row.ownerId ? ownerById.get(row.ownerId) : null }, now, evaluatedAt),
    ),
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
  };
}
