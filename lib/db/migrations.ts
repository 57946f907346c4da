// Applying and reporting schema migrations for the database DATABASE_URL names.
// Applying goes through Prisma's own `migrate deploy` (with the configs at the project root);
// reporting reads `_prisma_migrations`, the table Prisma keeps.
import "server-only";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import pg from "pg";
import { databaseKind, redactUrl, sqlitePath, type DatabaseKind } from "../database-url";
import { createDb, type Db } from "../db";
import { AppError } from "../errors";

export function listMigrations(root: string, kind: DatabaseKind): string[] {
  const dir = join(root, "prisma", "migrations", kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d{14}_/.test(e.name))
    .map((e) => e.name)
    .sort();
}

export interface MigrationStatus {
  kind: DatabaseKind;
  applied: string[];
  expected: string[];
  pending: string[];
  /** The newest applied migration, or null on an empty database. */
  current: string | null;
  /** Migrations applied to the database that this build does not know (a newer build migrated it). */
  unknown: string[];
  failed: string[];
}

type Queryable = { $queryRawUnsafe<T = unknown>(sql: string): Promise<T> };

export async function migrationStatus(db: Queryable, kind: DatabaseKind, root: string): Promise<MigrationStatus> {
  const expected = listMigrations(root, kind);
  let rows: { migration_name: string; finished_at: unknown; rolled_back_at: unknown }[] = [];
  try {
    rows = await db.$queryRawUnsafe(
      "SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name",
    );
  } catch (error) {
    if (!/_prisma_migrations|no such table|does not exist/i.test(String(error))) throw error;
  }
  const applied = rows.filter((r) => r.finished_at != null && r.rolled_back_at == null).map((r) => r.migration_name);
  const failed = rows.filter((r) => r.finished_at == null && r.rolled_back_at == null).map((r) => r.migration_name);
  const appliedSet = new Set(applied);
  return {
    kind,
    applied,
    expected,
    pending: expected.filter((m) => !appliedSet.has(m)),
    current: applied.at(-1) ?? null,
    unknown: applied.filter((m) => !expected.includes(m)),
    failed,
  };
}

/** Creates the PostgreSQL database named in the URL when it does not exist yet. */
async function ensurePostgresDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  if (!name) throw new AppError("config", "DATABASE_URL names no PostgreSQL database");
  const admin = new URL(url);
  admin.pathname = "/postgres";
  admin.search = "";
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (error) {
    throw new AppError(
      "unavailable",
      `Cannot connect to PostgreSQL at ${redactUrl(admin.toString())}: ${(error as Error).message}`,
    );
  }
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await client.end();
  }
}

export interface MigrateResult {
  kind: DatabaseKind;
  created: boolean;
  applied: string[];
  current: string | null;
  output: string;
}

async function withDb<T>(url: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(url);
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}

/** Applies every pending migration to `url`. Idempotent: a second run applies nothing. */
export async function migrate(url: string, root: string): Promise<MigrateResult> {
  const kind = databaseKind(url);
  let created = false;
  if (kind === "sqlite") {
    const file = sqlitePath(url);
    created = !existsSync(file);
    mkdirSync(dirname(file), { recursive: true });
  } else {
    created = await ensurePostgresDatabase(url);
  }
  const before = await withDb(url, (db) => migrationStatus(db, kind, root));
  const config = kind === "sqlite" ? "prisma.config.ts" : "prisma.pg.config.ts";
  const prisma = join(root, "node_modules", ".bin", "prisma");
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(prisma, ["migrate", "deploy", "--config", config], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: kind === "sqlite" ? `file:${sqlitePath(url)}` : url,
        CHECKPOINT_DISABLE: "1",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    child.stdout.on("data", (d: Buffer) => (text += d.toString()));
    child.stderr.on("data", (d: Buffer) => (text += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(text);
      else reject(new AppError("internal", `prisma migrate deploy failed (exit ${code}):\n${text.trim()}`));
    });
  });
  const after = await withDb(url, (db) => migrationStatus(db, kind, root));
  const appliedNow = after.applied.filter((m) => !before.applied.includes(m));
  if (after.pending.length > 0) {
    throw new AppError(
      "internal",
      `Migrations still pending after migrate deploy: ${after.pending.join(", ")}\n${output.trim()}`,
    );
  }
  return { kind, created, applied: appliedNow, current: after.current, output };
}
