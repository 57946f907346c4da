// Fresh, throw-away databases for integration tests: SQLite files and PostgreSQL databases cloned
// from templates that the global setup migrates once through the real `migrate()` path.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import type { DatabaseKind } from "../database-url";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
    pgTemplate: string | null; // null when PostgreSQL is unavailable (only outside CI)
    pgAdminUrl: string;
  }
}

export const testTmpDir = join(process.cwd(), ".tmp", "test");

/** The database kinds this run covers. PostgreSQL drops out only when the runner said it may. */
export function databaseKinds(): DatabaseKind[] {
  return inject("pgTemplate") ? ["sqlite", "postgresql"] : ["sqlite"];
}

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  drop(): Promise<void>;
}

export function pgUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function pgAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new database of `kind` at the current migration level, for one test file or test. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const id = randomUUID().replace(/-/g, "").slice(0, 12);
  if (kind === "sqlite") {
    mkdirSync(testTmpDir, { recursive: true });
    const file = join(testTmpDir, `db-${id}.db`);
    copyFileSync(inject("sqliteTemplate"), file);
    return {
      kind,
      url: `file:${file}`,
      async drop() {
        for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
      },
    };
  }
  const template = inject("pgTemplate");
  if (!template) throw new Error("PostgreSQL is not available in this run");
  const adminUrl = inject("pgAdminUrl");
  const name = `steward_test_${id}`;
  await pgAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    kind,
    url: pgUrl(adminUrl, name),
    async drop() {
      await pgAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
