import type { FindingListItem, FindingStatus } from "../schemas/finding";
import type { Severity } from "../rules/severity";
import { lastSeenOf } from "../findings/last-seen";

const ACTIVE: ReadonlySet<string> = new Set<FindingStatus>(["open", "in_progress"]);

/**
 * A stored finding as a list row. Overdue means the due date passed while it still needs work.
 * `evaluatedAt` is the tenant's latest evaluation, which a finding it detected was last seen at.
 */
export function toFindingListItem(
  row: {
    id: string;
    ruleId: string;
    severity: Severity;
    status: FindingStatus;
    subjectId: string;
    subjectName: string;
    subjectKind: string;
    subscriptionId: string | null;
    title: string;
    dueDate: Date | null;
    firstSeenAt: Date;
    lastSeenAt: Date;
    owner?: { upn: string } | null;
  },
  now: Date,
  evaluatedAt: Date | null,
): FindingListItem {
  return {
    id: row.id,
    ruleId: row.ruleId,
    severity: row.severity,
    status: row.status,
    subjectId: row.subjectId,
    subjectName: row.subjectName,
    subjectKind: row.subjectKind,
    subscriptionId: row.subscriptionId,
    title: row.title,
    ownerUpn: row.owner?.upn ?? null,
    dueDate: row.dueDate?.toISOString() ?? null,
    overdue: row.dueDate !== null && ACTIVE.has(row.status) && row.dueDate.getTime() < now.getTime(),
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: lastSeenOf(row.lastSeenAt, evaluatedAt).toISOString(),
  };
}
