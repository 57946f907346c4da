// One finding with everything its page shows: evidence, owner, dates, and its history (the audit
// trail of status changes plus comments). Only findings of the tenant the dashboard shows.
import "server-only";
import { getDb, type Db } from "../db";
import { AppError } from "../errors";
import type { FindingDetail } from "../schemas/finding";
import { parseJsonObject, parseJsonObjectOrNull } from "./parse-json-column";
import { currentTenantId } from "./current-tenant";
import { toFindingListItem } from "./to-finding-list-item";

export async function getFinding(
  id: string,
  options: { db?: Db; tenantId?: string | null; now?: Date } = {},
): Promise<FindingDetail> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const tenantId =
    options.tenantId !== undefined ? options.tenantId : await currentTenantId(db);
  const finding = tenantId
    ? await db.finding.findFirst({
        where: { id, tenantId },
        include: {
          owner: { select: { upn: true, displayName: true } },
          comments: { orderBy: { createdAt: "asc" }, select: { id: true, authorName: true, authorId: true, body: true, createdAt: true } },
        },
      })
    : null;
  if (!finding) throw new AppError("not_found", `No finding ${id}.`);
  const [audit, candidate, tenant] = await Promise.all([
    db.auditEntry.findMany({
      where: { tenantId: finding.tenantId, entityType: "finding", entityId: finding.id },
      orderBy: [{ at: "asc" }, { id: "asc" }],
      select: { at: true, actorId: true, actorName: true, action: true, before: true, after: true },
    }),
    db.migrationCandidate.findUnique({
      where: { tenantId_id: { tenantId: finding.tenantId, id: finding.subjectId } },
      select: { id: true },
    }),
    db.tenant.findUnique({ where: { id: finding.tenantId }, select: { findingsEvaluatedAt: true } }),
  ]);
  return {
    ...toFindingListItem(finding, now, tenant?.findingsEvaluatedAt ?? null),
    key: finding.key,
    target: finding.target,
    evidence: parseJsonObject(finding.evidence),
    ownerDisplayName: finding.owner?.displayName ?? null,
    resolvedAt: finding.resolvedAt?.toISOString() ?? null,
    resolvedReason: finding.resolvedReason,
    acceptedUntil: finding.acceptedUntil?.toISOString() ?? null,
    acceptanceReason: finding.acceptanceReason,
    updatedAt: finding.updatedAt.toISOString(),
    subjectIsCandidate: candidate !== null,
    history: audit.map((e) => ({
      at: e.at.toISOString(),
      actor: e.actorName ?? e.actorId,
      action: e.action,
      before: parseJsonObjectOrNull(e.before),
      after: parseJsonObjectOrNull(e.after),
    })),
    comments: finding.comments.map((c) => ({
      id: c.id,
      author: c.authorName ?? c.authorId,
      body: c.body,
      createdAt: c.createdAt.toISOString(),
    })),
  };
}
