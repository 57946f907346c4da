// The tenant the dashboard shows: the configured one (AZURE_TENANT_ID), else the one synced last.
import "server-only";
import { getDb, type Db } from "../db";
import { env } from "../env";
import { resolveExportTenant } from "./resolve-export-tenant";

/** null before anything was synced: pages then show their first-run state. */
export function currentTenantId(db: Db = getDb()): Promise<string | null> {
  return resolveExportTenant(env().AZURE_TENANT_ID, db);
}
