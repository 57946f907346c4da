// The Prisma client for DATABASE_URL. Both databases share one generated API; the SQLite client's
// type stands for both (docs/decisions/001-one-schema-two-databases.md).
import "server-only";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/sqlite/client";
import { PrismaClient as PgPrismaClient } from "@/lib/generated/pg/client";
import { databaseKind, sqlitePath } from "./database-url";
import { env } from "./env";

export type Db = PrismaClient;

export function createDb(url: string): Db {
  if (databaseKind(url) === "sqlite") {
    const file = sqlitePath(url);
    mkdirSync(dirname(file), { recursive: true });
    return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: 10_000 }) });
  }
  const client = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  return client as unknown as Db;
}

const globalForDb = globalThis as unknown as { stewardDb?: { url: string; db: Db } };

/** The process-wide client (kept across Next.js dev reloads). */
export function getDb(): Db {
  const url = env().DATABASE_URL;
  if (globalForDb.stewardDb?.url !== url) {
    globalForDb.stewardDb = { url, db: createDb(url) };
  }
  return globalForDb.stewardDb.db;
}
