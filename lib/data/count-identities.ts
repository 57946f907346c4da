// How many managed identities match the list's filters: one indexed count, asked separately from the
// page so paging never waits for it (the client caches it per filter set, across pages).
import "server-only";
import { getDb, type Db } from "../db";
import type { IdentityFilters } from "../url-state/identities";
import { identityWhere } from "./identity-query";

export async function countIdentities(
  tenantId: string,
  filters: Omit<IdentityFilters, "sort" | "dir" | "cursor">,
  options: { db?: Db } = {},
): Promise<number> {
  const db = options.db ?? getDb();
  return db.servicePrincipal.count({ where: await identityWhere(db, tenantId, filters) });
}
