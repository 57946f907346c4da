// Stage a run's data beside the live tables, then apply only the differences in one transaction.
// A run that fails before `apply` leaves the live tables exactly as they were; temporary stage
// tables vanish with the connection, even after a crash.
import "server-only";
import { collections, type Collection, type CollectionName, type Column } from "./collections";
import { q, sqliteDate, type SqlConnection } from "./sql/connection";

export type Row = Record<string, unknown>;

export type Removal =
  /** Nothing is deleted (the collection was read only in part). */
  | { kind: "none" }
  /** Live rows missing from the stage are deleted, within the scope if one is given. With
   * `scopeNamesTenant`, every alternative of the scope names the tenant itself: no tenant condition
   * is added outside it, which SQLite (without statistics) would take for a selective index and
   * scan the whole tenant instead of using an index per alternative. */
  | { kind: "missing"; scope?: Scope; scopeNamesTenant?: boolean }
  /** Exactly the keys staged with `stageRemoved` are deleted (delta `@removed`), plus, if a scope is
   * given, live rows in it that are missing from the stage. */
  | { kind: "listed"; scope?: Scope };

/** An SQL condition over the live row alias, with its parameters bound through `param`. */
export type Scope = (alias: string, param: (value: unknown) => string) => string;

export interface ApplyCounts {
  added: number;
  removed: number;
  changed: number;
}

export interface SyncStoreOptions {
  recordAppearances?: boolean;
}

export class SyncStore {
  // Promises, not flags: concurrent collectors may stage into the same collection at once.
  readonly #prepared = new Map<CollectionName, Promise<void>>();
  readonly #sealed = new Map<CollectionName, Promise<void>>();
  /**
   * Record a history event for every row that appears. Off for a tenant's first complete load:
   * every row would "appear" at once, and its `firstSeenAt` already says when (decision 006).
   */
  recordAppearances: boolean;

  constructor(
    readonly conn: SqlConnection,
    readonly tenantId: string,
    options: SyncStoreOptions = {},
  ) {
    this.recordAppearances = options.recordAppearances ?? true;
  }

  #stage(c: Collection) {
    return `stage_${c.table}`;
  }
  #removed(c: Collection) {
    return `removed_${c.table}`;
  }

  /** The quoted name of a collection's stage, for queries over what this run read. */
  stageTable(name: CollectionName) {
    return q(this.#stage(collections[name]));
  }

  /** The quoted name of the keys a delta round reported removed. */
  removedTable(name: CollectionName) {
    return q(this.#removed(collections[name]));
  }

  #ensure(name: CollectionName): Promise<void> {
    let ready = this.#prepared.get(name);
    if (!ready) {
      ready = this.#create(name);
      this.#prepared.set(name, ready);
    }
    return ready;
  }

  async #create(name: CollectionName) {
    const c: Collection = collections[name];
    const pg = this.conn.kind === "postgresql";
    const cols = ["tenantId", ...c.columns.map((col) => col.name)];
    // PostgreSQL: text, cast on apply. SQLite: the live column's affinity (INTEGER for booleans
    // and numbers, TEXT for the rest), so key comparisons between stage and live use the indexes.
    const typeOf = (name: string) => c.columns.find((col) => col.name === name)?.type ?? "text";
    const def = (name: string) => {
      const t = typeOf(name);
      if (pg) return `${q(name)} text`;
      return `${q(name)} ${t === "bool" || t === "int" ? "INTEGER" : "TEXT"}`;
    };
    // No key while reading: appending to a heap is an order of magnitude cheaper than keeping a
    // b-tree of random GUIDs in order row by row. `seal` indexes the stage once reading is done.
    await this.conn.exec(`DROP TABLE IF EXISTS ${q(this.#stage(c))}`);
    await this.conn.exec(`DROP TABLE IF EXISTS ${q(this.#removed(c))}`);
    await this.conn.exec(`CREATE TEMP TABLE ${q(this.#stage(c))} (${cols.map(def).join(", ")})`);
    await this.conn.exec(`CREATE TEMP TABLE ${q(this.#removed(c))} (${["tenantId", ...c.key].map(def).join(", ")})`);
  }

  /** A value as this run stages it, which is the form the database stores and hands back (dates as text). */
  encode(value: unknown, column: Column): unknown {
    if (value === undefined || value === null) return null;
    if (this.conn.kind === "postgresql") {
      if (value instanceof Date) return value.toISOString();
      if (column.type === "json") return JSON.stringify(value);
      return typeof value === "string" ? value : String(value);
    }
    switch (column.type) {
      case "bool":
        return value ? 1 : 0;
      case "datetime":
        return sqliteDate(value instanceof Date ? value : new Date(String(value)));
      case "json":
        return JSON.stringify(value);
      default:
        return value;
    }
  }

  /** Adds rows to the run's stage. A key staged twice is kept once: the row staged last. */
  async stage(name: CollectionName, rows: Row[]) {
    await this.#ensure(name);
    if (rows.length === 0) return;
    const c: Collection = collections[name];
    const columns = ["tenantId", ...c.columns.map((col) => col.name)];
    await this.conn.insertRows(
      this.#stage(c),
      columns,
      rows.map((row) => [this.tenantId, ...c.columns.map((col) => this.encode(row[col.name], col))]),
    );
  }

  /** Adds the rows of a query (over the live tables) to the stage: its columns are `tenantId`, then the collection's. */
  async stageSelect(name: CollectionName, select: string, params: unknown[] = []) {
    await this.#ensure(name);
    const c: Collection = collections[name];
    const columns = ["tenantId", ...c.columns.map((col) => col.name)];
    await this.conn.run(`INSERT INTO ${q(this.#stage(c))} (${columns.map(q).join(", ")}) ${select}`, params);
  }

  /** Records keys that a delta round reported as removed. */
  async stageRemoved(name: CollectionName, keys: Row[]) {
    await this.#ensure(name);
    if (keys.length === 0) return;
    const c: Collection = collections[name];
    await this.conn.insertRows(
      this.#removed(c),
      ["tenantId", ...c.key],
      keys.map((k) => [this.tenantId, ...c.key.map((key) => k[key])]),
    );
  }

  /**
   * Drops the run's stage once it is applied, and on SQLite hands the connection's page caches back
   * (up to 64 MB each for the database and the stage): the evaluation that follows in the same
   * process then starts from the memory a sync needs at rest, not at its peak.
   */
  async release() {
    for (const name of this.#prepared.keys()) {
      const c: Collection = collections[name];
      await this.conn.exec(`DROP TABLE IF EXISTS ${q(this.#stage(c))}`);
      await this.conn.exec(`DROP TABLE IF EXISTS ${q(this.#removed(c))}`);
    }
    this.#prepared.clear();
    this.#sealed.clear();
    if (this.conn.kind === "sqlite") await this.conn.exec("PRAGMA shrink_memory");
  }

  /** Forgets everything staged so far (a delta round that must start over as a full one). */
  async reset() {
    for (const name of this.#prepared.keys()) {
      const c: Collection = collections[name];
      await this.conn.exec(`DROP INDEX IF EXISTS ${q(`${this.#stage(c)}_key`)}`);
      await this.conn.exec(`DROP INDEX IF EXISTS ${q(`${this.#removed(c)}_key`)}`);
      await this.conn.exec(`DELETE FROM ${q(this.#stage(c))}`);
      await this.conn.exec(`DELETE FROM ${q(this.#removed(c))}`);
    }
    this.#sealed.clear();
  }

  /**
   * Ends reading for a collection: indexes its stage by key, keeping the row staged last for a key
   * staged more than once. Idempotent; `apply` seals what was not sealed yet. Call it before the
   * apply transaction so that transaction stays short.
   */
  seal(name: CollectionName): Promise<void> {
    let sealed = this.#sealed.get(name);
    if (!sealed) {
      sealed = this.#ensure(name).then(async () => {
        const c: Collection = collections[name];
        await this.#uniqueIndex(this.#stage(c), c.key);
        await this.#uniqueIndex(this.#removed(c), c.key);
      });
      this.#sealed.set(name, sealed);
    }
    return sealed;
  }

  async #uniqueIndex(table: string, key: string[]) {
    const cols = ["tenantId", ...key].map(q).join(", ");
    const create = `CREATE UNIQUE INDEX ${q(`${table}_key`)} ON ${q(table)} (${cols})`;
    try {
      await this.conn.exec(create);
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    // The same key was staged more than once (an assignment inherited by many subscriptions, a
    // delta round replaying an object): keep the last.
    const match = ["tenantId", ...key].map((k) => `a.${q(k)} = b.${q(k)}`).join(" AND ");
    await this.conn.exec(
      this.conn.kind === "sqlite"
        ? `DELETE FROM ${q(table)} WHERE rowid NOT IN (SELECT max(rowid) FROM ${q(table)} GROUP BY ${cols})`
        : `DELETE FROM ${q(table)} a USING ${q(table)} b WHERE ${match} AND a.ctid < b.ctid`,
    );
    await this.conn.exec(create);
  }

  /** An SQL condition "expr is one of values", with the list bound as one parameter. */
  inList(expr: string, values: readonly string[], param: (value: unknown) => string): string {
    if (values.length === 0) return "1 = 0";
    return this.conn.kind === "sqlite"
      ? `${expr} IN (SELECT value FROM json_each(${param(JSON.stringify(values))}))`
      : `${expr} = ANY(${param(values)}::text[])`;
  }

  async stagedCount(name: CollectionName): Promise<number> {
    await this.seal(name);
    const rows = await this.conn.all<{ n: number | string }>(
      `SELECT count(*) AS n FROM ${q(this.#stage(collections[name]))}`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  #cast(column: Column, ref: string): string {
    return this.conn.cast(ref, column.type);
  }

  #distinct(a: string, b: string) {
    return this.conn.distinct(a, b);
  }

  #jsonObject(pairs: [string, string][]) {
    const fn = this.conn.kind === "sqlite" ? "json_object" : "jsonb_build_object";
    return `${fn}(${pairs.map(([k, v]) => `'${k}', ${v}`).join(", ")})`;
  }

  #jsonArray(items: string[]) {
    return `${this.conn.kind === "sqlite" ? "json_array" : "jsonb_build_array"}(${items.join(", ")})`;
  }

  #keyMatch(c: Collection, a: string, b: string) {
    return ["tenantId", ...c.key].map((k) => `${a}.${q(k)} = ${b}.${q(k)}`).join(" AND ");
  }

  /**
   * Applies one collection's stage to its live table: history first (it needs the old rows),
   * then deletions, then an upsert that only touches rows whose values changed.
   * Call inside `conn.transaction` together with the other collections of the run.
   */
  async apply(name: CollectionName, removal: Removal, ctx: { runId: string; at: Date }): Promise<ApplyCounts> {
    await this.seal(name);
    const c: Collection = collections[name];
    const live = q(c.table);
    const stage = q(this.#stage(c));
    const removed = q(this.#removed(c));
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return this.conn.p(params.length);
    };
    const reset = () => (params.length = 0);
    const at = this.conn.date(ctx.at);
    const atParam = () => this.conn.cast(param(at), "datetime");
    const nonKey = c.columns.filter((col) => !c.key.includes(col.name));

    const history = c.history;
    const historyInsert = (change: "added" | "removed" | "changed", summary: string, details: string) =>
      `INSERT INTO "HistoryEvent" ("tenantId", "runId", "at", "entityType", "entityId", "change", "subjectId", "summary", "details")
       SELECT r."tenantId", ${param(ctx.runId)}, ${atParam()}, ${param(history!.entityType)}, ${history!.entityId},
              ${this.conn.cast(param(change), { enum: "ChangeKind" })}, ${history!.subject}, ${param(summary)}, ${details}`;
    const detailsOf = (alias: string) =>
      this.#jsonObject(
        history!.details.map((d) => [
          d,
          this.#cast(
            c.columns.find((col) => col.name === d)!,
            `${alias}.${q(d)}`,
          ),
        ]),
      );

    // 1. What appears.
    reset();
    let added: number;
    const appearing = `FROM ${stage} r WHERE NOT EXISTS (SELECT 1 FROM ${live} l WHERE ${this.#keyMatch(c, "l", "r")})`;
    if (history && this.recordAppearances) {
      added = await this.conn.run(
        `${historyInsert("added", history.summary.added, detailsOf("r"))} ${appearing}`,
        params,
      );
    } else {
      const rows = await this.conn.all<{ n: number | string }>(`SELECT count(*) AS n ${appearing}`);
      added = Number(rows[0]?.n ?? 0);
    }

    // 2. Tracked changes, with before and after.
    const tracked = history?.tracked ?? [];
    if (history && tracked.length > 0) {
      reset();
      const cols = tracked.map((t) => c.columns.find((col) => col.name === t)!);
      const changedDetails = this.#jsonObject(
        cols.map((col) => [col.name, this.#jsonArray([`l.${q(col.name)}`, this.#cast(col, `r.${q(col.name)}`)])]),
      );
      await this.conn.run(
        `${historyInsert("changed", history.summary.changed ?? "changed", changedDetails)}
         FROM ${stage} r JOIN ${live} l ON ${this.#keyMatch(c, "l", "r")}
         WHERE ${cols.map((col) => this.#distinct(`l.${q(col.name)}`, this.#cast(col, `r.${q(col.name)}`))).join(" OR ")}`,
        params,
      );
    }

    // 3. What disappears.
    let removedCount = 0;
    if (removal.kind !== "none") {
      const listed = (alias: string) => `EXISTS (SELECT 1 FROM ${removed} d WHERE ${this.#keyMatch(c, "d", alias)})`;
      const missing = (alias: string) => `NOT EXISTS (SELECT 1 FROM ${stage} s WHERE ${this.#keyMatch(c, "s", alias)})`;
      const where = (alias: string) => {
        const scoped = removal.scope ? `(${removal.scope(alias, param)}) AND ${missing(alias)}` : null;
        if (removal.kind === "missing" && removal.scopeNamesTenant && scoped) return scoped;
        const tenant = `${alias}."tenantId" = ${param(this.tenantId)}`;
        if (removal.kind === "listed") return `${tenant} AND (${listed(alias)}${scoped ? ` OR (${scoped})` : ""})`;
        return `${tenant} AND ${scoped ?? missing(alias)}`;
      };
      if (history) {
        reset();
        const condition = where("r");
        await this.conn.run(
          `${historyInsert("removed", history.summary.removed, detailsOf("r"))} FROM ${live} r WHERE ${condition}`,
          params,
        );
      }
      reset();
      removedCount = await this.conn.run(`DELETE FROM ${live} WHERE ${where(live)}`, params);
    }

    // 4. What is new or different, in key order (cheaper index maintenance). Unchanged rows are
    // not written at all.
    reset();
    const insertCols = ["tenantId", ...c.columns.map((col) => col.name), ...(c.firstSeen ? ["firstSeenAt"] : [])];
    const values = [
      `r."tenantId"`,
      ...c.columns.map((col) => this.#cast(col, `r.${q(col.name)}`)),
      ...(c.firstSeen ? [atParam()] : []),
    ];
    const conflict = ["tenantId", ...c.key].map(q).join(", ");
    const update =
      nonKey.length === 0
        ? "DO NOTHING"
        : `DO UPDATE SET ${nonKey.map((col) => `${q(col.name)} = excluded.${q(col.name)}`).join(", ")}
           WHERE ${nonKey.map((col) => this.#distinct(`${live}.${q(col.name)}`, `excluded.${q(col.name)}`)).join(" OR ")}`;
    const written = await this.conn.run(
      `INSERT INTO ${live} (${insertCols.map(q).join(", ")}) SELECT ${values.join(", ")} FROM ${stage} r
       WHERE true ORDER BY ${["tenantId", ...c.key].map((k) => `r.${q(k)}`).join(", ")}
       ON CONFLICT (${conflict}) ${update}`,
      params,
    );
    return { added, removed: removedCount, changed: Math.max(0, written - added) };
  }
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  // PostgreSQL: 23505 unique_violation. SQLite: SQLITE_CONSTRAINT_UNIQUE.
  return (
    e.code === "23505" || e.code === "SQLITE_CONSTRAINT_UNIQUE" || /UNIQUE constraint failed/.test(e.message ?? "")
  );
}
