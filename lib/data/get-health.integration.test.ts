import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "../db";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../testing/test-databases";
import { getHealth } from "./get-health";

describe.each(databaseKinds())("health on %s", (kind) => {
  let database: TestDatabase | undefined;
  const saved = process.env.DATABASE_URL;
  afterEach(async () => {
    await getDb().$disconnect();
    process.env.DATABASE_URL = saved;
    await database?.drop();
    database = undefined;
  });

  it("is ok on a migrated database and names the migration level", async () => {
    database = await createTestDatabase(kind);
    process.env.DATABASE_URL = database.url;
    const health = await getHealth();
    expect(health.status).toBe("ok");
    expect(health.database).toMatchObject({ kind, reachable: true, migration: { upToDate: true, pending: [] } });
    expect(health.database.migration?.current).toMatch(/^\d{14}_/);
  });

  it("is degraded when the database lacks this build's migrations", async () => {
    database = await createTestDatabase(kind);
    process.env.DATABASE_URL = database.url;
    await getDb().$executeRawUnsafe("DELETE FROM _prisma_migrations");
    const health = await getHealth();
    expect(health.status).toBe("degraded");
    expect(health.database.migration?.upToDate).toBe(false);
    expect(health.database.migration?.pending.length).toBeGreaterThan(0);
  });
});

describe("health without a database", () => {
  const saved = process.env.DATABASE_URL;
  afterEach(() => {
    process.env.DATABASE_URL = saved;
  });

  it("is down, with the reason, when PostgreSQL cannot be reached", async () => {
    process.env.DATABASE_URL = "postgresql://nobody@127.0.0.1:1/none";
    const health = await getHealth();
    expect(health.status).toBe("down");
    expect(health.database.reachable).toBe(false);
    expect(health.database.error).toContain("127.0.0.1:1");
    await getDb().$disconnect();
  });
});
