// Findings as the JSON API and the pages see them (dates as ISO strings).
import type { Severity } from "../rules/severity";

export const FINDING_STATUSES = ["open", "in_progress", "resolved", "risk_accepted", "false_positive"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
/** The active queue: what still needs someone (no `status` filter in the URL means these). */
export const ACTIVE_FINDING_STATUSES: readonly FindingStatus[] = ["open", "in_progress"];

export type { Severity };

/** A selection is what people tick on screen: thousands is plenty, and keeps the export's IN list bounded. */
export const FINDING_SELECTION_MAX = 5000;

export interface FindingListItem {
  id: string;
  ruleId: string;
  severity: Severity;
  status: FindingStatus;
  subjectId: string;
  subjectName: string;
  /** SystemAssigned | UserAssigned | Application | User */
  subjectKind: string;
  subscriptionId: string | null;
  title: string;
  ownerUpn: string | null;
  dueDate: string | null;
  /** Due date passed while the finding still needs work (open or in progress). */
  overdue: boolean;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface FindingListPage {
  items: FindingListItem[];
  nextCursor: string | null;
  prevCursor: string | null;
}

export interface FindingHistoryEntry {
  at: string;
  actor: string;
  /** finding.auto_resolved, finding.reopened, finding.acceptance_expired, or a person's change. */
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface FindingComment {
  id: string;
  author: string;
  body: string;
  createdAt: string;
}

export interface FindingDetail extends FindingListItem {
  key: string;
  target: string;
  evidence: Record<string, unknown>;
  ownerDisplayName: string | null;
  resolvedAt: string | null;
  resolvedReason: string | null;
  acceptedUntil: string | null;
  acceptanceReason: string | null;
  updatedAt: string;
  /** The subject (an app or account) is a migration candidate with a plan at /candidates/<subjectId>. */
  subjectIsCandidate: boolean;
  /** Audit entries for this finding, oldest first. */
  history: FindingHistoryEntry[];
  comments: FindingComment[];
}

/** The choices the queue's filters offer (owners and rules with their active-queue counts). */
export interface FindingFilterOptions {
  owners: { upn: string; displayName: string | null; count: number }[];
  subscriptions: { id: string; name: string | null }[];
  rules: { id: string; count: number }[];
}
