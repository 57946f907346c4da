// Migration candidates as export records (DESIGN.md contract), page by page in id order.
import "server-only";
import { getDb, type Db } from "../db";

export const CANDIDATE_EXPORT_FIELDS = [
  "id",
  "appId",
  "displayName",
  "principalKind",
  "credentialSummary",
  "score",
  "recommendedTarget",
  "reasons",
  "computedAt",
] as const;

export interface CandidateExportRecord {
  id: string;
  appId: string | null;
  displayName: string;
  principalKind: "Application" | "User";
  credentialSummary: string;
  score: number;
  recommendedTarget: "SystemAssigned" | "UserAssigned" | "ManagedIdentityAsFederatedCredential";
  reasons: string[];
  computedAt: string;
}

export async function* exportCandidates(
  tenantId: string,
  options: { db?: Db; pageSize?: number } = {},
): AsyncGenerator<CandidateExportRecord> {
  const db = options.db ?? getDb();
  const take = options.pageSize ?? 1000;
  let after: string | null = null;
  const load = (cursor: string | null) =>
    db.migrationCandidate.findMany({
      where: { tenantId, ...(cursor === null ? {} : { id: { gt: cursor } }) },
      orderBy: { id: "asc" },
      take,
    });
  for (;;) {
    const page = await load(after);
    if (page.length === 0) return;
    for (const c of page) {
      const reasons = typeof c.reasons === "string" ? (JSON.parse(c.reasons) as unknown) : c.reasons;
      yield {
        id: c.id,
        appId: c.appId,
        displayName: c.displayName,
        principalKind: c.principalKind === "User" ? "User" : "Application",
        credentialSummary: c.credentialSummary,
        score: c.score,
        recommendedTarget: c.recommendedTarget,
        reasons: Array.isArray(reasons) ? reasons.map(String) : [],
        computedAt: c.computedAt.toISOString(),
      };
    }
    after = page[page.length - 1]!.id;
    if (page.length < take) return;
  }
}
