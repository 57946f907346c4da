// Facts derived from the applied snapshot, inside the same transaction: every group a service
// principal belongs to through nesting (with one shortest path), and the per-identity counters
// the inventory filters and sorts on.
import "server-only";
import type { SqlConnection } from "./sql/connection";
import type { Row, SyncStore } from "./store";

/** Nesting deeper than this is not followed (Entra allows no cycles; this bounds a bad snapshot). */
const MAX_DEPTH = 16;

/**
 * Every group each service principal belongs to, directly or through nesting, with one shortest
 * path. Computed in two steps instead of one recursive query, whose path count explodes when groups
 * nest through several parents: first each group's ancestors (groups are few), then one pass over
 * the principals' direct memberships in principal order.
 */
export async function stageTransitiveMemberships(store: SyncStore) {
  const conn = store.conn;
  const p = conn.p;
  const parentsOf = new Map<string, string[]>();
  const edges = await conn.all<{ child: string; parent: string }>(
    `SELECT "memberId" AS child, "groupId" AS parent FROM "GroupMembership" WHERE "tenantId" = ${p(1)} AND "memberType" = 'Group' ORDER BY 1, 2`,
    [store.tenantId],
  );
  for (const e of edges) {
    const list = parentsOf.get(e.child) ?? [];
    list.push(e.parent);
    parentsOf.set(e.child, list);
  }
  // Breadth-first from each group upwards: ancestor -> path of group ids after the group itself.
  const ancestorsCache = new Map<string, Map<string, string[]>>();
  const ancestorsOf = (group: string) => {
    let found = ancestorsCache.get(group);
    if (found) return found;
    found = new Map<string, string[]>();
    let frontier: { id: string; path: string[] }[] = [{ id: group, path: [] }];
    for (let depth = 1; depth < MAX_DEPTH && frontier.length > 0; depth++) {
      const next: { id: string; path: string[] }[] = [];
      for (const node of frontier) {
        for (const parent of parentsOf.get(node.id) ?? []) {
          if (parent === group || found.has(parent)) continue;
          const path = [...node.path, parent];
          found.set(parent, path);
          next.push({ id: parent, path });
        }
      }
      frontier = next;
    }
    ancestorsCache.set(group, found);
    return found;
  };

  const direct = await conn.all<{ principalId: string; groupId: string }>(
    `SELECT "memberId" AS "principalId", "groupId" FROM "GroupMembership" WHERE "tenantId" = ${p(1)} AND "memberType" = 'ServicePrincipal' ORDER BY 1, 2`,
    [store.tenantId],
  );
  let batch: Row[] = [];
  let current: string | null = null;
  let best = new Map<string, string[]>();
  const flush = async () => {
    for (const [groupId, path] of best) batch.push({ principalId: current, groupId, depth: path.length, path });
    best = new Map();
    if (batch.length >= 5000) {
      await store.stage("transitiveMemberships", batch);
      batch = [];
    }
  };
  await store.stage("transitiveMemberships", []);
  for (const m of direct) {
    if (m.principalId !== current) {
      if (current !== null) await flush();
      current = m.principalId;
    }
    const offer = (groupId: string, path: string[]) => {
      const had = best.get(groupId);
      if (!had || path.length < had.length) best.set(groupId, path);
    };
    offer(m.groupId, [m.groupId]);
    for (const [ancestor, path] of ancestorsOf(m.groupId)) offer(ancestor, [m.groupId, ...path]);
  }
  if (current !== null) await flush();
  await store.stage("transitiveMemberships", batch);
}

/** Recomputes the inventory counters of managed identities; rows whose counters did not change are not written. */
export async function updateIdentityCounters(conn: SqlConnection, tenantId: string) {
  const p = conn.p;
  const boolOf = (expr: string) => (conn.kind === "postgresql" ? `(${expr})` : `CASE WHEN ${expr} THEN 1 ELSE 0 END`);
  const counters: Record<string, string> = {
    azureRoleCount: `(SELECT count(*) FROM "RoleAssignment" x WHERE x."tenantId" = sp."tenantId" AND x."principalId" = sp."id")`,
    directoryRoleCount: `(SELECT count(*) FROM "DirectoryRoleAssignment" x WHERE x."tenantId" = sp."tenantId" AND x."principalId" = sp."id")`,
    appRoleCount: `(SELECT count(*) FROM "AppRoleAssignment" x WHERE x."tenantId" = sp."tenantId" AND x."principalId" = sp."id")`,
    groupCount: `(SELECT count(*) FROM "TransitiveMembership" x WHERE x."tenantId" = sp."tenantId" AND x."principalId" = sp."id")`,
    attachedResourceCount: `(SELECT count(*) FROM "IdentityAttachment" x WHERE x."tenantId" = sp."tenantId" AND x."identityResourceId" = sp."miResourceId")`,
    // User-assigned: attached to nothing. System-assigned: its host is gone from a subscription
    // whose resources were enumerated completely (otherwise we cannot know).
    isOrphaned:
      boolOf(`(sp."miKind" = 'UserAssigned' AND NOT EXISTS (SELECT 1 FROM "IdentityAttachment" x WHERE x."tenantId" = sp."tenantId" AND x."identityResourceId" = sp."miResourceId"))
      OR (sp."miKind" = 'SystemAssigned' AND NOT EXISTS (SELECT 1 FROM "Resource" r WHERE r."tenantId" = sp."tenantId" AND r."id" = sp."miResourceId")
          AND EXISTS (SELECT 1 FROM "Subscription" s WHERE s."tenantId" = sp."tenantId" AND s."id" = sp."subscriptionId" AND s."resourcesEnumeratedAt" IS NOT NULL))`),
  };
  const set = Object.entries(counters)
    .map(([column, expr]) => `"${column}" = ${expr}`)
    .join(", ");
  const changed = Object.entries(counters)
    .map(([column, expr]) => conn.distinct(`sp."${column}"`, expr))
    .join(" OR ");
  await conn.run(
    `UPDATE "ServicePrincipal" AS sp SET ${set} WHERE sp."tenantId" = ${p(1)} AND sp."miKind" IS NOT NULL AND (${changed})`,
    [tenantId],
  );
}

/** Applies the last sign-in of each application principal (from the beta sign-in activity report). */
export async function applySignIns(
  conn: SqlConnection,
  tenantId: string,
  rows: { appId: string; lastSignInAt: Date }[],
) {
  await conn.exec(`DROP TABLE IF EXISTS "stage_signins"`);
  await conn.exec(`CREATE TEMP TABLE "stage_signins" ("appId" TEXT PRIMARY KEY, "at" TEXT)`);
  await conn.insertRows(
    "stage_signins",
    ["appId", "at"],
    rows.map((r) => [r.appId, conn.date(r.lastSignInAt)]),
  );
  const p = conn.p;
  const value = `(SELECT ${conn.cast(`s."at"`, "datetime")} FROM "stage_signins" s WHERE s."appId" = "ServicePrincipal"."appId")`;
  const distinct = conn.distinct(`"lastSignInAt"`, value);
  // Principals missing from the report keep what an earlier report said.
  await conn.run(
    `UPDATE "ServicePrincipal" SET "lastSignInAt" = ${value}
     WHERE "tenantId" = ${p(1)} AND "appId" IN (SELECT "appId" FROM "stage_signins") AND ${distinct}`,
    [tenantId],
  );
}
