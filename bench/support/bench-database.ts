// A synced, evaluated tenant database for the API benchmarks, on SQLite or PostgreSQL, cached under
// .tmp/bench/ (SQLite file, or a PostgreSQL database named after the tenant) with a marker file.
// Building one runs the product for real: the emulator serves the generated tenant over https and
// `steward sync --full` reads it, writes it and evaluates the rules (≈5 min at 100k per database).
// A cached one is reused while its migrations are the current ones; after a schema change it is
// migrated and synced again (the sync writes only differences, then re-evaluates).
// One benchmark process uses a cache at a time (a lock file): a second one waits, so a migration
// never runs under another's reads and two benchmarks never skew each other's figures.
//
//   const bench = await benchDatabase("sqlite", { size: 100_000 });  // { url, tenantId, identities, … }
import { execFile } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { startEmulator } from "../../emulator/index";
import type { DatabaseKind } from "../../lib/database-url";
import { createDb } from "../../lib/db";
import { listMigrations, migrate, migrationStatus } from "../../lib/db/migrations";

const root = process.cwd();
export const BENCH_DIR = join(root, ".tmp", "bench");
/** The emulator's reference day, fixed so every build of a cache holds the same tenant. */
const EMULATOR_NOW = Date.UTC(2026, 10, 1);

export interface BenchDatabase {
  kind: DatabaseKind;
  url: string;
  tenantId: string;
  size: number;
  seed: number;
  /** Managed identities in the synced inventory. */
  identities: number;
  syncedAt: string;
}

interface Marker {
  tenantId: string;
  size: number;
  seed: number;
  migrations: string[];
  syncedAt: string;
  identities: number;
}

function log(message: string) {
  process.stderr.write(`[bench] ${message}\n`);
}

function pgAdminUrl(): string {
  return (
    process.env.STEWARD_BENCH_PG_URL ??
    process.env.STEWARD_TEST_PG_URL ??
    "postgresql://postgres@127.0.0.1:5432/postgres"
  );
}

function databaseUrl(kind: DatabaseKind, name: string): string {
  if (kind === "sqlite") return `file:${join(BENCH_DIR, `${name}.db`)}`;
  const u = new URL(pgAdminUrl());
  u.pathname = `/steward_bench_${name.replace(/[^a-z0-9]/gi, "_")}`;
  return u.toString();
}

async function withPgAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgAdminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function withDatabase<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function databaseExists(kind: DatabaseKind, url: string): Promise<boolean> {
  if (kind === "sqlite") return existsSync(url.slice("file:".length));
  const name = new URL(url).pathname.slice(1);
  return withPgAdmin(
    async (c) => ((await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount ?? 0) > 0,
  );
}

async function dropDatabase(kind: DatabaseKind, url: string) {
  if (kind === "sqlite") {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(url.slice("file:".length) + suffix, { force: true });
    return;
  }
  const name = new URL(url).pathname.slice(1);
  await withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function pendingMigrations(kind: DatabaseKind, url: string): Promise<string[]> {
  const db = createDb(url);
  try {
    return (await migrationStatus(db, kind, root)).pending;
  } finally {
    await db.$disconnect();
  }
}

async function countIdentities(url: string, tenantId: string): Promise<number> {
  const db = createDb(url);
  try {
    return await db.servicePrincipal.count({ where: { tenantId, miKind: { not: null } } });
  } finally {
    await db.$disconnect();
  }
}

/** `steward sync --full` against a freshly started emulator serving the generated tenant. */
async function syncTenant(url: string, size: number, seed: number): Promise<string> {
  log(`generating the ${size.toLocaleString("en-US")}-principal tenant (seed ${seed}) and serving it`);
  const emulator = await startEmulator({ port: 0, size, seed, now: EMULATOR_NOW });
  try {
    log("syncing it with `steward sync --full` (and evaluating the rules); this takes minutes at 100k");
    const started = performance.now();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(root, "cli/bin/steward.js"), "sync", "--full", "--json"],
      { env: { ...process.env, ...emulator.env, DATABASE_URL: url }, maxBuffer: 256 * 1024 * 1024 },
    );
    const result = JSON.parse(stdout) as { status: string; findings: unknown; error?: string };
    if (result.status !== "succeeded" || result.findings === null) {
      throw new Error(`the benchmark sync did not succeed: ${result.error ?? stdout.slice(0, 2000)}`);
    }
    log(`synced and evaluated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return emulator.env.AZURE_TENANT_ID!.toLowerCase();
  } finally {
    await emulator.close();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Holds `file` for the rest of this process, waiting while a live process holds it. */
async function lockForProcess(file: string) {
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(file, "wx");
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      process.on("exit", () => rmSync(file, { force: true }));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number(readFileSync(file, "utf8").trim());
    if (!Number.isInteger(holder) || !alive(holder)) {
      rmSync(file, { force: true }); // left by a process that is gone
      continue;
    }
    if (!announced) log(`waiting for process ${holder}, which is using this benchmark database`);
    announced = true;
    await sleep(5000);
  }
}

export async function benchDatabase(
  kind: DatabaseKind,
  options: { size?: number; seed?: number } = {},
): Promise<BenchDatabase> {
  const size = options.size ?? 100_000;
  const seed = options.seed ?? 1;
  mkdirSync(BENCH_DIR, { recursive: true });
  const name = `tenant-${size}-s${seed}`;
  const url = databaseUrl(kind, name);
  const markerFile = join(BENCH_DIR, `${name}.${kind}.json`);
  const expected = listMigrations(root, kind);
  await lockForProcess(join(BENCH_DIR, `${name}.${kind}.lock`));

  let marker: Marker | null = null;
  if (existsSync(markerFile) && (await databaseExists(kind, url))) {
    marker = JSON.parse(readFileSync(markerFile, "utf8")) as Marker;
    if (marker.size !== size || marker.seed !== seed) marker = null;
  }
  if (marker && (await pendingMigrations(kind, url)).length === 0) {
    log(`reusing ${kind} ${name} (synced ${marker.syncedAt})`);
    return { kind, url, ...marker };
  }

  if (marker) {
    log(`${kind} ${name} is behind the current migrations: migrating and syncing it again`);
  } else {
    log(`building ${kind} ${name} from scratch`);
    await dropDatabase(kind, url);
    rmSync(markerFile, { force: true });
  }
  await migrate(url, root);
  const tenantId = await syncTenant(url, size, seed);
  if (kind === "postgresql") {
    // A default PostgreSQL's autovacuum analyzes tables soon after a bulk load; the benchmark
    // server may run without it (this machine's does), so do what it would have done.
    await withDatabase(url, (c) => c.query("ANALYZE"));
  }
  const built: Marker = {
    tenantId,
    size,
    seed,
    migrations: expected,
    syncedAt: new Date().toISOString(),
    identities: await countIdentities(url, tenantId),
  };
  // Written last: an interrupted build leaves no marker, so the next run starts over.
  writeFileSync(markerFile, `${JSON.stringify(built, null, 2)}\n`);
  return { kind, url, ...built };
}
