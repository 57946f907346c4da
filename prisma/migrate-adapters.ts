// Driver adapters for the Prisma CLI's JS schema engine (migrations only; the app uses lib/db.ts).
// See docs/decisions/001-one-schema-two-databases.md for why each workaround exists.
import { randomUUID } from "node:crypto";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

export const DEFAULT_DATABASE_URL = "file:./data/steward.db";

/** better-sqlite3 refuses multi-statement SQL through executeRaw, which the engine uses to replay
 * migrations into the shadow database: route argument-less executeRaw to executeScript. */
export class SqliteMigrateAdapter extends PrismaBetterSQLite3 {
  override async connectToShadowDb() {
    const adapter = await super.connectToShadowDb();
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      if (query.args.length === 0) {
        await adapter.executeScript(query.sql);
        return 0;
      }
      return executeRaw(query);
    };
    return adapter;
  }
}

let pgNamePatched = false;
/** prisma/orm#27403: the JS engine cannot deserialize PostgreSQL's `name` and `"char"` columns. */
function patchPgNameTypes() {
  if (pgNamePatched) return;
  pgNamePatched = true;
  const proto = (pg as unknown as { Result: { prototype: { addFields(fields: { dataTypeID: number }[]): void } } })
    .Result.prototype;
  const addFields = proto.addFields;
  proto.addFields = function (fields) {
    for (const field of fields) {
      if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
    }
    return addFields.call(this, fields);
  };
}

/** Discrete connection fields, never `connectionString`: adapter-pg derives the shadow pool as
 * `{...config, database}`, and a connectionString would silently override that `database`. */
export function pgConfigFromUrl(url: string): pg.PoolConfig {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres";
  const schema = u.searchParams.get("schema");
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || process.env.PGUSER || "postgres",
    password: decodeURIComponent(u.password) || undefined,
    database,
    allowExitOnIdle: true,
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  };
}

export class PgMigrateAdapter extends PrismaPg {
  readonly #config: pg.PoolConfig;
  constructor(config: pg.PoolConfig) {
    patchPgNameTypes();
    super(config);
    this.#config = config;
  }

  /** The stock version drops the shadow database while still connected to it and leaks it. */
  override async connectToShadowDb() {
    const database = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, "")}`;
    const admin = new pg.Client({ ...this.#config, options: undefined });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    const adapter = await new PrismaPg({ ...this.#config, database, options: undefined }).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      try {
        await dispose();
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.end();
      }
    };
    return adapter;
  }
}
