// The choices the findings filters offer: owners and rules counted over the active queue (open and in
// progress, both read from indexes), and the tenant's subscriptions by name. Counting findings per
// subscription would read every finding row with its evidence (≈3 s at 100k): the page would wait.
import "server-only";
import { getDb, type Db } from "../db";
import { ACTIVE_FINDING_STATUSES, type FindingFilterOptions } from "../schemas/finding";

/** Owners can be many in a large tenant; the list offers the busiest ones. */
const MAX_CHOICES = 500;

export async function listFindingFilterOptions(
  tenantId: string,
  options: { db?: Db } = {},
): Promise<FindingFilterOptions> {
  const db = options.db ?? getDb();
  const active = { tenantId, status: { in: [...ACTIVE_FINDING_STATUSES] } };
  const [byOwner, bySubscription, byRule] = await Promise.all([
    db.finding.groupBy({
      by: ["ownerId"],
      where: { ...active, ownerId: { not: null } },
      _count: { _all: true },
      orderBy: [{ _count: { ownerId: "desc" } }, { ownerId: "asc" }],
      take: MAX_CHOICES,
    }),
    db.subscription.findMany({ where: { tenantId }, select: { id: true, displayName: true } }),
    db.finding.groupBy({ by: ["ruleId"], where: active, _count: { _all: true } }),
  ]);
  const owners =
    byOwner.length === 0
      ? []
      : await db.owner.findMany({
          where: { tenantId, id: { in: byOwner.map((o) => o.ownerId!) } },
          select: { id: true, upn: true, displayName: true },
        });
  const ownerById = new Map(owners.map((o) => [o.id, o]));
  const byText = (a: string, b: string) => a.localeCompare(b, "en");
  return {
    owners: byOwner
      .flatMap((o) => {
        const owner = ownerById.get(o.ownerId!);
        return owner ? [{ upn: owner.upn, displayName: owner.displayName, count: o._count._all }] : [];
      })
      .sort((a, b) => byText(a.upn, b.upn)),
    subscriptions: bySubscription
      .map((s) => ({ id: s.id, name: s.displayName }))
      .sort((a, b) => byText(a.name ?? a.id, b.name ?? b.id)),
    rules: byRule.map((r) => ({ id: r.ruleId, count: r._count._all })),
  };
}
