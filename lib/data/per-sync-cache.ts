// Figures that only a sync (and the evaluation after it) can change, kept per process until the
// next one: the inventory's filter options and counts are aggregates over every identity, too
// costly to recompute on each page view at 100k, and identical until the tenant is synced again.
import "server-only";
import type { Db } from "../db";

const caches = new WeakMap<Db, Map<string, { version: string; value: unknown }>>();

/**
 * What identifies the tenant's current data: the last committed run, the end of the last
 * evaluation (its trend point), which updates the counters after the run committed, and, for
 * figures about findings, the newest audit entry (every change a person makes to a finding is
 * audited, append-only: lib/findings/README.md).
 */
export async function dataVersion(db: Db, tenantId: string, withAudit: boolean): Promise<string> {
  const [tenant, evaluated, audited] = await Promise.all([
    db.tenant.findUnique({ where: { id: tenantId }, select: { lastSuccessfulRunId: true } }),
    db.findingTrendPoint.findFirst({ where: { tenantId }, orderBy: { at: "desc" }, select: { at: true } }),
    withAudit
      ? db.auditEntry.findFirst({ where: { tenantId }, orderBy: [{ at: "desc" }, { id: "desc" }], select: { id: true } })
      : null,
  ]);
  return `${tenant?.lastSuccessfulRunId ?? "-"}|${evaluated?.at.toISOString() ?? "-"}|${audited?.id ?? "-"}`;
}

export async function perSync<T>(
  db: Db,
  tenantId: string,
  name: string,
  compute: () => Promise<T>,
  /** Include people's audited changes; or a version already read for several figures. */
  options: { withAudit?: boolean; version?: string } = {},
): Promise<T> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const key = `${tenantId}|${name}`;
  const version = options.version ?? (await dataVersion(db, tenantId, options.withAudit === true));
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.value as T;
  const value = await compute();
  cache.set(key, { version, value });
  return value;
}
