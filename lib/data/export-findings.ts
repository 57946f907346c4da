// Findings as export records (DESIGN.md contract), page by page in id order.
import "server-only";
import { getDb, type Db } from "../db";

export const FINDING_EXPORT_FIELDS = [
  "id",
  "ruleId",
  "severity",
  "status",
  "subjectId",
  "subjectName",
  "subjectKind",
  "title",
  "evidence",
  "ownerUpn",
  "dueDate",
  "firstSeenAt",
  "lastSeenAt",
  "key",
  "target",
  "subscriptionId",
  "resolvedAt",
  "resolvedReason",
  "acceptedUntil",
] as const;

export interface FindingExportRecord {
  id: string;
  ruleId: string;
  severity: "critical" | "high" | "medium" | "low" | "info";
  status: "open" | "in_progress" | "resolved" | "risk_accepted" | "false_positive";
  subjectId: string;
  subjectName: string;
  subjectKind: string;
  title: string;
  evidence: Record<string, unknown>;
  ownerUpn: string | null;
  dueDate: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  key: string;
  target: string;
  subscriptionId: string | null;
  resolvedAt: string | null;
  resolvedReason: string | null;
  acceptedUntil: string | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function* exportFindings(
  tenantId: string,
  options: { db?: Db; pageSize?: number } = {},
): AsyncGenerator<FindingExportRecord> {
  const db = options.db ?? getDb();
  const take = options.pageSize ?? 1000;
  let after: string | null = null;
  const load = (cursor: string | null) =>
    db.finding.findMany({
      where: { tenantId, ...(cursor === null ? {} : { id: { gt: cursor } }) },
      orderBy: { id: "asc" },
      take,
      include: { owner: { select: { upn: true } } },
    });
  for (;;) {
    const page = await load(after);
    if (page.length === 0) return;
    for (const f of page) {
      const evidence = typeof f.evidence === "string" ? (JSON.parse(f.evidence) as unknown) : f.evidence;
      yield {
        id: f.id,
        ruleId: f.ruleId,
        severity: f.severity,
        status: f.status,
        subjectId: f.subjectId,
        subjectName: f.subjectName,
        subjectKind: f.subjectKind,
        title: f.title,
        evidence: evidence && typeof evidence === "object" ? (evidence as Record<string, unknown>) : {},
        ownerUpn: f.owner?.upn ?? null,
        dueDate: iso(f.dueDate),
        firstSeenAt: f.firstSeenAt.toISOString(),
        lastSeenAt: f.lastSeenAt.toISOString(),
        key: f.key,
        target: f.target,
        subscriptionId: f.subscriptionId,
        resolvedAt: iso(f.resolvedAt),
        resolvedReason: f.resolvedReason,
        acceptedUntil: iso(f.acceptedUntil),
      };
    }
    after = page[page.length - 1]!.id;
    if (page.length < take) return;
  }
}
