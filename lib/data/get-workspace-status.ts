// What the dashboard needs to know on every page: has anything been synced, and how did it go?
import "server-only";
import { getDb } from "../db";
import type { SyncRunSummary } from "../schemas/sync-run";
import { toSyncRunSummary } from "./to-sync-run-summary";

export interface WorkspaceStatus {
  tenantCount: number;
  hasSynced: boolean;
  lastRun: SyncRunSummary | null;
  identities: { total: number; systemAssigned: number; userAssigned: number };
}

export async function getWorkspaceStatus(): Promise<WorkspaceStatus> {
  const db = getDb();
  const [tenantCount, lastRun, succeeded, byKind] = await Promise.all([
    db.tenant.count(),
    db.syncRun.findFirst({ orderBy: { startedAt: "desc" } }),
    db.syncRun.count({ where: { status: "succeeded" } }),
    db.servicePrincipal.groupBy({ by: ["miKind"], where: { miKind: { not: null } }, _count: { _all: true } }),
  ]);
  const count = (kind: string) => byKind.find((k) => k.miKind === kind)?._count._all ?? 0;
  const systemAssigned = count("SystemAssigned");
  const userAssigned = count("UserAssigned");
  return {
    tenantCount,
    hasSynced: succeeded > 0,
    lastRun: lastRun ? toSyncRunSummary(lastRun) : null,
    identities: { total: systemAssigned + userAssigned, systemAssigned, userAssigned },
  };
}
