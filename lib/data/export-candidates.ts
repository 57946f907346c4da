// Migration candidates as export records (DESIGN.md contract), page by page: every candidate in id
// order (the CLI), or the dashboard's current view with its filters and sort (GET /api/candidates/export).
import "server-only";
import { getDb, type Db } from "../db";
import { resolveCandidateSort, type CandidateFilters } from "../url-state/candidates";
import { CANDIDATE_KEYSET_COLUMNS, candidateWhere } from "./candidate-query";
import { keysetSort, readKeysetPage } from "./keyset";

export const CANDIDATE_EXPORT_FIELDS = [
  "id",
  "appId",
  "displayName",
  "principalKind",
  "credentialSummary",
  "score",
  "recommendedTarget",
  "reasons",
  "computedAt",
] as const;

export interface CandidateExportRecord {
  id: string;
  appId: string | null;
  displayName: string;
  principalKind: "Application" | "User";
  credentialSummary: string;
  score: number;
  recommendedTarget: "SystemAssigned" | "UserAssigned" | "ManagedIdentityAsFederatedCredential";
  reasons: string[];
  computedAt: string;
}

type CandidateRow = Awaited<ReturnType<Db["migrationCandidate"]["findMany"]>>[number];

async function* candidatePages(
  db: Db,
  tenantId: string,
  take: number,
  filters: Omit<CandidateFilters, "cursor"> | undefined,
): AsyncGenerator<CandidateRow[]> {
  if (!filters) {
    let after: string | null = null;
    for (;;) {
      const page: CandidateRow[] = await db.migrationCandidate.findMany({
        where: { tenantId, ...(after === null ? {} : { id: { gt: after } }) },
        orderBy: { id: "asc" },
        take,
      });
      if (page.length > 0) yield page;
      if (page.length < take) return;
      after = page[page.length - 1]!.id;
    }
  }
  const { sort: key, dir } = resolveCandidateSort(filters);
  const sort = keysetSort(CANDIDATE_KEYSET_COLUMNS, key, dir);
  const where = await candidateWhere(db, tenantId, filters);
  let cursor: string | null = null;
  for (;;) {
    const page: Awaited<ReturnType<typeof readKeysetPage<CandidateRow>>> = await readKeysetPage<CandidateRow>({
      sort,
      cursor,
      take,
      fetch: (segment, n) =>
        db.migrationCandidate.findMany({ where: { AND: [where, segment.where] }, orderBy: segment.orderBy, take: n }),
    });
    if (page.items.length > 0) yield page.items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

export async function* exportCandidates(
  tenantId: string,
  options: { db?: Db; pageSize?: number; filters?: Omit<CandidateFilters, "cursor"> } = {},
): AsyncGenerator<CandidateExportRecord> {
  const db = options.db ?? getDb();
  const take = options.pageSize ?? 1000;
  for await (const page of candidatePages(db, tenantId, take, options.filters)) {
    for (const c of page) {
      const reasons = typeof c.reasons === "string" ? (JSON.parse(c.reasons) as unknown) : c.reasons;
      yield {
        id: c.id,
        appId: c.appId,
        displayName: c.displayName,
        principalKind: c.principalKind === "User" ? "User" : "Application",
        credentialSummary: c.credentialSummary,
        score: c.score,
        recommendedTarget: c.recommendedTarget,
        reasons: Array.isArray(reasons) ? reasons.map(String) : [],
        computedAt: c.computedAt.toISOString(),
      };
    }
  }
}
