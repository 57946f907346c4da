// The pure part of a finding's life: due dates from severity SLAs, what an evaluation does to a
// finding's status, and the hash that chains audit entries. The SQL in persist-findings applies these.
import { createHash } from "node:crypto";
import type { Severity } from "@/lib/rules/severity";

export type FindingStatus = "open" | "in_progress" | "resolved" | "risk_accepted" | "false_positive";

/** Days to fix a finding of each severity; info has no deadline. */
export const SEVERITY_SLA_DAYS: Record<Severity, number | null> = {
  critical: 7,
  high: 30,
  medium: 90,
  low: 180,
  info: null,
};

const DAY_MS = 86_400_000;

export function dueDateFor(severity: Severity, firstSeenAt: Date): Date | null {
  const days = SEVERITY_SLA_DAYS[severity];
  return days === null ? null : new Date(firstSeenAt.getTime() + days * DAY_MS);
}

/** 0 none, 1 low, 2 medium, 3 high, 4 critical (info counts as none). */
export const PRIVILEGE_LEVEL: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export interface StoredFindingState {
  readonly status: FindingStatus;
  readonly resolvedReason: string | null;
  readonly acceptedUntil: Date | null;
}

export type SystemAction = "finding.auto_resolved" | "finding.reopened" | "finding.acceptance_expired";

export interface StatusChange {
  readonly action: SystemAction;
  readonly status: FindingStatus;
  readonly resolvedReason: string | null;
  /** Set when the finding becomes resolved; null clears it on reopen. */
  readonly resolvedAt: Date | null;
  /** Whether acceptedUntil/acceptanceReason are cleared (an expired acceptance). */
  readonly clearAcceptance: boolean;
}

export const NO_LONGER_DETECTED = "no_longer_detected";

/**
 * What the system does to a stored finding after an evaluation that did (`produced`) or did not
 * report its key. null: nothing changes. People's decisions (in progress, false positive, a
 * manual resolution, an acceptance still in force) are left alone.
 */
export function nextStatus(finding: StoredFindingState, produced: boolean, now: Date): StatusChange | null {
  const resolved = (action: SystemAction, clearAcceptance: boolean): StatusChange => ({
    action,
    status: "resolved",
    resolvedReason: NO_LONGER_DETECTED,
    resolvedAt: now,
    clearAcceptance,
  });
  switch (finding.status) {
    case "open":
    case "in_progress":
      return produced ? null : resolved("finding.auto_resolved", false);
    case "resolved":
      return produced && finding.resolvedReason === NO_LONGER_DETECTED
        ? { action: "finding.reopened", status: "open", resolvedReason: null, resolvedAt: null, clearAcceptance: false }
        : null;
    case "risk_accepted": {
      const expired = finding.acceptedUntil !== null && finding.acceptedUntil.getTime() <= now.getTime();
      if (!expired) return null;
      return produced
        ? {
            action: "finding.acceptance_expired",
            status: "open",
            resolvedReason: null,
            resolvedAt: null,
            clearAcceptance: true,
          }
        : resolved("finding.acceptance_expired", true);
    }
    case "false_positive":
      return null;
  }
}

/** JSON with object keys sorted at every level, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export interface AuditEntryContent {
  readonly tenantId: string;
  readonly at: Date;
  readonly actorId: string;
  readonly actorName: string | null;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly requestId: string | null;
}

/** sha256 over the entry's canonical JSON followed by the previous entry's hash (empty for the first). */
export function auditHash(entry: AuditEntryContent, prevHash: string | null): string {
  return createHash("sha256")
    .update(canonicalJson({ ...entry, at: entry.at.toISOString(), prevHash }))
    .update(prevHash ?? "")
    .digest("hex");
}
