// The candidates list's filters and sortable columns as Prisma terms, shared by the page, the API,
// the count and the CSV export.
import "server-only";
import type { Db } from "../db";
import { CANDIDATE_KINDS, CANDIDATE_TARGETS } from "../schemas/candidate";
import type { CandidateFilters, CandidateSortKey } from "../url-state/candidates";
import { containsText, hasLikeWildcards, isPostgres } from "./db-dialect";
import type { KeysetColumn } from "./keyset";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const CANDIDATE_KEYSET_COLUMNS: Readonly<Record<CandidateSortKey, KeysetColumn>> = {
  score: { kind: "number", field: "score" },
  name: { kind: "string", field: "displayName" },
  target: { kind: "enum", field: "recommendedTarget", values: CANDIDATE_TARGETS },
  kind: { kind: "enum", field: "principalKind", values: CANDIDATE_KINDS },
};

export type CandidateWhereFilters = Omit<CandidateFilters, "sort" | "dir" | "cursor">;

/** The search box takes an object or app (client) id, or a fragment of the name (wildcards literal). */
export async function candidateWhere(
  db: Db,
  tenantId: string,
  filters: CandidateWhereFilters,
): Promise<Record<string, unknown>> {
  const and: Record<string, unknown>[] = [{ tenantId }];
  const q = filters.q?.trim();
  if (q) {
    if (GUID.test(q)) {
      const id = q.toLowerCase();
      and.push({ OR: [{ id }, { appId: id }] });
    } else if (!isPostgres(db) && hasLikeWildcards(q)) {
      // SQLite cannot escape LIKE wildcards through Prisma: narrow with LIKE, then keep exact matches.
      const rows = await db.migrationCandidate.findMany({
        where: { tenantId, displayName: containsText(db, q) },
        select: { id: true, displayName: true },
      });
      const needle = q.toLowerCase();
      and.push({ id: { in: rows.filter((r) => r.displayName.toLowerCase().includes(needle)).map((r) => r.id) } });
    } else {
      and.push({ displayName: containsText(db, q) });
    }
  }
  if (filters.target) and.push({ recommendedTarget: filters.target });
  if (filters.kind) and.push({ principalKind: filters.kind });
  if (filters.minScore !== undefined) and.push({ score: { gte: filters.minScore } });
  return and.length === 1 ? and[0]! : { AND: and };
}
