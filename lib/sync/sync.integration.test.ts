// The real sync, as a user runs it (`steward sync` in its own process, MSAL managed identity,
// HTTPS with the emulator's CA), against the emulator, into SQLite and PostgreSQL. The stored
// model is compared with the tenant the emulator generated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { applyChurn } from "@/emulator/tenant/churn";
import type { Tenant } from "@/emulator/tenant/model";
import { createDb, type Db } from "../db";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../testing/test-databases";
import { runSteward } from "../testing/run-steward";

const lc = (s: string) => s.toLowerCase();

async function sync(emulator: RunningEmulator, databaseUrl: string, ...args: string[]) {
  const run = await runSteward(["sync", "--json", ...args], { ...emulator.env, DATABASE_URL: databaseUrl });
  return { code: run.code, result: run.stdout ? JSON.parse(run.stdout) : null, stderr: run.stderr };
}

/** What the database must hold, computed from the emulator's own model. */
function expected(t: Tenant) {
  const sps = t.servicePrincipals.filter((sp) => !sp.deleted);
  const mis = sps.filter((sp) => sp.servicePrincipalType === "ManagedIdentity");
  const attachments: string[] = [];
  for (const r of t.resources.values()) for (const u of r.userAssigned) attachments.push(`${lc(r.id)} -> ${lc(u)}`);
  const roleAssignments = [...t.tenantLevelRoleAssignments, ...[...t.roleAssignmentsBySubscription.values()].flat()];
  const spIds = new Set(sps.map((sp) => sp.id));
  const direct: string[] = [];
  for (const g of t.groups) if (!g.deleted) for (const m of g.members) if (spIds.has(m)) direct.push(`${m} in ${g.id}`);
  const transitive: string[] = [];
  for (const g of t.groups)
    if (!g.deleted) for (const m of t.transitiveMembers(g.id)) if (spIds.has(m)) transitive.push(`${m} in ${g.id}`);
  return {
    identities: mis.map((sp) => `${sp.id} ${sp.miKind} ${lc(sp.armId ?? "")}`).sort(),
    attachments: attachments.sort(),
    miRoleAssignments: roleAssignments
      .filter((ra) => mis.some((mi) => mi.id === ra.principalId))
      .map((ra) => `${ra.principalId} ${lc(ra.scope === "" ? "/" : ra.scope)}`)
      .sort(),
    directMemberships: direct.sort(),
    transitiveMemberships: [...new Set(transitive)].sort(),
    appRoleAssignments: [...t.appRoleAssignmentsByPrincipal.values()].flat().filter((a) => spIds.has(a.principalId))
      .length,
  };
}

async function stored(db: Db) {
  const [identities, attachments, roleAssignments, memberships, transitive, appRoleAssignments] = await Promise.all([
    db.servicePrincipal.findMany({ where: { miKind: { not: null } } }),
    db.identityAttachment.findMany(),
    db.roleAssignment.findMany({ where: { principalType: "ServicePrincipal" } }),
    db.groupMembership.findMany({ where: { memberType: "ServicePrincipal" } }),
    db.transitiveMembership.findMany(),
    db.appRoleAssignment.count({ where: { principalType: "ServicePrincipal" } }),
  ]);
  const miIds = new Set(identities.map((i) => i.id));
  return {
    identities: identities.map((i) => `${i.id} ${i.miKind} ${i.miResourceId}`).sort(),
    attachments: attachments.map((a) => `${a.resourceId} -> ${a.identityResourceId}`).sort(),
    miRoleAssignments: roleAssignments
      .filter((r) => miIds.has(r.principalId))
      .map((r) => `${r.principalId} ${r.scope}`)
      .sort(),
    directMemberships: memberships.map((m) => `${m.memberId} in ${m.groupId}`).sort(),
    transitiveMemberships: transitive.map((m) => `${m.principalId} in ${m.groupId}`).sort(),
    appRoleAssignments,
  };
}

describe.each(databaseKinds())("sync against the emulator into %s", (kind) => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 11, size: "demo", now: Date.parse("2026-11-01T00:00:00Z") });
    database = await createTestDatabase(kind);
    db = createDb(database.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
    await emulator?.close();
  });

  it("stores every identity, attachment, grant and membership of the tenant", async () => {
    const { code, result } = await sync(emulator, database.url);
    expect(result?.error ?? null).toBeNull();
    expect(code).toBe(0);
    expect(result).toMatchObject({ status: "succeeded", mode: "full" });
    const want = expected(emulator.tenant);
    const got = await stored(db);
    expect(got.identities).toEqual(want.identities);
    expect(got.attachments).toEqual(want.attachments);
    expect(got.miRoleAssignments).toEqual(want.miRoleAssignments);
    expect(got.directMemberships).toEqual(want.directMemberships);
    expect(got.transitiveMemberships).toEqual(want.transitiveMemberships);
    expect(got.appRoleAssignments).toBe(want.appRoleAssignments);
    // Permission names come from the resource's own appRoles.
    const graphGrants = await db.appRoleAssignment.findMany({
      where: { resourceAppId: "00000003-0000-0000-c000-000000000000" },
    });
    expect(graphGrants.length).toBeGreaterThan(0);
    expect(graphGrants.every((g) => g.appRoleValue)).toBe(true);
    // A first load records no per-row "appeared" events: each row's firstSeenAt starts its timeline.
    expect(await db.historyEvent.count()).toBe(0);
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: result.runId } });
    const firstSeen = new Set(
      [
        ...(await db.servicePrincipal.findMany({ select: { firstSeenAt: true } })),
        ...(await db.roleAssignment.findMany({ select: { firstSeenAt: true } })),
        ...(await db.groupMembership.findMany({ select: { firstSeenAt: true } })),
        ...(await db.identityAttachment.findMany({ select: { firstSeenAt: true } })),
      ].map((r) => r.firstSeenAt.getTime()),
    );
    expect(firstSeen.size).toBe(1);
    const [at] = [...firstSeen];
    expect(at).toBeGreaterThanOrEqual(run.startedAt.getTime());
    expect(at).toBeLessThanOrEqual(run.finishedAt!.getTime());
  });

  it("records exactly the changes churn made, incrementally", async () => {
    const before = await stored(db);
    const churn = applyChurn(emulator.tenant, { count: 12, seed: 5 });
    expect(churn.changes.length).toBeGreaterThan(0);
    const { code, result } = await sync(emulator, database.url);
    expect(code).toBe(0);
    expect(result.mode).toBe("incremental");
    const want = expected(emulator.tenant);
    const got = await stored(db);
    expect(got).toEqual(want);
    expect(got).not.toEqual(before);

    const run = await db.historyEvent.findMany({ where: { runId: result.runId } });
    for (const change of churn.changes) {
      if (change.type === "identity.created")
        expect(run).toContainEqual(
          expect.objectContaining({ entityType: "identity", change: "added", subjectId: change.id }),
        );
      if (change.type === "identity.deleted")
        expect(run).toContainEqual(
          expect.objectContaining({ entityType: "identity", change: "removed", subjectId: change.id }),
        );
    }
  });

  it("changes nothing when nothing changed", async () => {
    const events = await db.historyEvent.count();
    const { code, result } = await sync(emulator, database.url);
    expect(code).toBe(0);
    expect(await db.historyEvent.count()).toBe(events);
    for (const [name, c] of Object.entries(result.counts as Record<string, { added?: number; removed?: number }>)) {
      expect({ name, added: c.added ?? 0, removed: c.removed ?? 0 }).toEqual({ name, added: 0, removed: 0 });
    }
  });
});
