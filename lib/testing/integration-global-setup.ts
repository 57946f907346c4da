// Vitest global setup for the integration project: migrate one SQLite template file and one
// PostgreSQL template database (named by a hash of the migrations, so a schema change makes a
// new one), then hand their names to the test files.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { listMigrations, migrate } from "../db/migrations";
import { pgAdmin, pgUrl, testTmpDir } from "./test-databases";

const root = process.cwd();

function migrationsHash(kind: "sqlite" | "postgresql") {
  const hash = createHash("sha256");
  for (const name of listMigrations(root, kind)) {
    hash.update(name);
    hash.update(readFileSync(join(root, "prisma", "migrations", kind, name, "migration.sql")));
  }
  return hash.digest("hex").slice(0, 12);
}

export default async function setup(project: TestProject) {
  mkdirSync(testTmpDir, { recursive: true });

  const sqliteTemplate = join(testTmpDir, `template-${migrationsHash("sqlite")}.db`);
  if (!existsSync(sqliteTemplate)) await migrate(`file:${sqliteTemplate}`, root);
  project.provide("sqliteTemplate", sqliteTemplate);

  const adminUrl = process.env.STEWARD_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  project.provide("pgAdminUrl", adminUrl);
  if (process.env.STEWARD_TEST_PG === "skip") {
    project.provide("pgTemplate", null);
    return;
  }
  const template = `steward_template_${migrationsHash("postgresql")}`;
  const exists = await pgAdmin(
    adminUrl,
    async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [template])).rowCount,
  );
  if (!exists) {
    // Migrate under a temporary name and rename at the end, so an interrupted setup never leaves
    // a half-migrated template behind under the real name.
    const building = `${template}_${process.pid}`;
    try {
      await migrate(pgUrl(adminUrl, building), root);
      await pgAdmin(adminUrl, (c) => c.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`));
    } finally {
      await pgAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`));
    }
    // Templates of earlier schemas are of no further use.
    await pgAdmin(adminUrl, async (c) => {
      const { rows } = await c.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'steward\\_template\\_%' AND datname <> $1",
        [template],
      );
      for (const { datname } of rows) {
        if (/^steward_template_[0-9a-f]{12}$/.test(datname))
          await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    });
  }
  project.provide("pgTemplate", template);
}
