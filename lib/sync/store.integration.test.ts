// The stage/apply engine on both databases: only differences are written, history records each
// appearance, change and disappearance, scopes limit deletions, and a failed apply changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../testing/test-databases";
import { openConnection, type SqlConnection } from "./sql/connection";
import { SyncStore, type Row } from "./store";

const tenantId = "11111111-1111-1111-1111-111111111111";

const sp = (id: string, overrides: Row = {}): Row => ({
  id,
  appId: `app-${id}`,
  displayName: `mi-${id}`,
  servicePrincipalType: "ManagedIdentity",
  accountEnabled: true,
  alternativeNames: [
    "isExplicit=True",
    `/subscriptions/s1/resourcegroups/rg/providers/microsoft.managedidentity/userassignedidentities/mi-${id}`,
  ],
  servicePrincipalNames: [`app-${id}`],
  tags: [],
  appRoles: [],
  miKind: "UserAssigned",
  miResourceId: `/subscriptions/s1/resourcegroups/rg/providers/microsoft.managedidentity/userassignedidentities/mi-${id}`,
  subscriptionId: "s1",
  ...overrides,
});

const ra = (id: string, principalId: string, subscriptionId: string | null, scopeLevel = "subscription"): Row => ({
  id,
  name: id,
  scope: subscriptionId ? `/subscriptions/${subscriptionId}` : "/",
  scopeLevel,
  subscriptionId,
  roleDefinitionId: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  principalId,
  principalType: "ServicePrincipal",
  createdOn: new Date("2026-01-01T00:00:00Z"),
});

describe.each(databaseKinds())("sync store on %s", (kind) => {
  let database: TestDatabase;
  let db: Db;
  let conn: SqlConnection;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = createDb(database.url);
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  async function run(runId: string, fn: (store: SyncStore) => Promise<void>) {
    conn = await openConnection(database.url);
    try {
      const store = new SyncStore(conn, tenantId);
      await fn(store);
    } finally {
      await conn.close();
    }
  }

  it("inserts a first snapshot and records each identity's appearance", async () => {
    await run("r1", async (store) => {
      await store.stage("servicePrincipals", [sp("a"), sp("b"), sp("c")]);
      const counts = await conn.transaction(() =>
        store.apply("servicePrincipals", { kind: "missing" }, { runId: "r1", at: new Date("2026-03-01T00:00:00Z") }),
      );
      expect(counts).toEqual({ added: 3, removed: 0, changed: 0 });
    });
    const rows = await db.servicePrincipal.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect(rows[0]).toMatchObject({ miKind: "UserAssigned", accountEnabled: true, displayName: "mi-a" });
    expect(rows[0]!.firstSeenAt.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(rows[0]!.alternativeNames).toEqual(sp("a").alternativeNames);
    const events = await db.historyEvent.findMany({ where: { runId: "r1" } });
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ entityType: "identity", change: "added", summary: "appeared" });
    expect((events.find((e) => e.subjectId === "a")!.details as Record<string, unknown>).displayName).toBe("mi-a");
  });

  it("writes only what changed, keeps firstSeenAt, and records changes and removals", async () => {
    await run("r2", async (store) => {
      await store.stage("servicePrincipals", [
        sp("a"),
        sp("b", { displayName: "renamed", accountEnabled: false }),
        sp("d"),
      ]);
      const counts = await conn.transaction(() =>
        store.apply("servicePrincipals", { kind: "missing" }, { runId: "r2", at: new Date("2026-03-02T00:00:00Z") }),
      );
      expect(counts).toEqual({ added: 1, removed: 1, changed: 1 });
    });
    const rows = await db.servicePrincipal.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.id)).toEqual(["a", "b", "d"]);
    expect(rows.find((r) => r.id === "b")).toMatchObject({ displayName: "renamed", accountEnabled: false });
    expect(rows.find((r) => r.id === "b")!.firstSeenAt.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    const events = await db.historyEvent.findMany({ where: { runId: "r2" }, orderBy: { subjectId: "asc" } });
    expect(events.map((e) => `${e.subjectId}:${e.change}`)).toEqual(["b:changed", "c:removed", "d:added"]);
    const changed = events.find((e) => e.change === "changed")!.details as Record<string, unknown[]>;
    expect(changed.displayName).toEqual(["mi-b", "renamed"]);
  });

  it("changes nothing when a run fails during apply", async () => {
    const before = await db.servicePrincipal.findMany({ orderBy: { id: "asc" } });
    const historyBefore = await db.historyEvent.count();
    await run("r3", async (store) => {
      await store.stage("servicePrincipals", [sp("x")]);
      await expect(
        conn.transaction(async () => {
          await store.apply("servicePrincipals", { kind: "missing" }, { runId: "r3", at: new Date() });
          throw new Error("crash after apply, before commit");
        }),
      ).rejects.toThrow("crash");
    });
    expect(await db.servicePrincipal.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    expect(await db.historyEvent.count()).toBe(historyBefore);
  });

  it("deletes only inside the scope that was enumerated completely", async () => {
    await run("r4", async (store) => {
      await store.stage("roleAssignments", [ra("ra1", "a", "s1"), ra("ra2", "a", "s2"), ra("ra3", "b", null, "root")]);
      await conn.transaction(() =>
        store.apply("roleAssignments", { kind: "missing" }, { runId: "r4", at: new Date() }),
      );
    });
    // s2 could not be read this time: its assignment must survive; s1's and the root's are re-read.
    await run("r5", async (store) => {
      await store.stage("roleAssignments", [ra("ra3", "b", null, "root")]);
      const counts = await conn.transaction(() =>
        store.apply(
          "roleAssignments",
          { kind: "missing", scope: (a, p) => `${a}."subscriptionId" IS NULL OR ${a}."subscriptionId" = ${p("s1")}` },
          { runId: "r5", at: new Date() },
        ),
      );
      expect(counts).toEqual({ added: 0, removed: 1, changed: 0 });
    });
    expect((await db.roleAssignment.findMany({ orderBy: { id: "asc" } })).map((r) => r.id)).toEqual(["ra2", "ra3"]);
    const removed = await db.historyEvent.findFirstOrThrow({ where: { runId: "r5" } });
    expect(removed).toMatchObject({
      entityType: "azureRoleAssignment",
      change: "removed",
      subjectId: "a",
      entityId: "ra1",
    });
  });

  it("applies delta removals by key and keeps rows delta did not mention", async () => {
    await run("r6", async (store) => {
      await store.stage("servicePrincipals", [sp("e")]);
      await store.stageRemoved("servicePrincipals", [{ id: "a" }]);
      const counts = await conn.transaction(() =>
        store.apply("servicePrincipals", { kind: "listed" }, { runId: "r6", at: new Date() }),
      );
      expect(counts).toEqual({ added: 1, removed: 1, changed: 0 });
    });
    expect((await db.servicePrincipal.findMany({ orderBy: { id: "asc" } })).map((r) => r.id)).toEqual(["b", "d", "e"]);
  });

  it("keeps one row when the same key is staged twice (an assignment inherited by many subscriptions)", async () => {
    await run("r7", async (store) => {
      await store.stage("roleAssignments", [ra("mg1", "d", null, "managementGroup")]);
      await store.stage("roleAssignments", [ra("mg1", "d", null, "managementGroup")]);
      expect(await store.stagedCount("roleAssignments")).toBe(1);
    });
  });

  it("releases the applied stage, and stages again afterwards", async () => {
    await run("r8", async (store) => {
      await store.stage("servicePrincipals", [sp("f")]);
      await store.release();
      // The stage is gone: reading it fails, and staging creates it anew, empty.
      await expect(conn.all(`SELECT count(*) AS "n" FROM ${store.stageTable("servicePrincipals")}`)).rejects.toThrow();
      await store.stage("servicePrincipals", [sp("g")]);
      expect(await store.stagedCount("servicePrincipals")).toBe(1);
    });
  });

  it("reads rows as arrays without changing what the same statement returns as objects", async () => {
    conn = await openConnection(database.url);
    try {
      const sql = `SELECT "id", "displayName" FROM "ServicePrincipal" WHERE "tenantId" = ${conn.p(1)} ORDER BY "id"`;
      const objects = await conn.all<{ id: string; displayName: string }>(sql, [tenantId]);
      expect(await conn.rows(sql, [tenantId])).toEqual(objects.map((o) => [o.id, o.displayName]));
      expect(await conn.all(sql, [tenantId])).toEqual(objects);
    } finally {
      await conn.close();
    }
  });
});
