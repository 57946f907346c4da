// The overview page's data as the JSON API and the page see it.
import type { Severity } from "../rules/severity";
import type { SyncRunSummary } from "./sync-run";
import type { IdentityListItem } from "./identity";

export interface OverviewTrendPoint {
  at: string;
  open: number;
  openBySeverity: Record<Severity, number>;
  resolved: number;
  acceptedRisk: number;
}

export interface Overview {
  hasSynced: boolean;
  identities: {
    total: number;
    systemAssigned: number;
    userAssigned: number;
    orphaned: number;
    orphanedSystemAssigned: number;
    orphanedUserAssigned: number;
    withOpenFindings: number;
  };
  findings: {
    /** Open and in progress: the active queue. */
    active: number;
    overdue: number;
    bySeverity: Record<Severity, number>;
    byRule: { ruleId: string; title: string; count: number }[];
  };
  /** One point per evaluation, oldest first. */
  trend: OverviewTrendPoint[];
  mostExposed: IdentityListItem[];
  candidates: {
    total: number;
    top: { id: string; displayName: string; principalKind: string; score: number; recommendedTarget: string }[];
  };
  lastRun: SyncRunSummary | null;
  lastSuccessfulSyncAt: string | null;
}
