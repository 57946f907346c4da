import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "../db";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../testing/test-databases";
import { listMigrations, migrationStatus } from "./migrations";

describe.each(databaseKinds())("migration status on %s", (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it("reports a migrated database as current, and notices migrations it does not know or that failed", async () => {
    database = await createTestDatabase(kind);
    const db = createDb(database.url);
    try {
      const expected = listMigrations(process.cwd(), kind);
      expect(expected.length).toBeGreaterThan(0);
      const status = await migrationStatus(db, kind, process.cwd());
      expect(status.pending).toEqual([]);
      expect(status.current).toBe(expected.at(-1));

      // A database migrated by a newer build holds a migration this build does not know.
      await db.$executeRawUnsafe(
        "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('n', 'c', '99991231000000_newer', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
      );
      const newer = await migrationStatus(db, kind, process.cwd());
      expect(newer.unknown).toEqual(["99991231000000_newer"]);
      expect(newer.pending).toEqual([]);

      // A failed migration (started, never finished) is reported, not counted as applied.
      await db.$executeRawUnsafe(
        "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('x', 'c', '99991231000001_broken', CURRENT_TIMESTAMP, 0)",
      );
      const broken = await migrationStatus(db, kind, process.cwd());
      expect(broken.failed).toEqual(["99991231000001_broken"]);
      expect(broken.current).toBe("99991231000000_newer");
    } finally {
      await db.$disconnect();
    }
  });
});
