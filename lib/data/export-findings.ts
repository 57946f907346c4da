// Findings as export records (DESIGN.md contract), page by page so 120k findings are never held in
// one array: every finding of the tenant in id order (the CLI), the dashboard's current view with its
// filters and sort (GET /api/findings/export), or a selection by id (the queue's bulk action).
import "server-only";
import { getDb, type Db } from "../db";
import { lastSeenOf } from "../findings/last-seen";
import { resolveFindingSort, type FindingFilters } from "../url-state/findings";
import { FINDING_KEYSET_COLUMNS, findingWhere } from "./finding-query";
import { keysetSort, readKeysetPage } from "./keyset";

export const FINDING_EXPORT_FIELDS = [
  "id",
  "ruleId",
  "severity",
  "status",
  "subjectId",
  "subjectName",
  "subjectKind",
  "title",
  "evidence",
  "ownerUpn",
  "dueDate",
  "firstSeenAt",
  "lastSeenAt",
  "key",
  "target",
  "subscriptionId",
  "resolvedAt",
  "resolvedReason",
  "acceptedUntil",
] as const;

export interface FindingExportRecord {
  id: string;
  ruleId: string;
  severity: "critical" | "high" | "medium" | "low" | "info";
  status: "open" | "in_progress" | "resolved" | "risk_accepted" | "false_positive";
  subjectId: string;
  subjectName: string;
  subjectKind: string;
  title: string;
  evidence: Record<string, unknown>;
  ownerUpn: string | null;
  dueDate: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  key: string;
  target: string;
  subscriptionId: string | null;
  resolvedAt: string | null;
  resolvedReason: string | null;
  acceptedUntil: string | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

const EXPORT_INCLUDE = { owner: { select: { upn: true } } } as const;
type FindingRow = Awaited<ReturnType<typeof loadById>>[number];

function loadById(db: Db, where: Record<string, unknown>, after: string | null, take: number) {
  return db.finding.findMany({
    where: after === null ? where : { AND: [where, { id: { gt: after } }] },
    orderBy: { id: "asc" },
    take,
    include: EXPORT_INCLUDE,
  });
}

/** The rows to export, page by page, in the order the caller asked for. */
async function* findingPages(
  db: Db,
  tenantId: string,
  take: number,
  options: { filters?: Omit<FindingFilters, "cursor">; ids?: readonly string[]; now?: Date },
): AsyncGenerator<FindingRow[]> {
  if (options.filters) {
    const now = options.now ?? new Date();
    const { sort: key, dir } = resolveFindingSort(options.filters);
    const sort = keysetSort(FINDING_KEYSET_COLUMNS, key, dir);
    const where = await findingWhere(db, tenantId, options.filters, now);
    let cursor: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof readKeysetPage<FindingRow>>> = await readKeysetPage<FindingRow>({
        sort,
        cursor,
        take,
        fetch: (segment, n) =>
          db.finding.findMany({
            where: { AND: [where, segment.where] },
            orderBy: segment.orderBy,
            take: n,
            include: EXPORT_INCLUDE,
          }),
      });
      if (page.items.length > 0) yield page.items;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }
  const where: Record<string, unknown> = options.ids ? { tenantId, id: { in: [...options.ids] } } : { tenantId };
  let after: string | null = null;
  for (;;) {
    const page = await loadById(db, where, after, take);
    if (page.length > 0) yield page;
    if (page.length < take) return;
    after = page[page.length - 1]!.id;
  }
}

export async function* exportFindings(
  tenantId: string,
  options: {
    db?: Db;
    pageSize?: number;
    /** The queue's current view (every page, from the first, in its sort order). */
    filters?: Omit<FindingFilters, "cursor">;
    /** Only these findings (a selection), in id order. */
    ids?: readonly string[];
    now?: Date;
  } = {},
): AsyncGenerator<FindingExportRecord> {
  const db = options.db ?? getDb();
  const take = options.pageSize ?? 1000;
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { findingsEvaluatedAt: true } });
  const evaluatedAt = tenant?.findingsEvaluatedAt ?? null;
  for await (const page of findingPages(db, tenantId, take, options)) {
    for (const f of page) {
      const evidence = typeof f.evidence === "string" ? (JSON.parse(f.evidence) as unknown) : f.evidence;
      yield {
        id: f.id,
        ruleId: f.ruleId,
        severity: f.severity,
        status: f.status,
        subjectId: f.subjectId,
        subjectName: f.subjectName,
        subjectKind: f.subjectKind,
        title: f.title,
        evidence: evidence && typeof evidence === "object" ? (evidence as Record<string, unknown>) : {},
        ownerUpn: f.owner?.upn ?? null,
        dueDate: iso(f.dueDate),
        firstSeenAt: f.firstSeenAt.toISOString(),
        lastSeenAt: lastSeenOf(f.lastSeenAt, evaluatedAt).toISOString(),
        key: f.key,
        target: f.target,
        subscriptionId: f.subscriptionId,
        resolvedAt: iso(f.resolvedAt),
        resolvedReason: f.resolvedReason,
        acceptedUntil: iso(f.acceptedUntil),
      };
    }
  }
}
