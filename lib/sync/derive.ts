// Facts derived from the applied snapshot, inside the same transaction: every group a service
// principal belongs to through nesting (with one shortest path), and the per-identity counters
// the inventory filters and sorts on.
import "server-only";
import type { SqlConnection } from "./sql/connection";
import { sqliteDate, type SyncStore } from "./store";

/** Nesting deeper than this is not followed (Entra allows no cycles; this bounds a bad snapshot). */
const MAX_DEPTH = 16;

export async function stageTransitiveMemberships(store: SyncStore) {
  const pg = store.conn.kind === "postgresql";
  await store.stageFromQuery("transitiveMemberships", (p) => {
    const tenant = p(store.tenantId);
    const closure = `WITH RECURSIVE closure("principalId", "groupId", "depth", "path") AS (
        SELECT m."memberId", m."groupId", 1, ${pg ? `jsonb_build_array(m."groupId")` : `json_array(m."groupId")`}
        FROM "GroupMembership" m WHERE m."tenantId" = ${tenant} AND m."memberType" = 'ServicePrincipal'
        UNION ALL
        SELECT c."principalId", parent."groupId", c."depth" + 1,
               ${pg ? `c."path" || jsonb_build_array(parent."groupId")` : `json_insert(c."path", '$[#]', parent."groupId")`}
        FROM closure c
        JOIN "GroupMembership" parent ON parent."tenantId" = ${tenant} AND parent."memberId" = c."groupId" AND parent."memberType" = 'Group'
        WHERE c."depth" < ${MAX_DEPTH}
      )`;
    // One row per (principal, group): the shortest path.
    return pg
      ? `${closure} SELECT DISTINCT ON ("principalId", "groupId") ${tenant}, "principalId", "groupId", "depth"::text, "path"::text
         FROM closure ORDER BY "principalId", "groupId", "depth"`
      : `${closure} SELECT ${tenant}, "principalId", "groupId", min("depth"), "path" FROM closure GROUP BY "principalId", "groupId"`;
  });
}

/** Recomputes the inventory counters of managed identities; rows whose counters did not change are not written. */
export async function updateIdentityCounters(conn: SqlConnection, tenantId: string) {
  const p = conn.p;
  const boolOf = (expr: string) => (conn.kind === "postgresql" ? `(${expr})` : `CASE WHEN ${expr} THEN 1 ELSE 0 END`);
  const distinct = (a: string, b: string) =>
    conn.kind === "sqlite" ? `${a} IS NOT ${b}` : `${a} IS DISTINCT FROM ${b}`;
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
    .map(([column, expr]) => distinct(`sp."${column}"`, expr))
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
  await conn.exec(
    conn.kind === "postgresql"
      ? `CREATE TEMP TABLE "stage_signins" ("appId" text PRIMARY KEY, "at" text)`
      : `CREATE TEMP TABLE "stage_signins" ("appId" PRIMARY KEY, "at")`,
  );
  await conn.insertRows(
    "stage_signins",
    ["appId", "at"],
    rows.map((r) => [r.appId, conn.kind === "sqlite" ? sqliteDate(r.lastSignInAt) : r.lastSignInAt.toISOString()]),
  );
  const p = conn.p;
  const value = `(SELECT ${conn.kind === "postgresql" ? `s."at"::timestamp(3)` : `s."at"`} FROM "stage_signins" s WHERE s."appId" = "ServicePrincipal"."appId")`;
  const distinct =
    conn.kind === "sqlite" ? `"lastSignInAt" IS NOT ${value}` : `"lastSignInAt" IS DISTINCT FROM ${value}`;
  // Principals missing from the report keep what an earlier report said.
  await conn.run(
    `UPDATE "ServicePrincipal" SET "lastSignInAt" = ${value}
     WHERE "tenantId" = ${p(1)} AND "appId" IN (SELECT "appId" FROM "stage_signins") AND ${distinct}`,
    [tenantId],
  );
}
