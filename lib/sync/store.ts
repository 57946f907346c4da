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
  /** Live rows missing from the stage are deleted, within the scope if one is given. */
  | { kind: "missing"; scope?: Scope }
  /** Exactly the keys staged with `stageRemoved` are deleted (delta `@removed`). */
  | { kind: "listed" };

/** An SQL condition over the live row alias, with its parameters bound through `param`. */
export type Scope = (alias: string, param: (value: unknown) => string) => string;

export interface ApplyCounts {
  added: number;
  removed: number;
  changed: number;
}

export class SyncStore {
  // Promises, not flags: concurrent collectors may stage into the same collection at once.
  readonly #prepared = new Map<CollectionName, Promise<void>>();

  constructor(
    readonly conn: SqlConnection,
    readonly tenantId: string,
  ) {}

  #stage(c: Collection) {
    return `stage_${c.table}`;
  }
  #removed(c: Collection) {
    return `removed_${c.table}`;
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
    const keys = ["tenantId", ...c.key].map(q).join(", ");
    // PostgreSQL: text, cast on apply. SQLite: the live column's affinity (INTEGER for booleans
    // and numbers, TEXT for the rest), so key comparisons between stage and live use the indexes.
    const typeOf = (name: string) => c.columns.find((col) => col.name === name)?.type ?? "text";
    const def = (name: string) => {
      const t = typeOf(name);
      if (pg) return `${q(name)} text`;
      return `${q(name)} ${t === "bool" || t === "int" ? "INTEGER" : "TEXT"}`;
    };
    await this.conn.exec(`DROP TABLE IF EXISTS ${q(this.#stage(c))}`);
    await this.conn.exec(`DROP TABLE IF EXISTS ${q(this.#removed(c))}`);
    await this.conn.exec(`CREATE TEMP TABLE ${q(this.#stage(c))} (${cols.map(def).join(", ")}, PRIMARY KEY (${keys}))`);
    await this.conn.exec(
      `CREATE TEMP TABLE ${q(this.#removed(c))} (${["tenantId", ...c.key].map(def).join(", ")}, PRIMARY KEY (${keys}))`,
    );
  }

  #encode(value: unknown, column: Column): unknown {
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

  /** Adds rows to the run's stage. A row staged twice (same key) is kept once. */
  async stage(name: CollectionName, rows: Row[]) {
    await this.#ensure(name);
    if (rows.length === 0) return;
    const c: Collection = collections[name];
    const columns = ["tenantId", ...c.columns.map((col) => col.name)];
    await this.conn.insertRows(
      this.#stage(c),
      columns,
      rows.map((row) => [this.tenantId, ...c.columns.map((col) => this.#encode(row[col.name], col))]),
    );
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

  /** Forgets everything staged so far (a delta round that must start over as a full one). */
  async reset() {
    for (const name of this.#prepared.keys()) {
      const c: Collection = collections[name];
      await this.conn.exec(`DELETE FROM ${q(this.#stage(c))}`);
      await this.conn.exec(`DELETE FROM ${q(this.#removed(c))}`);
    }
  }

  /** An SQL condition "expr is one of values", with the list bound as one parameter. */
  inList(expr: string, values: readonly string[], param: (value: unknown) => string): string {
    if (values.length === 0) return "1 = 0";
    return this.conn.kind === "sqlite"
      ? `${expr} IN (SELECT value FROM json_each(${param(JSON.stringify(values))}))`
      : `${expr} = ANY(${param(values)}::text[])`;
  }

  async stagedCount(name: CollectionName): Promise<number> {
    await this.#ensure(name);
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
    await this.#ensure(name);
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
    if (history) {
      added = await this.conn.run(
        `${historyInsert("added", history.summary.added, detailsOf("r"))}
         FROM ${stage} r WHERE NOT EXISTS (SELECT 1 FROM ${live} l WHERE ${this.#keyMatch(c, "l", "r")})`,
        params,
      );
    } else {
      const rows = await this.conn.all<{ n: number | string }>(
        `SELECT count(*) AS n FROM ${stage} r WHERE NOT EXISTS (SELECT 1 FROM ${live} l WHERE ${this.#keyMatch(c, "l", "r")})`,
      );
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
      const gone =
        removal.kind === "listed"
          ? (alias: string) => `EXISTS (SELECT 1 FROM ${removed} d WHERE ${this.#keyMatch(c, "d", alias)})`
          : (alias: string) => `NOT EXISTS (SELECT 1 FROM ${stage} s WHERE ${this.#keyMatch(c, "s", alias)})`;
      const where = (alias: string) =>
        `${alias}."tenantId" = ${param(this.tenantId)}${removal.kind === "missing" && removal.scope ? ` AND (${removal.scope(alias, param)})` : ""} AND ${gone(alias)}`;
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

    // 4. What is new or different. Unchanged rows are not written at all.
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
      `INSERT INTO ${live} (${insertCols.map(q).join(", ")}) SELECT ${values.join(", ")} FROM ${stage} r WHERE true
       ON CONFLICT (${conflict}) ${update}`,
      params,
    );
    return { added, removed: removedCount, changed: Math.max(0, written - added) };
  }
}
