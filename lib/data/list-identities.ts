// One page of the managed identity inventory: filtered, sorted and keyset-paged in the database.
import "server-only";
import { getDb, type Db } from "../db";
import type { IdentityListPage } from "../schemas/identity";
import { IDENTITY_DEFAULT_PAGE_SIZE, resolveIdentitySort, type IdentityFilters } from "../url-state/identities";
import { IDENTITY_KEYSET_COLUMNS, identityWhere } from "./identity-query";
import { keysetSort, readKeysetPage } from "./keyset";
import { IDENTITY_LIST_SELECT, toIdentityListItem } from "./to-identity-list-item";

export const IDENTITY_PAGE_SIZE = IDENTITY_DEFAULT_PAGE_SIZE;
export const IDENTITY_MAX_PAGE_SIZE = 200;


export async function listIdentities(
  tenantId: string,
  filters: IdentityFilters,
  options: { db?: Db; take?: number } = {},
): Promise<IdentityListPage> {
  const db = options.db ?? getDb();
  const take = Math.min(
    Math.max(1, Math.trunc(options.take ?? filters.limit ?? IDENTITY_PAGE_SIZE)),
    IDENTITY_MAX_PAGE_SIZE,
  );
  const { sort: sortKey, dir } = resolveIdentitySort(filters);
  const sort = keysetSort(IDENTITY_KEYSET_COLUMNS, sortKey, dir);
  const where = await identityWhere(db, tenantId, filters);
  const page = await readKeysetPage({
    sort,
    cursor: filters.cursor,
    take,
    fetch: (segment, n) =>
      db.servicePrincipal.findMany({
        where: { AND: [where, segment.where] },
        orderBy: segment.orderBy,
        take: n,
        select: IDENTITY_LIST_SELECT,
      }),
  });
  const subscriptionIds = [...new Set(page.items.map((r) => r.subscriptionId).filter((s): s is string => !!s))];
  const subscriptions =
    subscriptionIds.length === 0
      ? []
      : await db.subscription.findMany({
          where: { tenantId, id: { in: subscriptionIds } },
          select: { id: true, displayName: true },
        });
  const subscriptionName = new Map(subscriptions.map((s) => [s.id, s.displayName]));
  const items = page.items.map((r) =>
    toIdentityListItem(r, (r.subscriptionId && subscriptionName.get(r.subscriptionId)) ?? null),
  );
  return { items, nextCursor: page.nextCursor, prevCursor: page.prevCursor };
}
