// The inventory's read side on SQLite and PostgreSQL, over the demo tenant synced by `steward sync`:
// keyset pages in every sort (NULLs last, both directions), every filter and search form, counts,
// the CSV view export, filter options, the identity detail and the overview.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { applyChurn } from "@/emulator/tenant/churn";
import { createDb, type Db } from "../db";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../testing/test-databases";
import { runSteward } from "../testing/run-steward";
import { IDENTITY_SORT_KEYS, type IdentityFilters } from "../url-state/identities";
import { countIdentities } from "./count-identities";
import { exportIdentities } from "./export-identities";
import { IDENTITY_KEYSET_COLUMNS } from "./identity-query";
import { listIdentities } from "./list-identities";
import { listIdentityFilterOptions } from "./list-identity-filter-options";

async function sync(emulator: RunningEmulator, databaseUrl: string) {
  const { code, stdout, stderr } = await runSteward(["sync", "--json"], { ...emulator.env, DATABASE_URL: databaseUrl });
  expect({ code, stderr: code === 0 ? "" : stderr }).toEqual({ code: 0, stderr: "" });
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
});
