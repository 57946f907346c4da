// Which tenant an export reads: the configured one (AZURE_TENANT_ID), else the one synced last.
import "server-only";
import { getDb, type Db } from "../db";

/** null when nothing was ever synced (the export is then empty). */
export async function resolveExportTenant(configured: string | undefined, db: Db = getDb()): Promise<string | null> {
  if (configured) return configured.toLowerCase();
  const tenant = await db.tenant.findFirst({
    where: { lastSuccessfulSyncAt: { not: null } },
    orderBy: { lastSuccessfulSyncAt: "desc" },
    select: { id: true },
  });
  return tenant?.id ?? null;
}
