// The inventory's read side on SQLite and PostgreSQL, over the demo tenant synced by `steward sync`:
// keyset pages in every sort (NULLs last, both directions), every filter and search form, counts,
// the CSV view export, filter options, the identity detail and the overview.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { applyChurn } from "@/emulator/tenant/churn";
import { createDb, type Db } from "../db";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../testing/test-databases";
import { runSteward } from "../testing/run-steward";
import { openConnection } from "../sync/sql/connection";
import { loadSnapshotIndex } from "../findings/load-snapshot";
import { defaultRuleConfig } from "../rules/config";
import { findIdentityControllers } from "../rules/privilege/find-identity-controllers";
import { getPrivilegeModel } from "../rules/privilege/privilege-model";
import { IDENTITY_SORT_KEYS, type IdentityFilters } from "../url-state/identities";
import { countIdentities } from "./count-identities";
import { exportIdentities } from "./export-identities";
import { getIdentity } from "./get-identity";
import { getOverview } from "./get-overview";
import { IDENTITY_KEYSET_COLUMNS } from "./identity-query";
import { listIdentities } from "./list-identities";
import { listIdentityFilterOptions } from "./list-identity-filter-options";

async function sync(emulator: RunningEmulator, databaseUrl: string) {
  const { code, stdout, stderr } = await runSteward(["sync", "--json"], { ...emulator.env, DATABASE_URL: databaseUrl });
  expect({ code, output: code === 0 ? "" : `${stderr}${stdout}`.slice(0, 3000) }).toEqual({ code: 0, output: "" });
  expect(JSON.parse(stdout).status).toBe("succeeded");
}

type Mi = Awaited<ReturnType<Db["servicePrincipal"]["findMany"]>>[number];

/** Every page of a view, walking Next, then back again with Previous. */
async function walk(db: Db, tenantId: string, filters: IdentityFilters, take: number) {
  const pages: string[][] = [];
  const prevs: (string | null)[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 500; guard += 1) {
    const page = await listIdentities(tenantId, { ...filters, cursor }, { db, take });
    pages.push(page.items.map((i) => i.id));
    prevs.push(page.prevCursor);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const back: string[][] = [pages[pages.length - 1]!];
  let prev = prevs[prevs.length - 1];
  while (prev) {
    const page = await listIdentities(tenantId, { ...filters, cursor: prev }, { db, take });
    back.unshift(page.items.map((i) => i.id));
    prev = page.prevCursor;
  }
  return { ids: pages.flat(), pages, back };
}

describe.each(databaseKinds())("identities on %s", (kind) => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let db: Db;
  let tenantId: string;
  let mis: Mi[];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 3, size: "demo", now: Date.parse("2026-11-01T00:00:00Z") });
    database = await createTestDatabase(kind);
    db = createDb(database.url);
    tenantId = emulator.env.AZURE_TENANT_ID!.toLowerCase();
    await sync(emulator, database.url);
    // A second run with changes, so timelines have more than the first sight.
    applyChurn(emulator.tenant, { count: 12, seed: 4 });
    await sync(emulator, database.url);
    mis = await db.servicePrincipal.findMany({ where: { tenantId, miKind: { not: null } } });
    expect(mis.length).toBeGreaterThan(20);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
    await emulator?.close();
  });

  it.each(IDENTITY_SORT_KEYS.flatMap((sort) => (["asc", "desc"] as const).map((dir) => ({ sort, dir }))))(
    "pages by $sort $dir in the database's own order, NULLs last, forward and back",
    async ({ sort, dir }) => {
      const column = IDENTITY_KEYSET_COLUMNS[sort];
      // The oracle: the database sorting the whole inventory at once.
      const expected = await db.servicePrincipal.findMany({
        where: { tenantId, miKind: { not: null } },
        orderBy: [{ [column.field]: column.nullable ? { sort: dir, nulls: "last" } : dir }, { id: dir }],
        select: { id: true },
      });
      const { ids, pages, back } = await walk(db, tenantId, { sort, dir }, 7);
      expect(ids).toEqual(expected.map((r) => r.id));
      expect(back).toEqual(pages);
    },
  );

  it("has NULLs in a nullable sort column, so the NULL ordering above is really exercised", async () => {
    const signedIn = mis.filter((m) => m.lastSignInAt !== null).length;
    expect(signedIn).toBeGreaterThan(0);
    expect(signedIn).toBeLessThan(mis.length);
  });

  it("filters by each field as the URL contract says", async () => {
    const all = async (filters: IdentityFilters) => (await walk(db, tenantId, filters, 50)).ids.sort();
    const ids = (rows: Mi[]) => rows.map((m) => m.id).sort();
    const sample = mis.find((m) => m.miKind === "SystemAssigned" && m.resourceGroup && m.resourceType)!;
    const level = { none: 0, low: 1, medium: 2, high: 3, critical: 4 } as const;

    expect(await all({ kind: "UserAssigned" })).toEqual(ids(mis.filter((m) => m.miKind === "UserAssigned")));
    expect(await all({ subscription: sample.subscriptionId! })).toEqual(
      ids(mis.filter((m) => m.subscriptionId === sample.subscriptionId)),
    );
    expect(await all({ resourceGroup: sample.resourceGroup! })).toEqual(
      ids(mis.filter((m) => m.resourceGroup === sample.resourceGroup)),
    );
    expect(await all({ resourceType: sample.resourceType! })).toEqual(
      ids(mis.filter((m) => m.resourceType === sample.resourceType)),
    );
    const orphaned = ids(mis.filter((m) => m.isOrphaned));
    expect(orphaned.length).toBeGreaterThan(0);
    expect(await all({ orphaned: true })).toEqual(orphaned);
    expect(await all({ orphaned: false })).toEqual(ids(mis.filter((m) => !m.isOrphaned)));
    for (const name of ["critical", "high", "none"] as const) {
      expect(await all({ privilege: name })).toEqual(ids(mis.filter((m) => m.privilegeLevel === level[name])));
    }
    expect(await all({ findings: "open" })).toEqual(ids(mis.filter((m) => m.openFindingCount > 0)));
    expect(await all({ findings: "none" })).toEqual(ids(mis.filter((m) => m.openFindingCount === 0)));
    // Filters combine.
    expect(await all({ kind: "SystemAssigned", findings: "open", subscription: sample.subscriptionId! })).toEqual(
      ids(
        mis.filter(
          (m) => m.miKind === "SystemAssigned" && m.openFindingCount > 0 && m.subscriptionId === sample.subscriptionId,
        ),
      ),
    );
  });

  it("searches by name fragment (any case), object id, client id and ARM id", async () => {
    const search = async (q: string) => (await walk(db, tenantId, { q }, 50)).ids.sort();
    const uami = mis.find((m) => m.miKind === "UserAssigned" && m.attachedResourceCount > 0)!;
    const fragment = uami.displayName.slice(1, 5).toUpperCase();
    expect(await search(fragment)).toEqual(
      mis
        .filter((m) => m.displayName.toLowerCase().includes(fragment.toLowerCase()))
        .map((m) => m.id)
        .sort(),
    );
    expect(await search(uami.id.toUpperCase())).toEqual([uami.id]);
    expect(await search(uami.appId)).toEqual([uami.id]);
    expect(await search(uami.miResourceArmId!)).toEqual([uami.id]);
    // A resource the identity is attached to finds it, as does the host of a system-assigned one.
    const attachment = await db.identityAttachment.findFirstOrThrow({
      where: { tenantId, identityResourceId: uami.miResourceId! },
    });
    expect(await search(attachment.resourceId)).toContain(uami.id);
    // A resource group id lists what lives in it (and not in a group whose name merely starts alike).
    const rg = uami.miResourceId!.split("/providers/")[0]!;
    expect(await search(rg)).toEqual(
      mis
        .filter((m) => m.miResourceId?.startsWith(`${rg}/`))
        .map((m) => m.id)
        .sort(),
    );
    // LIKE wildcards are text, not patterns.
    expect(await search("%")).toEqual([]);
    const dashed = mis.find((m) => m.displayName.includes("-"))!;
    const underscored = dashed.displayName.replace("-", "_");
    expect(await search(underscored)).toEqual([]);
    await db.servicePrincipal.update({
      where: { tenantId_id: { tenantId, id: dashed.id } },
      data: { displayName: underscored },
    });
    try {
      expect(await search(underscored)).toEqual([dashed.id]);
    } finally {
      await db.servicePrincipal.update({
        where: { tenantId_id: { tenantId, id: dashed.id } },
        data: { displayName: dashed.displayName },
      });
    }
    expect(await search("no-such-identity-anywhere")).toEqual([]);
  });

  it("counts what the list shows", async () => {
    expect(await countIdentities(tenantId, {}, { db })).toBe(mis.length);
    expect(await countIdentities(tenantId, { kind: "UserAssigned", findings: "open" }, { db })).toBe(
      mis.filter((m) => m.miKind === "UserAssigned" && m.openFindingCount > 0).length,
    );
  });

  it("refuses a tampered cursor with a 422 and keeps working with a good one", async () => {
    const first = await listIdentities(tenantId, { sort: "privilege", dir: "desc" }, { db, take: 5 });
    const payload = JSON.parse(Buffer.from(first.nextCursor!, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, x: "not a number" })).toString("base64url");
    await expect(
      listIdentities(tenantId, { sort: "privilege", dir: "desc", cursor: forged }, { db, take: 5 }),
    ).rejects.toMatchObject({ code: "invalid_input", details: { field: "cursor" } });
    // A cursor from another sort is refused rather than silently misread.
    await expect(
      listIdentities(tenantId, { sort: "name", dir: "asc", cursor: first.nextCursor! }, { db, take: 5 }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("exports the current view: same filters, same order, every page, contract fields", async () => {
    const filters: IdentityFilters = { kind: "SystemAssigned", sort: "azureRoles", dir: "desc" };
    const records = [];
    for await (const r of exportIdentities(tenantId, { db, filters, pageSize: 4 })) records.push(r);
    expect(records.map((r) => r.id)).toEqual((await walk(db, tenantId, filters, 50)).ids);
    const host = records.find((r) => r.attachedResourceIds.length > 0)!;
    expect(host.resourceId?.toLowerCase()).toBe(host.attachedResourceIds[0]!.toLowerCase());
    // The CLI's whole-inventory export is unchanged: every identity, in id order.
    const everything = [];
    for await (const r of exportIdentities(tenantId, { db, pageSize: 9 })) everything.push(r.id);
    expect(everything).toEqual(mis.map((m) => m.id).sort());
  });

  it("offers the subscriptions, resource groups and types the inventory holds, with counts", async () => {
    const options = await listIdentityFilterOptions(tenantId, { db });
    expect(options.subscriptions.reduce((n, s) => n + s.count, 0)).toBe(mis.filter((m) => m.subscriptionId).length);
    expect(options.subscriptions.every((s) => s.name !== null)).toBe(true);
    expect(options.resourceTypes.map((t) => t.type).sort()).toEqual(
      [...new Set(mis.map((m) => m.resourceType).filter(Boolean))].sort(),
    );
    const sub = options.subscriptions[0]!.id;
    const narrowed = await listIdentityFilterOptions(tenantId, { db, subscription: sub });
    expect(narrowed.resourceGroups.reduce((n, g) => n + g.count, 0)).toBe(
      mis.filter((m) => m.subscriptionId === sub && m.resourceGroup).length,
    );
  });

  it("shows where an identity lives, every grant, its findings; unknown ids are not found", async () => {
    const uami = mis.find((m) => m.miKind === "UserAssigned" && m.attachedResourceCount > 1)!;
    const detail = await getIdentity(tenantId, uami.id.toUpperCase(), { db });
    expect(detail.identity.id).toBe(uami.id);
    expect(detail.host).toBeNull();
    expect(detail.identityResource).toMatchObject({ exists: true, armId: uami.miResourceArmId });
    const attached = await db.identityAttachment.findMany({ where: { tenantId, identityResourceId: uami.miResourceId! } });
    expect(detail.attachedResources.map((r) => r.armId.toLowerCase()).sort()).toEqual(
      attached.map((a) => a.resourceId).sort(),
    );
    expect(detail.orphanedReason).toMatch(/^In use: attached to \d+ resources/);

    const host = mis.find((m) => m.miKind === "SystemAssigned" && !m.isOrphaned && m.azureRoleCount > 0)!;
    const hosted = await getIdentity(tenantId, host.id, { db });
    expect(hosted.host).toMatchObject({ exists: true, armId: expect.stringMatching(/^\/subscriptions\//) });
    expect(hosted.host!.armId.toLowerCase()).toBe(host.miResourceId);
    // Direct Azure roles are the counter; roles held through groups come on top, naming the group.
    expect(hosted.azureRoles.filter((r) => r.via === null)).toHaveLength(host.azureRoleCount);
    expect(hosted.azureRoles.every((r) => !r.roleName.startsWith("Unknown role"))).toBe(true);
    expect(hosted.findings.map((f) => f.id).sort()).toEqual(
      (await db.finding.findMany({ where: { tenantId, subjectId: host.id } })).map((f) => f.id).sort(),
    );

    const member = mis.find((m) => m.groupCount > 0)!;
    const withGroups = await getIdentity(tenantId, member.id, { db });
    expect(withGroups.groups).toHaveLength(member.groupCount);
    for (const g of withGroups.groups) {
      expect(g.path).toHaveLength(g.depth);
      expect(g.path[g.path.length - 1]!.id).toBe(g.group.id);
      expect(g.path.every((step) => step.name !== step.id)).toBe(true);
    }

    const permitted = mis.find((m) => m.appRoleCount > 0)!;
    const perms = (await getIdentity(tenantId, permitted.id, { db })).appPermissions;
    expect(perms).toHaveLength(permitted.appRoleCount);
    expect(perms.every((p) => p.resourceDisplayName !== "" && !/^[0-9a-f-]{36}$/.test(p.permission))).toBe(true);

    await expect(getIdentity(tenantId, "00000000-0000-0000-0000-000000000000", { db })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(getIdentity(tenantId, "../etc", { db })).rejects.toMatchObject({ code: "not_found" });
    // An application service principal is not a managed identity.
    const app = await db.servicePrincipal.findFirstOrThrow({ where: { tenantId, miKind: null } });
    await expect(getIdentity(tenantId, app.id, { db })).rejects.toMatchObject({ code: "not_found" });
  });

  it("finds the same controllers from its small snapshot as the rules do over the whole tenant", async () => {
    const conn = await openConnection(database.url);
    const { index } = await loadSnapshotIndex(conn, tenantId, { now: new Date(), cloud: "custom" }).finally(() =>
      conn.close(),
    );
    const privilege = getPrivilegeModel(index, defaultRuleConfig);
    let compared = 0;
    for (const mi of index.managedIdentities) {
      const expected = findIdentityControllers(index, privilege, mi)
        .map((c) => `${c.principalId}|${c.roleName}|${c.scope}|${c.route}|${c.targetResourceId}`)
        .sort();
      const detail = await getIdentity(tenantId, mi.id, { db });
      const actual = detail.controllers
        .map((c) => `${c.principalId}|${c.roleName}|${c.scope}|${c.route}|${c.target.armId.toLowerCase()}`)
        .sort();
      expect({ id: mi.id, controllers: actual }).toEqual({ id: mi.id, controllers: expected });
      compared += expected.length;
      expect(detail.controllers.every((c) => c.principalName !== c.principalId)).toBe(true);
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("lists the apps that trust a user-assigned identity as their federated credential", async () => {
    const trusted = await db.federatedCredential.findMany({ where: { tenantId, ownerType: "Application" } });
    const subject = trusted.map((f) => f.subject).find((s) => mis.some((m) => m.id === s));
    expect(subject).toBeDefined();
    const detail = await getIdentity(tenantId, subject!, { db });
    expect(detail.trustingApps.length).toBeGreaterThan(0);
    expect(detail.trustingApps.some((a) => a.effective && a.appId !== null)).toBe(true);
  });

  it("builds the timeline from history, newest first, and from first sight where no event says so", async () => {
    // The churned identities have a second run in their history.
    const runs = await db.syncRun.findMany({ where: { tenantId }, orderBy: { startedAt: "asc" } });
    const later = await db.historyEvent.findFirstOrThrow({
      where: { tenantId, runId: runs[1]!.id, subjectId: { in: mis.map((m) => m.id) } },
    });
    const churned = await getIdentity(tenantId, later.subjectId, { db });
    expect(churned.timeline.length).toBeGreaterThan(1);
    expect(churned.timeline.map((e) => e.at)).toEqual([...churned.timeline.map((e) => e.at)].sort().reverse());
    expect(churned.timeline.some((e) => e.at === later.at.toISOString() && e.source === "history")).toBe(true);

    // A first load that wrote no per-row events: the timeline falls back to firstSeenAt.
    const quiet = mis.find((m) => m.azureRoleCount > 0 && m.id !== later.subjectId)!;
    const removed = await db.historyEvent.findMany({ where: { tenantId, subjectId: quiet.id } });
    await db.historyEvent.deleteMany({ where: { tenantId, subjectId: quiet.id } });
    try {
      const detail = await getIdentity(tenantId, quiet.id, { db });
      expect(detail.timeline.every((e) => e.source === "baseline" && e.change === "firstSeen")).toBe(true);
      expect(detail.timeline.filter((e) => e.entityType === "identity")).toHaveLength(1);
      expect(detail.timeline.filter((e) => e.entityType === "azureRoleAssignment")).toHaveLength(quiet.azureRoleCount);
      expect(detail.timeline.find((e) => e.entityType === "identity")!.at).toBe(quiet.firstSeenAt.toISOString());
    } finally {
      await db.historyEvent.createMany({ data: removed.map(({ id: _id, ...e }) => ({ ...e, details: e.details ?? undefined })) });
    }
  });

  it("summarises the tenant on the overview: counts, findings by severity and rule, one trend point per sync", async () => {
    const overview = await getOverview(tenantId, { db });
    expect(overview.hasSynced).toBe(true);
    expect(overview.identities).toEqual({
      total: mis.length,
      systemAssigned: mis.filter((m) => m.miKind === "SystemAssigned").length,
      userAssigned: mis.filter((m) => m.miKind === "UserAssigned").length,
      orphaned: mis.filter((m) => m.isOrphaned).length,
      orphanedSystemAssigned: mis.filter((m) => m.isOrphaned && m.miKind === "SystemAssigned").length,
      orphanedUserAssigned: mis.filter((m) => m.isOrphaned && m.miKind === "UserAssigned").length,
      withOpenFindings: mis.filter((m) => m.openFindingCount > 0).length,
    });
    const active = await db.finding.findMany({ where: { tenantId, status: { in: ["open", "in_progress"] } } });
    expect(overview.findings.active).toBe(active.length);
    for (const severity of ["critical", "high", "medium", "low", "info"] as const) {
      expect(overview.findings.bySeverity[severity]).toBe(active.filter((f) => f.severity === severity).length);
    }
    expect(overview.findings.byRule.reduce((n, r) => n + r.count, 0)).toBe(active.length);
    expect(overview.findings.byRule.map((r) => r.count)).toEqual(
      [...overview.findings.byRule.map((r) => r.count)].sort((a, b) => b - a),
    );
    expect(overview.findings.byRule.every((r) => r.title !== r.ruleId)).toBe(true);
    expect(overview.findings.overdue).toBe(active.filter((f) => f.dueDate && f.dueDate < new Date()).length);

    const runs = await db.syncRun.count({ where: { tenantId, status: "succeeded" } });
    expect(overview.trend).toHaveLength(runs);
    expect(overview.trend.map((p) => p.at)).toEqual([...overview.trend.map((p) => p.at)].sort());
    expect(overview.trend.at(-1)!.open).toBe(active.length);

    expect(overview.mostExposed.length).toBeGreaterThan(0);
    expect(overview.mostExposed.every((i) => i.openFindingCount > 0)).toBe(true);
    const rank = { critical: 4, high: 3, medium: 2, low: 1, none: 0 };
    const ranks = overview.mostExposed.map((i) => rank[i.privilege]);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(ranks[0]).toBe(Math.max(...mis.map((m) => m.privilegeLevel)));

    expect(overview.candidates.total).toBe(await db.migrationCandidate.count({ where: { tenantId } }));
    expect(overview.candidates.top.map((c) => c.score)).toEqual(
      [...overview.candidates.top.map((c) => c.score)].sort((a, b) => b - a),
    );
    const latest = await db.syncRun.findFirstOrThrow({ where: { tenantId }, orderBy: { startedAt: "desc" } });
    expect(overview.lastRun?.id).toBe(latest.id);

    // A person's change to a finding is audited; the cached finding figures follow it at once.
    const changed = active[0]!;
    await db.finding.update({ where: { id: changed.id }, data: { status: "false_positive" } });
    const audit = await db.auditEntry.create({
      data: {
        tenantId,
        actorId: "test",
        action: "finding.status_changed",
        entityType: "finding",
        entityId: changed.id,
        hash: "test",
      },
    });
    try {
      const after = await getOverview(tenantId, { db });
      expect(after.findings.active).toBe(active.length - 1);
      expect(after.findings.bySeverity[changed.severity]).toBe(overview.findings.bySeverity[changed.severity] - 1);
    } finally {
      await db.auditEntry.delete({ where: { id: audit.id } });
      await db.finding.update({ where: { id: changed.id }, data: { status: changed.status } });
    }

    const nothing = await getOverview(null, { db });
    expect(nothing.hasSynced).toBe(false);
    expect(nothing.identities.total).toBe(0);
  });

  it("stays under SQLite's bound-parameter limit with thousands of attachments, controllers and identities", async () => {
    const uami = mis.find((m) => m.miKind === "UserAssigned" && m.miResourceId)!;
    const sub = uami.subscriptionId!;
    const n = 1_100;
    const ids = Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    const rg = `/subscriptions/${sub}/resourcegroups/rg-bulk`;
    await db.servicePrincipal.createMany({
      data: ids.map((id, i) => ({
        tenantId,
        id,
        appId: id,
        displayName: `bulk_identity_${i}`,
        servicePrincipalType: "ManagedIdentity",
        miKind: "UserAssigned" as const,
        miResourceId: `${rg}/providers/microsoft.managedidentity/userassignedidentities/bulk-${i}`,
        subscriptionId: sub,
        resourceGroup: "rg-bulk",
        resourceType: "microsoft.managedidentity/userassignedidentities",
      })),
    });
    await db.identityAttachment.createMany({
      data: ids.map((_, i) => ({
        tenantId,
        resourceId: `${rg}/providers/microsoft.web/sites/bulk-site-${i}`,
        identityResourceId: uami.miResourceId!,
        subscriptionId: sub,
      })),
    });
    await db.roleAssignment.createMany({
      data: ids.map((id, i) => ({
        tenantId,
        id: `${uami.miResourceId}/providers/microsoft.authorization/roleassignments/bulk-${i}`,
        name: `bulk-${i}`,
        scope: uami.miResourceId!,
        scopeLevel: "resource" as const,
        subscriptionId: sub,
        resourceGroup: uami.resourceGroup,
        // Managed Identity Operator: may assign the identity, so each assignee can become it.
        roleDefinitionId: "f1a07417-d97a-45cb-824c-7a7467783830",
        principalId: id,
        principalType: "ServicePrincipal",
      })),
    });
    try {
      const detail = await getIdentity(tenantId, uami.id, { db });
      expect(detail.attachedResources.length).toBeGreaterThanOrEqual(n);
      expect(detail.controllers.filter((c) => c.principalName.startsWith("bulk_identity_"))).toHaveLength(n);

      const exported = [];
      for await (const r of exportIdentities(tenantId, { db, filters: { kind: "UserAssigned" }, pageSize: 1000 }))
        exported.push(r.id);
      expect(exported).toHaveLength(mis.filter((m) => m.miKind === "UserAssigned").length + n);

      // Filter options are kept until the next sync; rows written behind its back need a new client.
      const fresh = createDb(database.url);
      try {
        const options = await listIdentityFilterOptions(tenantId, { db: fresh });
        expect(options.resourceGroups.find((g) => g.name === "rg-bulk")?.count).toBe(n);
        expect((await listIdentityFilterOptions(tenantId, { db })).resourceGroups.some((g) => g.name === "rg-bulk")).toBe(
          false,
        );
      } finally {
        await fresh.$disconnect();
      }

      // More exact matches for a wildcard search than one IN list may hold: still every one of them.
      const found = await countIdentities(tenantId, { q: "bulk_identity_" }, { db });
      expect(found).toBe(n);
    } finally {
      await db.roleAssignment.deleteMany({ where: { tenantId, name: { startsWith: "bulk-" } } });
      await db.identityAttachment.deleteMany({ where: { tenantId, resourceId: { startsWith: `${rg}/` } } });
      await db.servicePrincipal.deleteMany({ where: { tenantId, id: { in: ids.slice(0, 500) } } });
      await db.servicePrincipal.deleteMany({ where: { tenantId, id: { in: ids.slice(500) } } });
    }
  });
});
