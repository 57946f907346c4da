// Faults during a sync: throttling storms with and without Retry-After, 5xx, resets, truncated
// JSON, an expired delta link, a crash mid-run, two syncs at once. Each run must end complete,
// or failed with the previous data untouched, compared record for record.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { applyChurn } from "@/emulator/tenant/churn";
import { STEWARD_IDENTITY_NAME } from "@/emulator/tenant/generate";
import { subscriptionOfScope } from "@/emulator/tenant/model";
import { collections } from "./collections";
import { createDb, type Db } from "../db";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../testing/test-databases";
import { runSteward, stewardBin } from "../testing/run-steward";

describe.each(databaseKinds())("sync under faults into %s", (kind) => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let db: Db;

  const envFor = (extra: Record<string, string> = {}) => ({
    ...process.env,
    ...emulator.env,
    DATABASE_URL: database.url,
    ...extra,
  });

  async function sync(extra: Record<string, string> = {}, ...args: string[]) {
    const run = await runSteward(["sync", "--json", ...args], {
      ...emulator.env,
      DATABASE_URL: database.url,
      ...extra,
    });
    return { code: run.code, result: run.stdout ? JSON.parse(run.stdout) : null, stderr: run.stderr };
  }

  /** Every synced table, row by row, in key order. */
  async function snapshot() {
    const out: Record<string, unknown[]> = {};
    for (const c of Object.values(collections)) {
      const model = (c.table[0]!.toLowerCase() + c.table.slice(1)) as keyof Db;
      const delegate = db[model] as unknown as { findMany(args: object): Promise<unknown[]> };
      out[c.table] = await delegate.findMany({ orderBy: [{ tenantId: "asc" }, ...c.key.map((k) => ({ [k]: "asc" }))] });
    }
    out.HistoryEvent = await db.historyEvent.findMany({ orderBy: { id: "asc" } });
    out.SyncCursor = await db.syncCursor.findMany({ orderBy: { collection: "asc" } });
    return out;
  }

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 21, size: "demo", now: Date.parse("2026-11-01T00:00:00Z") });
    database = await createTestDatabase(kind);
    db = createDb(database.url);
    const first = await sync();
    expect(first.code).toBe(0);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
    await emulator?.close();
  });
  beforeEach(() => {
    emulator.faults.setSpec("");
  });

  it("rides out a 429 storm with Retry-After and stores the same data", async () => {
    applyChurn(emulator.tenant, { count: 4, seed: 1 });
    emulator.faults.setSpec("429:0.25:1s", 3);
    const { code, result } = await sync({}, "--full");
    expect(result.error).toBeNull();
    expect(code).toBe(0);
    expect(result.throttled).toBeGreaterThan(0);
    emulator.faults.setSpec("");
    const clean = await snapshotAfterCleanSync();
    expect(clean.changed).toBe(false);
  });

  it("backs off on 429s without Retry-After, and retries 5xx, resets and truncated JSON", async () => {
    applyChurn(emulator.tenant, { count: 4, seed: 2 });
    emulator.faults.setSpec("429-noretry:0.1,500:0.05,503:0.05,reset:0.05,truncate:0.05", 4);
    const { code, result } = await sync({}, "--full");
    expect(result.error).toBeNull();
    expect(code).toBe(0);
    expect(result.retries).toBeGreaterThan(0);
    emulator.faults.setSpec("");
    expect((await snapshotAfterCleanSync()).changed).toBe(false);
  });

  it("fails without touching stored data when the service stays down", async () => {
    const before = await snapshot();
    applyChurn(emulator.tenant, { count: 6, seed: 3 });
    emulator.faults.setSpec("503:1");
    const { code, result } = await sync({ STEWARD_SYNC_MAX_ATTEMPTS: "2" });
    expect(code).toBe(1);
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/503/);
    expect(await snapshot()).toEqual(before);
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ status: "failed" });
  });

  it("falls back to a full read when the delta link has expired", async () => {
    // As after seven days: every delta link handed out so far is refused.
    await control("/_emulator/delta/expire");
    const { code, result } = await sync();
    expect(code).toBe(0);
    expect(result).toMatchObject({ status: "succeeded", mode: "full", fellBackToFull: true });
    expect(result.warnings.map((w: { code: string }) => w.code)).toContain("deltaExpired");
    // What the fallback stored is what a full read stores: another one finds nothing to change.
    const again = await sync({}, "--full");
    expect(again.result).toMatchObject({ status: "succeeded", mode: "full" });
    expect(await db.historyEvent.count({ where: { runId: again.result.runId } })).toBe(0);
  });

  it("keeps a subscription's data, its custom roles and the users only its role assignments name, while it answers 403", async () => {
    const t = emulator.tenant;
    const [denied = "", ...others] = t.subscriptions.map((s) => s.subscriptionId.toLowerCase());
    // A custom role only that subscription can assign: nothing else lists it.
    const customRole = "Identity Steward test operator (one subscription)";
    t.addRoleDefinition({
      name: "00000000-0000-4000-8000-0000000c0403",
      roleName: customRole,
      type: "CustomRole",
      description: "Defined for one subscription only.",
      assignableScopes: [`/subscriptions/${denied}`],
      actions: ["Microsoft.Compute/virtualMachines/read"],
      notActions: [],
      dataActions: [],
      notDataActions: [],
    });
    const user = t.users.find((u) => !t.roleAssignmentsByPrincipal.get(u.id)?.length)!;
    t.addRoleAssignment({
      name: "00000000-0000-4000-8000-0000000f0403",
      scope: `/subscriptions/${denied}`,
      roleDefinitionName: "Contributor",
      principalId: user.id,
      principalType: "User",
      created: t.changeTime(),
      description: null,
    });
    expect((await sync({}, "--full")).code).toBe(0);
    const userStored = () => db.user.count({ where: { id: user.id } });
    const assignmentsOf = () => db.roleAssignment.count({ where: { subscriptionId: denied } });
    expect(await userStored()).toBe(1);
    const customRoleStored = () => db.roleDefinition.count({ where: { roleName: customRole } });
    expect(await customRoleStored()).toBe(1);
    const assignments = await assignmentsOf();
    // The sync identity loses Reader at the root: it keeps it on every other subscription and on one
    // resource group of the denied one, which it therefore still lists but may not read in full.
    const steward = [...t.servicePrincipals].find((sp) => sp.displayName === STEWARD_IDENTITY_NAME)!;
    const root = t.roleAssignmentsByPrincipal.get(steward.id)!.find((ra) => !subscriptionOfScope(ra.scope))!;
    t.removeRoleAssignment(root.name);
    const grants = [
      ...others.map((s) => `/subscriptions/${s}`),
      t.resourceGroups.find((g) => g.id.toLowerCase().includes(denied))!.id,
    ].map((scope, i) =>
      t.addRoleAssignment({
        name: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        scope,
        roleDefinitionName: "Reader",
        principalId: steward.id,
        principalType: "ServicePrincipal",
        created: t.changeTime(),
        description: null,
      }),
    );
    try {
      const { code, result } = await sync({}, "--full");
      expect(code, result?.error).toBe(0);
      expect(result.warnings.length).toBeGreaterThan(0);
      expect(await assignmentsOf()).toBe(assignments);
      expect(await userStored()).toBe(1);
      expect(await customRoleStored()).toBe(1);
    } finally {
      for (const g of grants) t.removeRoleAssignment(g.name);
      t.addRoleAssignment(root);
    }
  });

  it("leaves the data untouched when the process dies mid-run, and the next run takes over after the lease", async () => {
    applyChurn(emulator.tenant, { count: 6, seed: 4 });
    const before = await snapshot();
    emulator.faults.setSpec("slow:400ms");
    // Its own process group, so the kill takes the whole process tree, as a crash or an OOM kill would.
    const child = spawn(process.execPath, [stewardBin, "sync", "--json"], {
      env: envFor(),
      stdio: "ignore",
      detached: true,
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await waitFor(async () => (await db.syncLock.count()) === 1);
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    emulator.faults.setSpec("");
    expect(await snapshot()).toEqual(before);

    // The dead run still holds its lease: a new run is refused with that run's id.
    const refused = await sync();
    expect(refused.code).toBe(3);
    const lock = await db.syncLock.findFirstOrThrow();
    expect(refused.stderr).toContain(lock.runId);

    // Once the lease has expired, the next run takes over and marks the dead one abandoned.
    await db.syncLock.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const next = await sync();
    expect(next.code).toBe(0);
    const dead = await db.syncRun.findUniqueOrThrow({ where: { id: lock.runId } });
    expect(dead).toMatchObject({ status: "failed" });
    expect(dead.error).toMatch(/Abandoned/);
  });

  it("runs one of two syncs started together and refuses the other with its run id", async () => {
    applyChurn(emulator.tenant, { count: 3, seed: 6 });
    emulator.faults.setSpec("slow:150ms");
    const [a, b] = await Promise.all([sync(), sync()]);
    emulator.faults.setSpec("");
    expect([a.code, b.code].sort()).toEqual([0, 3]);
    const winner = a.code === 0 ? a : b;
    const loser = a.code === 0 ? b : a;
    expect(loser.stderr).toContain(winner.result.runId);
  });

  /** POSTs to the emulator's control endpoint over HTTPS, trusting its CA. */
  async function control(path: string, body: object = {}) {
    const url = new URL(path, emulator.urls.graph);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        {
          method: "POST",
          ca: readFileSync(emulator.env.NODE_EXTRA_CA_CERTS!),
          headers: { "content-type": "application/json" },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify(body));
    });
    expect(status).toBe(200);
  }

  async function waitFor(condition: () => Promise<boolean>, timeoutMs = 30_000) {
    const until = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > until) throw new Error("condition not met in time");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** After a clean sync, did anything differ from the faulted run's result? */
  async function snapshotAfterCleanSync() {
    const before = await snapshot();
    const again = await sync({}, "--full");
    expect(again.code).toBe(0);
    const after = await snapshot();
    const differing = Object.keys(after).filter(
      (table) =>
        table !== "HistoryEvent" &&
        table !== "SyncCursor" &&
        JSON.stringify(before[table]) !== JSON.stringify(after[table]),
    );
    if (differing.length > 0) {
      const t = differing[0]!;
      const b = new Set(before[t]!.map((r) => JSON.stringify(r)));
      const a = new Set(after[t]!.map((r) => JSON.stringify(r)));
      console.log(
        t,
        "only before:",
        [...b].filter((x) => !a.has(x)).slice(0, 3),
        "only after:",
        [...a].filter((x) => !b.has(x)).slice(0, 3),
      );
    }
    return { changed: differing.length > 0, differing };
  }
});
