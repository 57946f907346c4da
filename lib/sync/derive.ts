// Facts derived from the applied snapshot, inside the same transaction: every group a service
// principal belongs to through nesting (with one shortest path), and the per-identity counters
// the inventory filters and sorts on. After a tenant's first load, both are worked out again only
// for the principals this run's history events name: every change that can move them is an event.
import "server-only";
import type { SqlConnection } from "./sql/connection";
import type { Removal, SyncStore } from "./store";

/** Nesting deeper than this is not followed (Entra allows no cycles; this bounds a bad snapshot). */
const MAX_DEPTH = 16;

/** Whose derived facts a run must work out again: everyone's, or those of the principals in the temp table "derive_scope". */
export type DeriveScope = "all" | "named";

/**
 * Whose transitive memberships may have changed: everyone's after a first load (which records no
 * events) or when a group joined or left a group; otherwise the principals whose own direct
 * memberships changed this run. Leaves those principals in the temp table "derive_scope".
 */
export async function transitiveScope(store: SyncStore, runId: string): Promise<DeriveScope> {
  const conn = store.conn;
  const p = conn.p;
  await conn.exec(`DROP TABLE IF EXISTS "derive_scope"`);
  await conn.exec(`CREATE TEMP TABLE "derive_scope" ("principalId" TEXT PRIMARY KEY)`);
  if (!store.recordAppearances) return "all";
  const memberType =
    conn.kind === "sqlite" ? `json_extract(e."details", '$.memberType')` : `e."details"->>'memberType'`;
  const nesting = await conn.all(
    `SELECT 1 AS x FROM "HistoryEvent" e WHERE e."tenantId" = ${p(1)} AND e."runId" = ${p(2)}
       AND e."entityType" = 'groupMembership' AND ${memberType} = 'Group' LIMIT 1`,
    [store.tenantId, runId],
  );
  if (nesting.length > 0) return "all";
  await conn.run(
    `INSERT INTO "derive_scope" ("principalId") SELECT DISTINCT e."subjectId" FROM "HistoryEvent" e
     WHERE e."tenantId" = ${p(1)} AND e."runId" = ${p(2)} AND e."entityType" = 'groupMembership'`,
    [store.tenantId, runId],
  );
  return "named";
}

/** What the transitive memberships' apply may delete, given the scope they were derived for. */
export function transitiveRemoval(scope: DeriveScope): Removal {
  return scope === "all"
    ? { kind: "missing" }
    : { kind: "missing", scope: (a) => `${a}."principalId" IN (SELECT "principalId" FROM "derive_scope")` };
}

/**
 * Every group each service principal belongs to, directly or through nesting, with one shortest
 * path. Groups nest rarely and principals' memberships are many, so the ancestry of each group is
 * worked out here (breadth-first, bounded) and joined to the memberships in SQL: a direct
 * membership always wins (depth 1); otherwise the shortest path wins, ties going to the direct group
 * that sorts first.
 */
export async function stageTransitiveMemberships(store: SyncStore, scope: DeriveScope) {
  const conn = store.conn;
  const p = conn.p;
  const parentsOf = new Map<string, string[]>();
  // Both reads go through the (tenantId, memberType) index: users' memberships, most of a tenant's, are never read.
  const edges = await conn.all<{ child: string; parent: string }>(
    `SELECT "memberId" AS child, "groupId" AS parent FROM "GroupMembership" WHERE "tenantId" = ${p(1)} AND "memberType" = 'Group'`,
    [store.tenantId],
  );
  edges.sort((a, b) => (a.child < b.child ? -1 : a.child > b.child ? 1 : a.parent < b.parent ? -1 : 1));
  for (const e of edges) {
    const list = parentsOf.get(e.child) ?? [];
    list.push(e.parent);
    parentsOf.set(e.child, list);
  }
  // Breadth-first from each nested group upwards: its ancestors, each with the path from the group.
  const ancestors: unknown[][] = [];
  for (const group of parentsOf.keys()) {
    const found = new Set<string>();
    let frontier: { id: string; path: string[] }[] = [{ id: group, path: [group] }];
    for (let depth = 1; depth < MAX_DEPTH && frontier.length > 0; depth++) {
      const next: { id: string; path: string[] }[] = [];
      for (const node of frontier) {
        for (const parent of parentsOf.get(node.id) ?? []) {
          if (parent === group || found.has(parent)) continue;
          found.add(parent);
          const path = [...node.path, parent];
          ancestors.push([group, parent, path.length, JSON.stringify(path)]);
          next.push({ id: parent, path });
        }
      }
      frontier = next;
    }
  }
  const pg = conn.kind === "postgresql";
  await conn.exec(`DROP TABLE IF EXISTS "derive_ancestors"`);
  await conn.exec(`DROP TABLE IF EXISTS "derive_direct"`);
  await conn.exec(
    `CREATE TEMP TABLE "derive_ancestors" ("groupId" TEXT, "ancestorId" TEXT, "depth" ${pg ? "TEXT" : "INTEGER"}, "path" TEXT, PRIMARY KEY ("groupId", "ancestorId"))`,
  );
  await conn.insertRows("derive_ancestors", ["groupId", "ancestorId", "depth", "path"], ancestors);
  // For named principals, through the member index: SQLite would take the member type's and
  // visit the tenant's 16k principal memberships.
  const memberType = scope === "named" ? conn.unindexed(`"memberType"`) : `"memberType"`;
  await conn.run(
    `CREATE TEMP TABLE "derive_direct" AS SELECT "memberId" AS "principalId", "groupId" FROM "GroupMembership"
     WHERE "tenantId" = ${p(1)} AND ${memberType} = 'ServicePrincipal'${
       scope === "named" ? ` AND "memberId" IN (SELECT "principalId" FROM "derive_scope")` : ""
     }`,
    [store.tenantId],
  );
  await conn.exec(`CREATE UNIQUE INDEX "derive_direct_key" ON "derive_direct" ("principalId", "groupId")`);

  const tenant = pg ? `${p(1)}::text` : p(1);
  await store.stageSelect(
    "transitiveMemberships",
    `SELECT ${tenant}, d."principalId", d."groupId", 1, ${pg ? `jsonb_build_array(d."groupId")::text` : `json_array(d."groupId")`} FROM "derive_direct" d`,
    [store.tenantId],
  );
  await store.stageSelect(
    "transitiveMemberships",
    `SELECT ${tenant}, x."principalId", x."ancestorId", x."depth", x."path" FROM (
       SELECT d."principalId", a."ancestorId", a."depth", a."path",
              ROW_NUMBER() OVER (PARTITION BY d."principalId", a."ancestorId" ORDER BY CAST(a."depth" AS INTEGER), d."groupId") AS rn
       FROM "derive_direct" d JOIN "derive_ancestors" a ON a."groupId" = d."groupId"
     ) x
     WHERE x.rn = 1 AND NOT EXISTS (SELECT 1 FROM "derive_direct" e WHERE e."principalId" = x."principalId" AND e."groupId" = x."ancestorId")`,
    [store.tenantId],
  );
}

/**
 * Recomputes the inventory counters of managed identities; rows whose counters did not change are
 * not written. With `changes`, only for the identities a history event of the run names, those
 * whose transitive memberships were derived again, and those of subscriptions whose complete
 * enumeration started or ended (which decides whether a vanished host means an orphan).
 */
export async function updateIdentityCounters(
  conn: SqlConnection,
  tenantId: string,
  changes?: { runId: string; transitive: DeriveScope; subscriptions: string[] },
) {
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
  const params: unknown[] = [tenantId];
  let which = "";
  if (changes && changes.transitive === "named") {
    params.push(changes.runId, conn.kind === "sqlite" ? JSON.stringify(changes.subscriptions) : changes.subscriptions);
    which = ` AND (sp."id" IN (SELECT e."subjectId" FROM "HistoryEvent" e WHERE e."tenantId" = ${p(1)} AND e."runId" = ${p(2)})
      OR sp."id" IN (SELECT "principalId" FROM "derive_scope")
      OR sp."subscriptionId" IN (${conn.kind === "sqlite" ? `SELECT value FROM json_each(${p(3)})` : `SELECT unnest(${p(3)}::text[])`}))`;
  }
  await conn.run(
    `UPDATE "ServicePrincipal" AS sp SET ${set} WHERE sp."tenantId" = ${p(1)} AND sp."miKind" IS NOT NULL${which} AND (${changed})`,
    params,
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
