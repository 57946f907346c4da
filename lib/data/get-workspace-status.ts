// What the dashboard needs to know on every page: has anything been synced, and how did it go?
import "server-only";
import { getDb } from "../db";

export interface SyncRunSummary {
  id: string;
  tenantId: string;
  mode: "full" | "incremental";
  status: "running" | "succeeded" | "failed";
  phase: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
}

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
    lastRun: lastRun ? toSummary(lastRun) : null,
    identities: { total: systemAssigned + userAssigned, systemAssigned, userAssigned },
  };
}

export function toSummary(run: {
  id: string;
  tenantId: string;
  mode: "full" | "incremental";
  status: "running" | "succeeded" | "failed";
  phase: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
}): SyncRunSummary {
  return {
    id: run.id,
    tenantId: run.tenantId,
    mode: run.mode,
    status: run.status,
    phase: run.phase,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.durationMs,
    error: run.error,
  };
}
