// A raw database connection for the sync's bulk work. Prisma is 8–45× slower than the drivers
// for bulk writes (shared/reference/performance-notes.md §5), so the sync writes through
// better-sqlite3 or pg directly, with the same schema Prisma migrated.
import "server-only";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, sqlitePath, type DatabaseKind } from "../../database-url";

/** How a column is typed in the schema; decides casts on PostgreSQL and stored forms on SQLite. */
export type ColumnType = "text" | "bool" | "int" | "json" | "datetime" | { enum: string };

/** Prisma's SQLite adapter stores DateTime as ISO 8601 with an explicit +00:00 offset. */
export function sqliteDate(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

/** SQLite keeps Prisma DateTimes as ISO text (or `YYYY-MM-DD HH:MM:SS` from CURRENT_TIMESTAMP); PostgreSQL's come as UTC text here. */
export function parseStoredDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === "") return null;
  if (value instanceof Date) return value;
  if (typeof value === "number") return new Date(value);
  const s = String(value);
  // A space at 10 is CURRENT_TIMESTAMP's form (UTC without a zone); anything else is ISO 8601.
  const iso = s.length >= 19 && s[10] === " " && !/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? `${s.replace(" ", "T")}Z` : s;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A datetime column read so both drivers return the same UTC text (pg would read `timestamp` as local time). */
export function dateColumn(conn: Pick<SqlConnection, "kind">, ref: string, alias: string): string {
  return conn.kind === "postgresql"
    ? `to_char(${ref}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "${alias}"`
    : `${ref} AS "${alias}"`;
}

export interface SqlConnection {
  kind: DatabaseKind;
  /** Runs statements without results (DDL, or several statements). */
  exec(sql: string): Promise<void>;
  /** Runs one statement with numbered parameters: write them with `p(n)` ($n or @pn). */
  run(sql: string, params?: unknown[]): Promise<number>;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Rows as arrays of values in select order: no object per row, for the reads of millions. */
  rows(sql: string, params?: unknown[]): Promise<unknown[][]>;
  /** Placeholder for the n-th parameter (1-based). */
  p(n: number): string;
  /** Appends rows (skipping any whose key is already there) in as few round trips as the driver allows. */
  insertRows(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** A date as this database stores it, to bind as a parameter. */
  date(d: Date): string;
  /** A text-typed SQL expression read as `type` (PostgreSQL needs casts; SQLite stores as bound). */
  cast(expr: string, type: ColumnType): string;
  /** Null-safe "differs from". */
  distinct(a: string, b: string): string;
  /**
   * A column compared without its indexes being considered. SQLite has no statistics to plan by,
   * and takes an index on it where another condition's, or one pass over the table, is better.
   */
  unindexed(column: string): string;
}

const sqliteDialect = {
  date: sqliteDate,
  cast: (expr: string) => expr,
  distinct: (a: string, b: string) => `${a} IS NOT ${b}`,
  unindexed: (column: string) => `+${column}`,
};

const postgresDialect = {
  date: (d: Date) => d.toISOString(),
  cast: (expr: string, type: ColumnType) => {
    if (type === "text") return expr;
    if (type === "bool") return `${expr}::boolean`;
    if (type === "int") return `${expr}::integer`;
    if (type === "json") return `${expr}::jsonb`;
    if (type === "datetime") return `${expr}::timestamp(3)`;
    return `${expr}::${q(type.enum)}`;
  },
  distinct: (a: string, b: string) => `${a} IS DISTINCT FROM ${b}`,
  // PostgreSQL plans by its statistics (and has no unary + for text).
  unindexed: (column: string) => column,
};

export const q = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

export async function openConnection(url: string): Promise<SqlConnection> {
  return databaseKind(url) === "sqlite" ? openSqlite(url) : openPostgres(url);
}

function openSqlite(url: string): SqlConnection {
  const file = sqlitePath(url);
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 30_000 });
  // WAL lets the dashboard read the last committed snapshot while a sync writes.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  // Stage tables are TEMP tables: keep them in a temporary file, not in this process's memory
  // (a 100k tenant stages millions of rows; the sync must stay under 512 MB).
  db.pragma("temp_store = FILE");
  // Bulk applies touch several indexes of tables with millions of rows: a page cache of a few MB
  // (the default) turns that into a storm of re-reads. 64 MB each for the database and the stage
  // keeps the working set cached and the process well under its memory budget.
  db.pragma("cache_size = -65536");
  db.pragma("temp.cache_size = -65536");
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const bind = (params: unknown[] = []) => params.map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : v));
  // Numbered parameters (@p1, @p2, …) bound by name, so SQL text may use them in any order.
  const named = (params: unknown[] = []) =>
    params.length === 0 ? [] : [Object.fromEntries(bind(params).map((v, i) => [`p${i + 1}`, v]))];
  let depth = 0;
  return {
    kind: "sqlite",
    ...sqliteDialect,
    async exec(sql) {
      db.exec(sql);
    },
    async run(sql, params) {
      return prepare(sql).run(...named(params)).changes;
    },
    async all<T>(sql: string, params?: unknown[]) {
      return prepare(sql).all(...named(params)) as T[];
    },
    async rows(sql, params) {
      // Not from the statement cache: `raw` would change what `all` returns for the same SQL.
      return db
        .prepare(sql)
        .raw(true)
        .all(...named(params)) as unknown[][];
    },
    p: (n) => `@p${n}`,
    async insertRows(table, columns, rows) {
      if (rows.length === 0) return;
      const stmt = prepare(
        `INSERT OR IGNORE INTO ${q(table)} (${columns.map(q).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
      );
      const insertAll = db.transaction((batch: unknown[][]) => {
        for (const row of batch) stmt.run(...bind(row));
      });
      // Inside an outer transaction better-sqlite3 nests as a savepoint, outside it commits once.
      insertAll(rows);
    },
    async transaction(fn) {
      // better-sqlite3's transaction() is synchronous; the sync's steps are async, so manage it by hand.
      const name = `sp${depth}`;
      db.exec(depth === 0 ? "BEGIN IMMEDIATE" : `SAVEPOINT ${name}`);
      depth++;
      try {
        const result = await fn();
        depth--;
        db.exec(depth === 0 ? "COMMIT" : `RELEASE ${name}`);
        return result;
      } catch (error) {
        depth--;
        db.exec(depth === 0 ? "ROLLBACK" : `ROLLBACK TO ${name}; RELEASE ${name}`);
        throw error;
      }
    },
    async close() {
      db.close();
    },
  };
}

async function openPostgres(url: string): Promise<SqlConnection> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // The heartbeat shares this connection with the running phase: send one query at a time
  // ourselves (pg would queue them too, but warns that it will stop doing so).
  let tail: Promise<unknown> = Promise.resolve();
  const query = <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) => {
    const next = tail.then(() => client.query<R>(sql, params));
    tail = next.catch(() => undefined);
    return next;
  };
  let depth = 0;
  // Text arrays through unnest(): one parameter per column, so no bind-parameter limit and one round trip per chunk.
  const CHUNK = 5000;
  return {
    kind: "postgresql",
    ...postgresDialect,
    async exec(sql) {
      await query(sql);
    },
    async run(sql, params) {
      return (await query(sql, params as unknown[])).rowCount ?? 0;
    },
    async all<T>(sql: string, params?: unknown[]) {
      return (await query(sql, params as unknown[])).rows as T[];
    },
    async rows(sql, params) {
      const next = tail.then(() =>
        client.query<unknown[]>({ text: sql, values: params as unknown[], rowMode: "array" }),
      );
      tail = next.catch(() => undefined);
      return (await next).rows;
    },
    p: (n) => `$${n}`,
    async insertRows(table, columns, rows) {
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const arrays = columns.map((_, c) => chunk.map((row) => toText(row[c])));
        await query(
          `INSERT INTO ${q(table)} (${columns.map(q).join(", ")}) SELECT * FROM unnest(${columns.map((_, c) => `$${c + 1}::text[]`).join(", ")}) ON CONFLICT DO NOTHING`,
          arrays,
        );
      }
    },
    async transaction(fn) {
      const name = `sp${depth}`;
      await query(depth === 0 ? "BEGIN" : `SAVEPOINT ${name}`);
      depth++;
      try {
        const result = await fn();
        depth--;
        await query(depth === 0 ? "COMMIT" : `RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        depth--;
        await query(depth === 0 ? "ROLLBACK" : `ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      }
    },
    async close() {
      await client.end();
    },
  };
}

function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
