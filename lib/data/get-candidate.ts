// One migration candidate with its whole plan: every reason, the recommended target and why, the
// identity to create, what to replicate, the federated credential values, and what to remove.
import "server-only";
import { getDb, type Db } from "../db";
import { AppError } from "../errors";
import { severityRank } from "../rules/severity";
import { ACTIVE_FINDING_STATUSES } from "../schemas/finding";
import type { CandidateDetail, MigrationPlan } from "../schemas/candidate";
import { currentTenantId } from "./current-tenant";
import { parseJsonObject, parseStringArray } from "./parse-json-column";

const PLAN_LISTS = [
  "roleAssignmentsToReplicate",
  "appPermissionsToReplicate",
  "directoryRolesToReplicate",
  "groupMembershipsToReplicate",
  "credentialsToRemove",
  "steps",
] as const;

/** The stored plan, if it has the shape this version renders (an older planner's plan reads as null). */
function readPlan(raw: Record<string, unknown>): MigrationPlan | null {
  const identity = raw.identityToCreate as Record<string, unknown> | undefined;
  if (!identity || typeof identity !== "object" || typeof identity.name !== "string") return null;
  if (!PLAN_LISTS.every((key) => Array.isArray(raw[key]))) return null;
  return raw as unknown as MigrationPlan;
}

export async function getCandidate(
  id: string,
  options: { db?: Db; tenantId?: string | null } = {},
): Promise<CandidateDetail> {
  const db = options.db ?? getDb();
  const tenantId = options.tenantId !== undefined ? options.tenantId : await currentTenantId(db);
  const candidate = tenantId
    ? await db.migrationCandidate.findUnique({ where: { tenantId_id: { tenantId, id } } })
    : null;
  if (!candidate || !tenantId) throw new AppError("not_found", `No migration candidate ${id}.`);
  const findings = await db.finding.findMany({
    where: { tenantId, subjectId: candidate.id, status: { in: [...ACTIVE_FINDING_STATUSES] } },
    select: { id: true, ruleId: true, severity: true, title: true },
    take: 100,
  });
  // Worst first (SQLite would order the severity text alphabetically).
  findings.sort((a, b) => severityRank[b.severity] - severityRank[a.severity] || a.id.localeCompare(b.id));
  const rawPlan = parseJsonObject(candidate.plan);
  const plan = readPlan(rawPlan);
  const roleIds = [...new Set(plan?.directoryRolesToReplicate.map((r) => r.roleDefinitionId) ?? [])];
  const roles =
    roleIds.length === 0
      ? []
      : await db.directoryRoleDefinition.findMany({
          where: { tenantId, OR: [{ id: { in: roleIds } }, { templateId: { in: roleIds } }] },
          select: { id: true, templateId: true, displayName: true },
        });
  const directoryRoleNames: Record<string, string> = {};
  for (const role of roles) {
    directoryRoleNames[role.id] = role.displayName;
    if (role.templateId) directoryRoleNames[role.templateId] = role.displayName;
  }
  return {
    id: candidate.id,
    appId: candidate.appId,
    displayName: candidate.displayName,
    principalKind: candidate.principalKind === "User" ? "User" : "Application",
    credentialSummary: candidate.credentialSummary,
    score: candidate.score,
    recommendedTarget: candidate.recommendedTarget,
    computedAt: candidate.computedAt.toISOString(),
    reasons: parseStringArray(candidate.reasons),
    targetReasoning: parseStringArray(rawPlan.targetReasoning),
    plan,
    directoryRoleNames,
    openFindings: findings,
  };
}
