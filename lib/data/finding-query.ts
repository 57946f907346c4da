// The findings queue's filters and sortable columns as Prisma terms, shared by the page, the API,
// the count and the CSV export, so all of them show the same findings in the same order.
import "server-only";
import type { Db } from "../db";
import { SEVERITIES } from "../rules/severity";
import { ACTIVE_FINDING_STATUSES } from "../schemas/finding";
import { UNASSIGNED, type FindingFilters, type FindingSortKey } from "../url-state/findings";
import { containsText, hasLikeWildcards, isPostgres } from "./db-dialect";
import type { KeysetColumn } from "./keyset";

const DAY_MS = 86_400_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Beyond this many exact matches, SQLite's wider LIKE match is used as it is (bound-parameter limit). */
const MAX_ID_LIST = 30_000;

export const FINDING_KEYSET_COLUMNS: Readonly<Record<FindingSortKey, KeysetColumn>> = {
  // Enumerated in ascending order of gravity, so "desc" lists critical first on both databases.
  severity: { kind: "enum", field: "severity", values: [...SEVERITIES].reverse() },
  due: { kind: "date", field: "dueDate", nullable: true },
  lastSeen: { kind: "date", field: "lastSeenAt" },
  subject: { kind: "string", field: "subjectName" },
  rule: { kind: "string", field: "ruleId" },
};

export type FindingWhereFilters = Omit<FindingFilters, "sort" | "dir" | "cursor">;

/** A case-insensitive substring match on the title or the subject's name, LIKE wildcards taken literally. */
async function textMatch(db: Db, base: Record<string, unknown>, q: string): Promise<Record<string, unknown>> {
  const like = { OR: [{ title: containsText(db, q) }, { subjectName: containsText(db, q) }] };
  if (isPostgres(db) || !hasLikeWildcards(q)) return like;
  // SQLite cannot escape LIKE wildcards through Prisma: narrow with LIKE, then keep exact matches.
  const candidates = await db.finding.findMany({
    where: { AND: [base, like] },
    select: { id: true, title: true, subjectName: true },
  });
  const needle = q.toLowerCase();
  const ids = candidates
    .filter((c) => c.title.toLowerCase().includes(needle) || c.subjectName.toLowerCase().includes(needle))
    .map((c) => c.id);
  return ids.length <= MAX_ID_LIST ? { id: { in: ids } } : like;
}

/**
 * The Prisma `where` for a tenant's findings under these filters. The search box takes a finding or
 * subject object id, or a fragment of the title or the subject's name. `now` decides overdue and
 * due-soon.
 */
export async function findingWhere(
  db: Db,
  tenantId: string,
  filters: FindingWhereFilters,
  now: Date,
): Promise<Record<string, unknown>> {
  const base = {
    tenantId,
    status: { in: filters.status && filters.status.length > 0 ? filters.status : [...ACTIVE_FINDING_STATUSES] },
  };
  const and: Record<string, unknown>[] = [base];
  const q = filters.q?.trim();
  if (q) {
    if (GUID.test(q)) {
      const id = q.toLowerCase();
      and.push({ OR: [{ id }, { subjectId: id }] });
    } else {
      and.push(await textMatch(db, base, q));
    }
  }
  if (filters.severity?.length) and.push({ severity: { in: filters.severity } });
  if (filters.rule?.length) and.push({ ruleId: { in: filters.rule } });
  if (filters.subscription) and.push({ subscriptionId: filters.subscription });
  if (filters.subject) and.push({ subjectId: filters.subject });
  if (filters.owner === UNASSIGNED) and.push({ ownerId: null });
  else if (filters.owner) {
    const owner = await db.owner.findFirst({
      // UPNs compare case-insensitively in Entra; SQLite's = does not, so try the lower-cased form too.
      where: isPostgres(db)
        ? { tenantId, upn: { equals: filters.owner, mode: "insensitive" } as { equals: string } }
        : { tenantId, upn: { in: [filters.owner, filters.owner.toLowerCase()] } },
      select: { id: true },
    });
    // An owner nobody has: no finding can match, and the query must still say so.
    and.push(owner ? { ownerId: owner.id } : { id: { in: [] } });
  }
  switch (filters.due) {
    case "overdue":
      and.push({ dueDate: { lt: now } });
      break;
    case "7d":
    case "30d":
      and.push({ dueDate: { gte: now, lt: new Date(now.getTime() + (filters.due === "7d" ? 7 : 30) * DAY_MS) } });
      break;
    case "none":
      and.push({ dueDate: null });
      break;
  }
  return and.length === 1 ? and[0]! : { AND: and };
}
