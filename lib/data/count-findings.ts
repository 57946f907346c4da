// How many findings match the queue's filters: asked separately from the page so paging never waits
// for it (the client caches it per filter set, across pages).
import "server-only";
import { getDb, type Db } from "../db";
import { findingWhere, type FindingWhereFilters } from "./finding-query";

export async function countFindings(
  tenantId: string,
  filters: FindingWhereFilters,
  options: { db?: Db; now?: Date } = {},
): Promise<number> {
  const db = options.db ?? getDb();
  return db.finding.count({ where: await findingWhere(db, tenantId, filters, options.now ?? new Date()) });
}
