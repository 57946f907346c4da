// Open findings per rule (the active queue: open and in progress), for the rule catalog and pages.
import "server-only";
import { getDb, type Db } from "../db";
import { currentTenantId } from "./current-tenant";

export async function countOpenFindingsByRule(options: { db?: Db; tenantId?: string | null } = {}): Promise<
  Record<string, number>
> {
  const db = options.db ?? getDb();
  const tenantId = options.tenantId !== undefined ? options.tenantId : await currentTenantId(db);
  if (!tenantId) return {};
  const groups = await db.finding.groupBy({
    by: ["ruleId"],
    where: { tenantId, status: { in: ["open", "in_progress"] } },
    _count: { _all: true },
  });
  return Object.fromEntries(groups.map((g) => [g.ruleId, g._count._all]));
}
