// The choices the identities filters offer, from what is actually in the inventory (with counts),
// so nobody filters by a subscription or type that has no managed identity.
import "server-only";
import { getDb, type Db } from "../db";
import type { IdentityFilterOptions } from "../schemas/identity";
import { perSync } from "./per-sync-cache";

/** Resource groups are many in a large tenant; the list offers the busiest ones and search does the rest. */
const MAX_RESOURCE_GROUPS = 500;

export async function listIdentityFilterOptions(
  tenantId: string,
  options: { db?: Db; subscription?: string } = {},
): Promise<IdentityFilterOptions> {
  const db = options.db ?? getDb();
  return perSync(db, tenantId, `identity-filter-options|${options.subscription ?? ""}`, () =>
    readOptions(db, tenantId, options.subscription),
  );
}

async function readOptions(db: Db, tenantId: string, subscription: string | undefined): Promise<IdentityFilterOptions> {
  const base = { tenantId, servicePrincipalType: "ManagedIdentity", miKind: { not: null } } as const;
  const [bySubscription, byGroup, byType] = await Promise.all([
    db.servicePrincipal.groupBy({
      by: ["subscriptionId"],
      where: { ...base, subscriptionId: { not: null } },
      _count: { _all: true },
    }),
    db.servicePrincipal.groupBy({
      by: ["resourceGroup"],
      where: {
        ...base,
        resourceGroup: { not: null },
        ...(subscription ? { subscriptionId: subscription } : {}),
      },
      _count: { _all: true },
      orderBy: [{ _count: { resourceGroup: "desc" } }, { resourceGroup: "asc" }],
      take: MAX_RESOURCE_GROUPS,
    }),
    db.servicePrincipal.groupBy({
      by: ["resourceType"],
      where: { ...base, resourceType: { not: null } },
      _count: { _all: true },
    }),
  ]);
  // All of the tenant's subscriptions (a few thousand at most): a list of 1,000 ids would exceed
  // SQLite's bound-parameter limit through Prisma.
  const names = await db.subscription.findMany({ where: { tenantId }, select: { id: true, displayName: true } });
  const nameOf = new Map(names.map((s) => [s.id, s.displayName]));
  const byName = (a: string, b: string) => a.localeCompare(b, "en");
  return {
    subscriptions: bySubscription
      .map((s) => ({ id: s.subscriptionId!, name: nameOf.get(s.subscriptionId!) ?? null, count: s._count._all }))
      .sort((a, b) => byName(a.name ?? a.id, b.name ?? b.id)),
    resourceGroups: byGroup
      .map((g) => ({ name: g.resourceGroup!, count: g._count._all }))
      .sort((a, b) => byName(a.name, b.name)),
    resourceTypes: byType
      .map((t) => ({ type: t.resourceType!, count: t._count._all }))
      .sort((a, b) => byName(a.type, b.type)),
  };
}
