// The overview: inventory counts, the active findings by severity and rule, their trend per sync,
// the most exposed identities, migration candidates and the last sync. Every figure is an indexed
// aggregate or a short ordered read, so the page stays fast at 100k identities.
import "server-only";
import { getDb, type Db } from "../db";
import { rules } from "../rules/registry";
import { SEVERITIES, type Severity } from "../rules/severity";
import type { Overview } from "../schemas/overview";
import { dataVersion, perSync } from "./per-sync-cache";
import { IDENTITY_LIST_SELECT, toIdentityListItem } from "./to-identity-list-item";
import { toSyncRunSummary } from "./to-sync-run-summary";

const ACTIVE = ["open", "in_progress"] as const;
const TREND_POINTS = 90;
const TOP = 8;

const ruleTitle = new Map<string, string>(rules.map((r) => [r.id, r.title]));
const ruleOrder = new Map<string, number>(rules.map((r, i) => [r.id, i]));

export async function getOverview(tenantId: string | null, options: { db?: Db; now?: Date } = {}): Promise<Overview> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const lastRun = await db.syncRun.findFirst({
    where: tenantId ? { tenantId } : {},
    orderBy: { startedAt: "desc" },
  });
  if (!tenantId) return emptyOverview(lastRun ? toSyncRunSummary(lastRun) : null);

  const mi = { tenantId, servicePrincipalType: "ManagedIdentity", miKind: { not: null } } as const;
  // One version for both cached blocks (the inventory's moves with findings' anyway).
  const version = await dataVersion(db, tenantId, true);
  const [tenant, inventory, findingCounts, overdue, trend] = await Promise.all([
    db.tenant.findUnique({ where: { id: tenantId } }),
    // Aggregates over every identity and finding: kept until a sync, its evaluation or a person
    // (through the audit trail) changes what they count.
    perSync(db, tenantId, "overview-inventory", async () => {
      const [byKind, orphanedByKind, withOpen, exposed, candidates, top] = await Promise.all([
        db.servicePrincipal.groupBy({ by: ["miKind"], where: mi, _count: { _all: true } }),
        db.servicePrincipal.groupBy({ by: ["miKind"], where: { ...mi, isOrphaned: true }, _count: { _all: true } }),
        db.servicePrincipal.count({ where: { ...mi, NOT: { openFindingCount: 0 } } }),
        // Riskiest first, then the most open findings: the identities to look at today.
        db.servicePrincipal.findMany({
          where: { ...mi, NOT: { openFindingCount: 0 } },
          orderBy: [{ privilegeLevel: "desc" }, { openFindingCount: "desc" }, { displayName: "asc" }, { id: "asc" }],
          take: TOP,
          select: IDENTITY_LIST_SELECT,
        }),
        db.migrationCandidate.count({ where: { tenantId } }),
        db.migrationCandidate.findMany({
          where: { tenantId },
          orderBy: [{ score: "desc" }, { id: "asc" }],
          take: 5,
          select: { id: true, displayName: true, principalKind: true, score: true, recommendedTarget: true },
        }),
      ]);
      return { byKind, orphanedByKind, withOpen, exposed, candidates, top };
    }, { version }),
    perSync(
      db,
      tenantId,
      "overview-findings",
      // Grouped by status first so both read the covering (status, severity) and (rule, status)
      // indexes rather than every finding's row.
      () =>
        Promise.all([
          db.finding.groupBy({
            by: ["status", "severity"],
            where: { tenantId, status: { in: [...ACTIVE] } },
            _count: { _all: true },
          }),
          db.finding.groupBy({
            by: ["ruleId", "status"],
            where: { tenantId, status: { in: [...ACTIVE] } },
            _count: { _all: true },
          }),
        ]),
      { version },
    ),
    // Overdue changes as time passes, so it is counted each time (a range on the due-date index).
    db.finding.count({ where: { tenantId, status: { in: [...ACTIVE] }, dueDate: { lt: now } } }),
    db.findingTrendPoint.findMany({ where: { tenantId }, orderBy: { at: "desc" }, take: TREND_POINTS }),
  ]);
  const { byKind, orphanedByKind, withOpen, exposed, candidates, top } = inventory;
  const [bySeverity, byRuleStatus] = findingCounts;
  const exposedSubscriptions = new Map(
    (
      await db.subscription.findMany({
        where: { tenantId, id: { in: [...new Set(exposed.map((r) => r.subscriptionId).filter((s): s is string => !!s))] } },
        select: { id: true, displayName: true },
      })
    ).map((s) => [s.id, s.displayName]),
  );

  const kindCount = (list: typeof byKind, kind: string) => list.find((k) => k.miKind === kind)?._count._all ?? 0;
  const severityCounts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const row of bySeverity) severityCounts[row.severity] += row._count._all;

  const perRule = new Map<string, number>();
  for (const row of byRuleStatus) perRule.set(row.ruleId, (perRule.get(row.ruleId) ?? 0) + row._count._all);
  const byRule = [...perRule.entries()]
    .map(([ruleId, count]) => ({ ruleId, title: ruleTitle.get(ruleId) ?? ruleId, count }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        (ruleOrder.get(a.ruleId) ?? Number.MAX_SAFE_INTEGER) - (ruleOrder.get(b.ruleId) ?? Number.MAX_SAFE_INTEGER),
    );

  const systemAssigned = kindCount(byKind, "SystemAssigned");
  const userAssigned = kindCount(byKind, "UserAssigned");
  const orphanedSystemAssigned = kindCount(orphanedByKind, "SystemAssigned");
  const orphanedUserAssigned = kindCount(orphanedByKind, "UserAssigned");
  return {
    hasSynced: tenant?.lastSuccessfulSyncAt != null,
    identities: {
      total: systemAssigned + userAssigned,
      systemAssigned,
      userAssigned,
      orphaned: orphanedSystemAssigned + orphanedUserAssigned,
      orphanedSystemAssigned,
      orphanedUserAssigned,
      withOpenFindings: withOpen,
    },
    findings: {
      active: Object.values(severityCounts).reduce((a, b) => a + b, 0),
      overdue,
      bySeverity: severityCounts,
      byRule,
    },
    trend: trend.reverse().map((p) => ({
      at: p.at.toISOString(),
      open: p.openCritical + p.openHigh + p.openMedium + p.openLow + p.openInfo,
      openBySeverity: {
        critical: p.openCritical,
        high: p.openHigh,
        medium: p.openMedium,
        low: p.openLow,
        info: p.openInfo,
      },
      resolved: p.resolved,
      acceptedRisk: p.acceptedRisk,
    })),
    mostExposed: exposed.map((r) =>
      toIdentityListItem(r, r.subscriptionId ? (exposedSubscriptions.get(r.subscriptionId) ?? null) : null),
    ),
    candidates: { total: candidates, top },
    lastRun: lastRun ? toSyncRunSummary(lastRun) : null,
    lastSuccessfulSyncAt: tenant?.lastSuccessfulSyncAt?.toISOString() ?? null,
  };
}

function emptyOverview(lastRun: Overview["lastRun"]): Overview {
  const none = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  return {
    hasSynced: false,
    identities: {
      total: 0,
      systemAssigned: 0,
      userAssigned: 0,
      orphaned: 0,
      orphanedSystemAssigned: 0,
      orphanedUserAssigned: 0,
      withOpenFindings: 0,
    },
    findings: { active: 0, overdue: 0, bySeverity: none, byRule: [] },
    trend: [],
    mostExposed: [],
    candidates: { total: 0, top: [] },
    lastRun,
    lastSuccessfulSyncAt: null,
  };
}
