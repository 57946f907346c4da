// One page of migration candidates: filtered, sorted (highest score first) and keyset-paged in the database.
import "server-only";
import { getDb, type Db } from "../db";
import type { CandidateListItem, CandidateListPage } from "../schemas/candidate";
import { resolveCandidateSort, type CandidateFilters } from "../url-state/candidates";
import { CANDIDATE_KEYSET_COLUMNS, candidateWhere } from "./candidate-query";
import { keysetSort, readKeysetPage } from "./keyset";
import { parseStringArray } from "./parse-json-column";

export const CANDIDATE_PAGE_SIZE = 50;
export const CANDIDATE_MAX_PAGE_SIZE = 200;
const TOP_REASONS = 2;

// The plan is the bulk of a row; a list page never reads it.
const LIST_SELECT = {
  id: true,
  appId: true,
  displayName: true,
  principalKind: true,
  credentialSummary: true,
  score: true,
  recommendedTarget: true,
  reasons: true,
  computedAt: true,
} as const;

export async function listCandidates(
  tenantId: string,
  filters: CandidateFilters,
  options: { db?: Db; take?: number } = {},
): Promise<CandidateListPage> {
  const db = options.db ?? getDb();
  const take = Math.min(Math.max(1, Math.trunc(options.take ?? CANDIDATE_PAGE_SIZE)), CANDIDATE_MAX_PAGE_SIZE);
  const { sort: key, dir } = resolveCandidateSort(filters);
  const sort = keysetSort(CANDIDATE_KEYSET_COLUMNS, key, dir);
  const where = await candidateWhere(db, tenantId, filters);
  const page = await readKeysetPage({
    sort,
    cursor: filters.cursor,
    take,
    fetch: (segment, n) =>
      db.migrationCandidate.findMany({
        where: { AND: [where, segment.where] },
        orderBy: segment.orderBy,
        take: n,
        select: LIST_SELECT,
      }),
  });
  const items: CandidateListItem[] = page.items.map((c) => {
    const reasons = parseStringArray(c.reasons);
    return {
      id: c.id,
      appId: c.appId,
      displayName: c.displayName,
      principalKind: c.principalKind === "User" ? "User" : "Application",
      credentialSummary: c.credentialSummary,
      score: c.score,
      recommendedTarget: c.recommendedTarget,
      topReasons: reasons.slice(0, TOP_REASONS),
      reasonCount: reasons.length,
      computedAt: c.computedAt.toISOString(),
    };
  });
  return { items, nextCursor: page.nextCursor, prevCursor: page.prevCursor };
}
