// What an incremental run reads again, against the emulator, into SQLite and PostgreSQL: Resource
// Graph's summaries gate the role assignments of each resource group (a changed one is read again,
// an unchanged one is not, and no combination of deletions and additions slips by), its change log
// gates the resources with identities (only what it names is read again, only a `Delete` deletes),
// federated credentials are read for new identities only, and the daily full run comes on its own.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { applyChurn } from "@/emulator/tenant/churn";
import type { Resource, RoleAssignment } from "@/emulator/tenant/model";
import { createDb, type Db } from "../db";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../testing/test-databases";
import { runSteward } from "../testing/run-steward";

const lc = (s: string) => s.toLowerCase();
const assignmentId = (ra: RoleAssignment) =>
  lc(`${ra.scope}/providers/Microsoft.Authorization/roleAssignments/${ra.name}`);

describe.each(databaseKinds())("incremental sync into %s", (kind) => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let db: Db;
  let armPaths: string[] = [];
  let graphQueries: string[] = [];
  let graphBodies: { query: string; subscriptions?: string[] }[] = [];

  async function sync(...args: string[]) {
    const run = await runSteward(["sync", "--json", ...args], { ...emulator.env, DATABASE_URL: database.url });
    const result = run.stdout ? JSON.parse(run.stdout) : null;
    expect(result?.error ?? null, run.stderr).toBeNull();
    return result;
  }
  /** Subscriptions whose role assignments the last run listed through ARM. */
  const listed = () =>
    new Set(
      armPaths
        .map((p) => /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Authorization\/roleAssignments$/i.exec(p)?.[1])
        .filter((s): s is string => !!s)
        .map(lc),
    );
  /** Resource groups (subscription/group, the group empty for a subscription's own scope) whose assignments the last run read through Resource Graph. */
  const readAgain = () =>
    new Set(
      graphQueries.flatMap((q) =>
        [
          ...q.matchAll(/\(subscriptionId =~ '([^']+)' and (?:resourceGroup =~ '([^']+)'|isempty\(resourceGroup\))\)/g),
        ].map((m) => `${m[1]}/${m[2] ?? ""}`),
      ),
    );
  const groupOf = (ra: RoleAssignment) =>
    `${lc(/\/subscriptions\/([^/]+)/i.exec(ra.scope)![1]!)}/${lc(/\/resourceGroups\/([^/]+)/i.exec(ra.scope)?.[1] ?? "")}`;
  const subscriptionsWithAssignments = () =>
    [...emulator.tenant.roleAssignmentsBySubscription.entries()].filter(([, list]) => list.length > 1).map(([s]) => s);
  const stored = async (id: string) =>
    (await db.roleAssignment.findUnique({ where: { tenantId_id: { tenantId: emulator.tenant.tenantId, id } } })) !==
    null;

  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      seed: 41,
      size: "demo",
      now: Date.parse("2026-11-01T00:00:00Z"),
      onRequest: (service, request) => {
        if (service !== "arm") return;
        armPaths.push(request.url.pathname);
        if (/resourcegraph\/resources$/i.test(request.url.pathname)) {
          const body = JSON.parse(request.body.toString("utf8")) as { query: string; subscriptions?: string[] };
          graphQueries.push(body.query);
          graphBodies.push(body);
        }
      },
    });
    database = await createTestDatabase(kind);
    db = createDb(database.url);
    const first = await sync("--full");
    expect(first.mode).toBe("full");
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
    await emulator?.close();
  });
  beforeEach(() => {
    armPaths = [];
    graphQueries = [];
    graphBodies = [];
  });
  /** The full listing of resources with identities (as opposed to reading named ones again), with the subscriptions it covered. */
  const fullListings = () =>
    graphBodies.filter((b) => /^Resources \| where isnotempty\(identity\).*\| project /.test(b.query));
  const resourcesStored = async () => (await db.resource.findMany({ select: { id: true } })).map((r) => r.id).sort();
  const resourcesInTenant = () =>
    [...emulator.tenant.resources.values()]
      .filter((r) => r.uami || r.systemPrincipalId !== undefined || r.userAssigned.length > 0)
      .map((r) => lc(r.id))
      .sort();
  const attachmentsStored = async () =>
    (await db.identityAttachment.findMany()).map((a) => `${a.resourceId} -> ${a.identityResourceId}`).sort();
  const attachmentsInTenant = () =>
    [...emulator.tenant.resources.values()].flatMap((r) => r.userAssigned.map((u) => `${lc(r.id)} -> ${lc(u)}`)).sort();

  it("reads again only the resource groups whose role assignments changed, and applies those changes", async () => {
    const t = emulator.tenant;
    const [a, b, c] = subscriptionsWithAssignments();
    const gone = t.roleAssignmentsBySubscription.get(a!)![0]!;
    t.removeRoleAssignment(gone.name);
    const template = t.roleAssignmentsBySubscription.get(b!)![0]!;
    const added = t.addRoleAssignment({
      ...template,
      name: "00000000-0000-4000-8000-00000000b0b0",
      created: t.changeTime(),
    });

    const result = await sync("--incremental");
    expect(result.mode).toBe("incremental");
    expect(listed()).toEqual(new Set());
    expect(readAgain()).toEqual(new Set([groupOf(gone), groupOf(added)]));
    expect([...readAgain()].some((g) => g.startsWith(`${c}/`))).toBe(false);
    expect(await stored(assignmentId(gone))).toBe(false);
    expect(await stored(assignmentId(added))).toBe(true);
    const events = await db.historyEvent.findMany({
      where: { runId: result.runId, entityType: "azureRoleAssignment" },
    });
    expect(events.map((e) => `${e.change} ${e.entityId}`).sort()).toEqual(
      [`added ${assignmentId(added)}`, `removed ${assignmentId(gone)}`].sort(),
    );
  });

  it("catches a deletion and an addition that leave the count as it was", async () => {
    const t = emulator.tenant;
    const [, , d] = subscriptionsWithAssignments();
    const list = t.roleAssignmentsBySubscription.get(d!)!;
    const count = list.length;
    // Delete the newest one, so the latest timestamp would not move if the addition were not newer still.
    const gone = [...list].sort((x, y) => y.created - x.created)[0]!;
    t.removeRoleAssignment(gone.name);
    const added = t.addRoleAssignment({
      ...gone,
      name: "00000000-0000-4000-8000-00000000d0d0",
      created: t.changeTime(),
    });
    expect(t.roleAssignmentsBySubscription.get(d!)!.length).toBe(count);

    await sync("--incremental");
    expect(readAgain()).toEqual(new Set([groupOf(gone), groupOf(added)]));
    expect(await stored(assignmentId(gone))).toBe(false);
    expect(await stored(assignmentId(added))).toBe(true);
  });

  it("lists again only the management groups whose own assignments changed", async () => {
    const t = emulator.tenant;
    const groupOfScope = (ra: RoleAssignment) => lc(/managementGroups\/([^/]+)$/i.exec(ra.scope)?.[1] ?? "");
    const atGroups = t.tenantLevelRoleAssignments.filter(
      (ra) => groupOfScope(ra) && groupOfScope(ra) !== lc(t.tenantId),
    );
    const first = atGroups[0]!;
    const second = atGroups.find((ra) => groupOfScope(ra) !== groupOfScope(first))!;
    expect(second).toBeDefined();
    t.removeRoleAssignment(first.name);
    const added = t.addRoleAssignment({
      ...second,
      name: "00000000-0000-4000-8000-00000000e0e0",
      created: t.changeTime(),
    });
    await sync("--incremental");
    const listedGroups = new Set(
      armPaths
        .map((p) => /managementGroups\/([^/]+)\/providers\/Microsoft\.Authorization\/roleAssignments$/i.exec(p)?.[1])
        .filter((g): g is string => !!g)
        .map(lc),
    );
    expect(listedGroups).toEqual(new Set([groupOfScope(first), groupOfScope(second)]));
    expect(await stored(assignmentId(first))).toBe(false);
    expect(await stored(assignmentId(added))).toBe(true);
  });

  it("asks for per-group summaries only of the subscriptions whose own summary moved", async () => {
    const t = emulator.tenant;
    const [a, b] = subscriptionsWithAssignments();
    const template = t.roleAssignmentsBySubscription.get(a!)![0]!;
    t.addRoleAssignment({ ...template, name: "00000000-0000-4000-8000-00000000a1a1", created: t.changeTime() });
    await sync("--incremental");
    const perGroup = graphBodies.filter((q) => /by subscriptionId, resourceGroup$/.test(q.query));
    expect(perGroup.flatMap((q) => q.subscriptions ?? [])).toEqual([a]);
    expect(readAgain()).toEqual(new Set([groupOf(template)]));
    expect(
      await stored(
        lc(`${template.scope}/providers/Microsoft.Authorization/roleAssignments/00000000-0000-4000-8000-00000000a1a1`),
      ),
    ).toBe(true);
    // One summary per subscription answered for all of them at once.
    const perSubscription = graphBodies.filter(
      (q) => /by subscriptionId$/.test(q.query) && /authorizationresources/i.test(q.query),
    );
    expect(perSubscription).toHaveLength(1);
    expect(perSubscription[0]!.subscriptions).toContain(b);
  });

  it("reads again only the resources Resource Graph's change log names, and stores what churn made of them", async () => {
    const churn = applyChurn(emulator.tenant, { count: 30, seed: 77 });
    expect(churn.changes.some((c) => c.type === "attachment.added" || c.type === "attachment.removed")).toBe(true);
    const before = await db.resource.count();
    const result = await sync("--incremental");
    expect(fullListings()).toEqual([]);
    expect(graphQueries.some((q) => /^resourcechanges /.test(q))).toBe(true);
    const reread = graphQueries.filter((q) => /^Resources \| where id in~ \(/.test(q));
    expect(reread.length).toBeGreaterThan(0);
    // Far fewer resources were read than are stored.
    expect(result.counts.resources.fetched).toBeLessThan(before / 4);
    expect(await resourcesStored()).toEqual(resourcesInTenant());
    expect(await attachmentsStored()).toEqual(attachmentsInTenant());
  });

  it("keeps a resource the change log names but a read no longer returns, unless a Delete says it is gone", async () => {
    const t = emulator.tenant;
    const hidden = [...t.resources.values()].find(
      (r) => r.systemPrincipalId !== undefined && r.userAssigned.length === 0,
    )!;
    const sub = lc(hidden.subscriptionId);
    const list = t.resourcesBySubscription.get(sub)!;
    // Resource Graph's index lags its change log: an update of `hidden` is logged, but the resource
    // itself is not returned; meanwhile a resource created before the log's window takes its place
    // in the subscription's count, so the count agrees with what the changes explain.
    const older: Resource = { ...hidden, id: `${hidden.id}-older`, name: `${hidden.name}-older`, userAssigned: [] };
    list.splice(list.indexOf(hidden), 1, older);
    t.resources.delete(lc(hidden.id));
    t.resources.set(lc(older.id), older);
    t.updateResource(hidden, { tags: { previousValue: null, newValue: "{}" } });
    const result = await sync("--incremental");
    expect(fullListings()).toEqual([]);
    expect(graphQueries.some((q) => q.includes(`'${hidden.id}'`))).toBe(true);
    expect(await db.resource.count({ where: { id: lc(hidden.id) } })).toBe(1);
    expect(await db.historyEvent.count({ where: { runId: result.runId, change: "removed" } })).toBe(0);
    // Now it is deleted, and the log says so (the older one leaves as it came, unlogged).
    list.splice(list.indexOf(older), 1, hidden);
    t.resources.delete(lc(older.id));
    t.resources.set(lc(hidden.id), hidden);
    t.removeResource(hidden.id);
    t.deleteServicePrincipal(hidden.systemPrincipalId!);
    await sync("--incremental");
    expect(fullListings()).toEqual([]);
    expect(await db.resource.count({ where: { id: lc(hidden.id) } })).toBe(0);
    expect(await resourcesStored()).toEqual(resourcesInTenant());
  });

  it("lists a subscription in full when its count of resources disagrees with what the change log explains", async () => {
    const t = emulator.tenant;
    const victim: Resource = [...t.resources.values()].find(
      (r) => r.systemPrincipalId !== undefined && r.userAssigned.length === 0,
    )!;
    const sub = lc(victim.subscriptionId);
    // Deleted long ago as far as the log knows: the change is not in it.
    t.removeResource(victim.id);
    t.resourceChanges.pop();
    await sync("--incremental");
    expect(fullListings().map((b) => b.subscriptions)).toEqual([[sub]]);
    expect(await db.resource.count({ where: { id: lc(victim.id) } })).toBe(0);
    expect(await resourcesStored()).toEqual(resourcesInTenant());
  });

  it("reads every resource when there is no watermark to read the change log from, or it is older than the log", async () => {
    await db.syncFingerprint.deleteMany({ where: { collection: "resourceChanges" } });
    await sync("--incremental");
    expect(fullListings()).toHaveLength(1);
    expect(graphQueries.some((q) => /^resourcechanges /.test(q))).toBe(false);
    graphQueries = [];
    graphBodies = [];
    await sync("--incremental");
    expect(fullListings()).toHaveLength(0);
    await db.syncFingerprint.updateMany({
      where: { collection: "resourceChanges" },
      data: { fingerprint: new Date(Date.now() - 15 * 86_400_000).toISOString() },
    });
    graphQueries = [];
    graphBodies = [];
    await sync("--incremental");
    expect(fullListings()).toHaveLength(1);
  });

  it("reads every resource, with a warning, where Resource Graph has no change log, and deletes only what that full listing lacks", async () => {
    const t = emulator.tenant;
    const victim: Resource = [...t.resources.values()].find(
      (r) => r.systemPrincipalId !== undefined && r.userAssigned.length === 0,
    )!;
    t.removeResource(victim.id);
    t.resourceGraphTablesMissing.add("resourcechanges");
    try {
      const result = await sync("--incremental");
      expect(result.warnings.map((w: { code: string }) => w.code)).toContain("resourceChangesUnavailable");
      expect(fullListings()).toHaveLength(1);
      expect(await db.resource.count({ where: { id: lc(victim.id) } })).toBe(0);
      expect(await resourcesStored()).toEqual(resourcesInTenant());
      expect(await attachmentsStored()).toEqual(attachmentsInTenant());
    } finally {
      t.resourceGraphTablesMissing.clear();
    }
    // With the log back, the next run reads only what it names again.
    graphQueries = [];
    graphBodies = [];
    await sync("--incremental");
    expect(fullListings()).toHaveLength(0);
  });

  it("reads every app permission grant again but writes only what changed: a revoked one goes, the rest stay as stored", async () => {
    const t = emulator.tenant;
    const before = new Map((await db.appRoleAssignment.findMany()).map((a) => [a.id, a]));
    const victim = [...t.appRoleAssignmentsByResource.values()]
      .flat()
      .find((a) => t.spById.get(a.principalId)?.displayName !== "identity-steward")!;
    t.removeAppRoleAssignmentOf(victim);
    const result = await sync("--incremental");
    const after = await db.appRoleAssignment.findMany();
    expect(after.map((a) => a.id).sort()).toEqual(
      [...t.appRoleAssignmentsByResource.values()]
        .flat()
        .map((a) => a.id)
        .sort(),
    );
    expect(after).toHaveLength(before.size - 1);
    for (const a of after) expect(a).toEqual(before.get(a.id));
    const events = await db.historyEvent.findMany({ where: { runId: result.runId, entityType: "appRoleAssignment" } });
    expect(events.map((e) => [e.change, e.entityId])).toEqual([["removed", victim.id]]);
  });

  it("lists nothing again when nothing changed, and keeps what it stored", async () => {
    const before = await db.roleAssignment.count();
    const result = await sync("--incremental");
    expect(listed()).toEqual(new Set());
    expect(
      armPaths.some((p) => /managementGroups\/[^/]+\/providers\/Microsoft\.Authorization\/roleAssignments$/i.test(p)),
    ).toBe(false);
    expect(await db.roleAssignment.count()).toBe(before);
    expect(await db.historyEvent.count({ where: { runId: result.runId } })).toBe(0);
  });

  it("reads the federated credentials of new identities only, and forgets those of deleted ones", async () => {
    const t = emulator.tenant;
    const uamis = () => [...t.resources.values()].filter((r) => r.uami);
    const withCredentials = uamis().find(
      (r) => (r.uami?.federatedCredentials.length ?? 0) > 0 && !r.name.startsWith("identity-steward"),
    )!;
    const ficIds = withCredentials.uami!.federatedCredentials.map((f) =>
      lc(`${withCredentials.id}/federatedIdentityCredentials/${f.name}`),
    );
    expect(await db.federatedCredential.count({ where: { id: { in: ficIds } } })).toBe(ficIds.length);
    // The identity goes, as an administrator would delete it: the resource and its principal.
    t.removeResource(withCredentials.id);
    t.deleteServicePrincipal(withCredentials.uami!.principalId);

    const result = await sync("--incremental");
    const credentialReads = armPaths.filter((p) => /\/federatedIdentityCredentials$/i.test(p));
    expect(credentialReads).toEqual([]);
    expect(await db.federatedCredential.count({ where: { id: { in: ficIds } } })).toBe(0);
    expect(result.counts.federatedCredentials?.removed).toBe(ficIds.length);
  });

  it("keeps a subscription's resources while Resource Graph shows none of them, though ARM lists its role assignments again", async () => {
    const t = emulator.tenant;
    const quiet = [...t.resourcesBySubscription.entries()].find(
      ([sub, list]) => list.some((r) => r.uami || r.systemPrincipalId) && subscriptionsWithAssignments().includes(sub),
    )![0];
    const resourcesOf = () => db.resource.count({ where: { subscriptionId: quiet } });
    const attachmentsOf = () => db.identityAttachment.count({ where: { subscriptionId: quiet } });
    const [resources, attachments] = [await resourcesOf(), await attachmentsOf()];
    expect(resources).toBeGreaterThan(0);
    t.resourceGraphLagging.add(quiet);
    try {
      const result = await sync("--incremental");
      // Its summaries vanished, so ARM lists its role assignments again (and they stand)...
      expect(listed().has(quiet)).toBe(true);
      // ...but Resource Graph's silence is not a deletion: what it held stays until a full run.
      expect(await resourcesOf()).toBe(resources);
      expect(await attachmentsOf()).toBe(attachments);
      expect(await db.historyEvent.count({ where: { runId: result.runId, change: "removed" } })).toBe(0);
    } finally {
      t.resourceGraphLagging.delete(quiet);
    }
    await sync("--full");
    expect(await resourcesOf()).toBe(resources);
  });

  it("runs a full sync on its own when the last one is a day old", async () => {
    expect((await sync()).mode).toBe("incremental");
    await db.syncRun.updateMany({
      where: { mode: "full" },
      data: { startedAt: new Date(Date.now() - 25 * 3600_000) },
    });
    const result = await sync();
    expect(result.mode).toBe("full");
    // Every subscription is listed again, and nothing that did not change is recorded as a change.
    expect(listed().size).toBe(emulator.tenant.subscriptions.length);
    expect(await db.historyEvent.count({ where: { runId: result.runId } })).toBe(0);
  });
});
