// How many migration candidates match the list's filters (asked apart from the page, cached per filter set).
import "server-only";
import { getDb, type Db } from "../db";
import { candidateWhere, type CandidateWhereFilters } from "./candidate-query";

export async function countCandidates(
  tenantId: string,
  filters: CandidateWhereFilters,
  options: { db?: Db } = {},
): Promise<number> {
  const db = options.db ?? getDb();
  return db.migrationCandidate.count({ where: await candidateWhere(db, tenantId, filters) });
}
