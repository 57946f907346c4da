// The one schema source behaves the same on both databases: enums, JSON, dates, composite keys,
// relations and the unique finding key that keeps owner and status across re-syncs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../testing/test-databases";

const tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

describe.each(databaseKinds())("schema on %s", (kind) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = createDb(database.url);
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it("round-trips a managed identity with JSON, enum and date fields", async () => {
    const firstSeenAt = new Date("2026-01-02T03:04:05.678Z");
    await db.servicePrincipal.create({
      data: {
        tenantId,
        id: "4e0d4ff5-1d4c-4b8e-9b5f-4a0e0c0a1b2c",
        appId: "b6b2c9a4-32c1-4d3f-8e67-0d5c0b7a9e11",
        displayName: "id-payments <script>",
        servicePrincipalType: "ManagedIdentity",
        alternativeNames: [
          "isExplicit=True",
          "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-payments",
        ],
        miKind: "UserAssigned",
        miResourceId:
          "/subscriptions/s/resourcegroups/rg/providers/microsoft.managedidentity/userassignedidentities/id-payments",
        firstSeenAt,
      },
    });
    const row = await db.servicePrincipal.findUniqueOrThrow({
      where: { tenantId_id: { tenantId, id: "4e0d4ff5-1d4c-4b8e-9b5f-4a0e0c0a1b2c" } },
    });
    expect(row.miKind).toBe("UserAssigned");
    expect(row.displayName).toBe("id-payments <script>");
    expect(row.alternativeNames).toEqual([
      "isExplicit=True",
      "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-payments",
    ]);
    expect(row.firstSeenAt.toISOString()).toBe(firstSeenAt.toISOString());
    expect(row.accountEnabled).toBe(true);
    expect(row.openFindingCount).toBe(0);
  });

  it("keeps one finding per rule, subject and target, with its owner and comments", async () => {
    const owner = await db.owner.create({ data: { id: "o1", tenantId, upn: "alex@contoso.com" } });
    const base = {
      tenantId,
      ruleId: "mi-privileged-azure-role",
      severity: "critical" as const,
      subjectId: "4e0d4ff5-1d4c-4b8e-9b5f-4a0e0c0a1b2c",
      subjectName: "id-payments",
      subjectKind: "UserAssigned",
      title: "Owner at the tenant root",
      evidence: { assignmentId: "/providers/microsoft.authorization/roleassignments/1", scope: "/" },
      firstSeenAt: new Date(),
      lastSeenAt: new Date(),
    };
    const key = "mi-privileged-azure-role|4e0d4ff5-1d4c-4b8e-9b5f-4a0e0c0a1b2c|/";
    await db.finding.create({ data: { ...base, id: "f1", key, ownerId: owner.id, status: "in_progress" } });
    await expect(db.finding.create({ data: { ...base, id: "f2", key } })).rejects.toThrow();
    await db.comment.create({
      data: { id: "c1", tenantId, findingId: "f1", authorId: `${tenantId}.u1`, body: "Taking this" },
    });

    const found = await db.finding.findUniqueOrThrow({
      where: { tenantId_key: { tenantId, key } },
      include: { owner: true, comments: true },
    });
    expect(found.owner?.upn).toBe("alex@contoso.com");
    expect(found.status).toBe("in_progress");
    expect(found.evidence).toEqual(base.evidence);
    expect(found.comments.map((c) => c.body)).toEqual(["Taking this"]);
  });

  it("rolls back an interactive transaction as a whole", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await tx.tenant.create({ data: { id: tenantId } });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await db.tenant.count()).toBe(0);
  });

  it("assigns increasing ids to history events and finds them by subject in time order", async () => {
    const at = (s: string) => new Date(`2026-03-0${s}T00:00:00Z`);
    for (const [day, change] of [
      ["2", "removed"],
      ["1", "added"],
    ] as const) {
      await db.historyEvent.create({
        data: {
          tenantId,
          runId: `r${day}`,
          at: at(day),
          entityType: "identity",
          entityId: "mi1",
          change,
          subjectId: "mi1",
          summary: change,
        },
      });
    }
    const events = await db.historyEvent.findMany({ where: { tenantId, subjectId: "mi1" }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.change)).toEqual(["added", "removed"]);
    expect(events[1]!.id).toBeLessThan(events[0]!.id);
  });
});
