// The choices the findings filters offer, counted over the active queue (open and in progress), so
// the owner and subscription lists name what people actually triage.
import "server-only";
import { getDb, type Db } from "../db";
import { ACTIVE_FINDING_STATUSES, type FindingFilterOptions } from "../schemas/finding";

/** Owners and subscriptions are many in a large tenant; the lists offer the busiest ones. */
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
    db.finding.groupBy({
      by: ["subscriptionId"],
      where: { ...active, subscriptionId: { not: null } },
      _count: { _all: true },
      orderBy: [{ _count: { subscriptionId: "desc" } }, { subscriptionId: "asc" }],
      take: MAX_CHOICES,
    }),
    db.finding.groupBy({ by: ["ruleId"], where: active, _count: { _all: true } }),
  ]);
  const [owners, subscriptions] = await Promise.all([
    byOwner.length === 0
      ? []
      : db.owner.findMany({
          where: { tenantId, id: { in: byOwner.map((o) => o.ownerId!) } },
          select: { id: true, upn: true, displayName: true },
        }),
    bySubscription.length === 0
      ? []
      : db.subscription.findMany({
          where: { tenantId, id: { in: bySubscription.map((s) => s.subscriptionId!) } },
          select: { id: true, displayName: true },
        }),
  ]);
  const ownerById = new Map(owners.map((o) => [o.id, o]));
  const subscriptionName = new Map(subscriptions.map((s) => [s.id, s.displayName]));
  const byText = (a: string, b: string) => a.localeCompare(b, "en");
  return {
    owners: byOwner
      .flatMap((o) => {
        const owner = ownerById.get(o.ownerId!);
        return owner ? [{ upn: owner.upn, displayName: owner.displayName, count: o._count._all }] : [];
      })
      .sort((a, b) => byText(a.upn, b.upn)),
    subscriptions: bySubscription
      .map((s) => ({ id: s.subscriptionId!, name: subscriptionName.get(s.subscriptionId!) ?? null, count: s._count._all }))
      .sort((a, b) => byText(a.name ?? a.id, b.name ?? b.id)),
    rules: byRule.map((r) => ({ id: r.ruleId, count: r._count._all })),
  };
}
