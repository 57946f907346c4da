// Keyset ("seek") paging for server-paged lists: opaque cursors and the Prisma queries that read
// the rows after (or before) one, in either sort direction, with NULLs, on SQLite and PostgreSQL.
//
// Usage (one sort column plus the unique id as tie-breaker):
//
//   const sort = keysetSort(IDENTITY_SORTS, filters.sort, filters.dir);      // or build a KeysetSort
//   const page = await readKeysetPage({
//     sort, cursor: filters.cursor, take: 50,
//     fetch: ({ where, orderBy }, take) =>
//       db.servicePrincipal.findMany({ where: { AND: [baseWhere, where] }, orderBy, take }),
//   });
//   // → { items, nextCursor, prevCursor }: pass a cursor back as `?cursor=` to move.
//
// Why not Prisma's own `cursor`: it needs the cursor row to still exist, and it re-reads the row to
// find its position; ours carries the sort value, so a page survives the row disappearing.
// Why segments: "(value, id) after (v, i)" is read as `value = v AND id > i`, then `value > v`: each
// is one seek in a (filter…, value, id) index, however many rows share v. A NULL region would
// need a top-level OR that defeats the seek, so NULLs (always listed last, in both directions and
// both databases: SQLite sorts them first, PostgreSQL last) are read as a separate segment, as is
// each value of an enumerated column (booleans, enums: Prisma cannot compare those with gt/lt, and
// SQLite would order an enum alphabetically). A page reads segments in order until it is full, so
// it costs one seek per segment it touches, never a scan of the rows before it.
import "server-only";
import { z } from "zod";
import { AppError } from "../errors";

export type SortDirection = "asc" | "desc";

export type KeysetColumn =
  | {
      /** Compared with gt/lt: text, integers and DateTime columns. */
      kind: "string" | "number" | "date";
      field: string;
      nullable?: boolean;
    }
  | {
      /** A column with few values (Boolean, enum, small code): listed value by value. */
      kind: "enum";
      field: string;
      /** Every value, in ascending order. */
      values: readonly (string | number | boolean)[];
      nullable?: boolean;
    };

export interface KeysetSort {
  /** The public name of the sort (the `sort` URL parameter). */
  key: string;
  column: KeysetColumn;
  direction: SortDirection;
}

export type CursorValue = string | number | boolean | null;

export interface CursorPosition {
  value: CursorValue;
  id: string;
  /** true: the page before this row; false: the page after it. */
  before: boolean;
  /**
   * false when no other row shares this row's value on the side being read (known from the row the
   * previous read saw next): the page then skips the query for those ties and needs one seek.
   */
  moreTied?: false;
  /**
   * How many rows share this row's value on the side already read, this one included, when that
   * read saw where their run starts: the next page then reads the run's rest and what follows in one
   * query from the run's start, and drops these first rows (after checking the last is this row).
   */
  tiedBefore?: number;
}

export interface KeysetSegment {
  where: Record<string, unknown>;
  orderBy: Record<string, SortDirection>[];
  /**
   * Rows this segment returns before the page starts: the cursor's row and the rows tied with it
   * before it. The reader asks for that many more, drops them once the last one proves to be the
   * cursor's row (`id`), and otherwise reads `fallback` instead (the run changed since).
   */
  lead?: { count: number; id: string; fallback: KeysetSegment[] };
}

export interface KeysetPage<Row> {
  items: Row[];
  nextCursor: string | null;
  prevCursor: string | null;
}

const cursorSchema = z
  .object({
    v: z.literal(1),
    k: z.string().min(1).max(64),
    d: z.enum(["asc", "desc"]),
    x: z.union([z.string().max(2048), z.number().finite(), z.boolean(), z.null()]),
    i: z.string().min(1).max(512),
    b: z.boolean(),
    t: z.literal(0).optional(),
    n: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();

function invalidCursor(reason: string): AppError {
  return new AppError("invalid_input", `The paging cursor is not valid (${reason}). Start again from the first page.`, {
    field: "cursor",
  });
}

export function encodeCursor(sort: KeysetSort, position: CursorPosition): string {
  const payload: z.infer<typeof cursorSchema> = {
    v: 1,
    k: sort.key,
    d: sort.direction,
    x: position.value,
    i: position.id,
    b: position.before,
    ...(position.moreTied === false ? { t: 0 as const } : {}),
    ...(position.tiedBefore !== undefined ? { n: position.tiedBefore } : {}),
  };
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

/** Reads a cursor made by encodeCursor for this sort; anything else is a 422 on `cursor`. */
export function decodeCursor(sort: KeysetSort, cursor: string): CursorPosition {
  if (cursor.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor("not a cursor");
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor("not a cursor");
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw invalidCursor("not a cursor");
  const { k, d, x, i, b, t, n } = parsed.data;
  if (k !== sort.key || d !== sort.direction) throw invalidCursor("it belongs to another sort order");
  if (!valueFits(sort.column, x)) throw invalidCursor("its position does not fit the sorted column");
  return {
    value: x,
    id: i,
    before: b,
    ...(t === 0 ? { moreTied: false as const } : {}),
    ...(n !== undefined ? { tiedBefore: n } : {}),
  };
}

function valueFits(column: KeysetColumn, value: CursorValue): boolean {
  if (value === null) return column.nullable === true;
  switch (column.kind) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number";
    case "date":
      return typeof value === "string" && !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value);
    case "enum":
      return column.values.includes(value);
  }
}

/** The cursor value of a row's sort column (dates travel as ISO text). */
export function cursorValueOf(column: KeysetColumn, row: Record<string, unknown>): CursorValue {
  const raw = row[column.field];
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Date) return raw.toISOString();
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") return raw;
  throw new Error(`keyset: column ${column.field} holds a ${typeof raw}, which cannot be a cursor value`);
}

function toDbValue(column: KeysetColumn, value: CursorValue): unknown {
  return column.kind === "date" && typeof value === "string" ? new Date(value) : value;
}

type Region = { kind: "range" } | { kind: "value"; value: string | number | boolean } | { kind: "null" };

/** The column's rows in listing order: value regions in the sort direction, NULLs last. */
function regionsOf(sort: KeysetSort): Region[] {
  const { column, direction } = sort;
  const regions: Region[] =
    column.kind === "enum"
      ? (direction === "asc" ? [...column.values] : [...column.values].reverse()).map((value) => ({
          kind: "value" as const,
          value,
        }))
      : [{ kind: "range" }];
  if (column.nullable) regions.push({ kind: "null" });
  return regions;
}

function regionIndexOf(regions: Region[], value: CursorValue): number {
  const index = regions.findIndex((r) =>
    value === null ? r.kind === "null" : r.kind === "range" || (r.kind === "value" && r.value === value),
  );
  if (index < 0) throw invalidCursor("its position does not fit the sorted column");
  return index;
}

/**
 * The queries, in order, that list the rows after (or, reading backwards, before) a position; with
 * no position, the whole list from the start. Backward segments are ordered in reverse: the caller
 * reverses the rows it read.
 */
export function keysetSegments(
  sort: KeysetSort,
  position: CursorPosition | null,
  idField = "id",
): KeysetSegment[] {
  const { column, direction } = sort;
  const f = column.field;
  const backward = position?.before === true;
  const readAsc = (direction === "asc") !== backward;
  const way: SortDirection = readAsc ? "asc" : "desc";
  const strictly = readAsc ? "gt" : "lt";
  const orderBy = [{ [f]: way }, { [idField]: way }];

  const whole = (region: Region): Record<string, unknown> => {
    if (region.kind === "null") return { [f]: null };
    if (region.kind === "value") return { [f]: region.value };
    return column.nullable ? { [f]: { not: null } } : {};
  };
  // The rest of the cursor's region. In a range, the rows tied with the cursor's value and the rows
  // beyond it are two seeks in a (…, value, id) index; one `value >= v AND (value > v OR id > i)`
  // would seek on the value alone and then step over every tied row before the cursor, which costs
  // the page's depth when many rows share a value (every finding of one evaluation has the same
  // lastSeenAt).
  const rest = (region: Region, pos: CursorPosition): Record<string, unknown>[] => {
    const ties = pos.moreTied === false ? [] : null;
    if (region.kind === "range") {
      const v = toDbValue(column, pos.value);
      return [...(ties ?? [{ AND: [{ [f]: v }, { [idField]: { [strictly]: pos.id } }] }]), { [f]: { [strictly]: v } }];
    }
    return ties ?? [{ AND: [whole(region), { [idField]: { [strictly]: pos.id } }] }];
  };

  const regions = regionsOf(sort);
  if (position === null) return regions.map((r) => ({ where: whole(r), orderBy }));
  const at = regionIndexOf(regions, position.value);
  const current = regions[at]!;
  const following = backward ? regions.slice(0, at).reverse() : regions.slice(at + 1);
  const after = following.map((r) => ({ where: whole(r), orderBy }));
  const twoSeeks = [...rest(current, position).map((where) => ({ where, orderBy })), ...after];
  if (position.moreTied === false || position.tiedBefore === undefined) return twoSeeks;
  // The run of the cursor's value from its start: one seek, whose first rows the reader drops.
  const fromRunStart =
    current.kind === "range"
      ? { [f]: { [readAsc ? "gte" : "lte"]: toDbValue(column, position.value) } }
      : whole(current);
  return [
    { where: fromRunStart, orderBy, lead: { count: position.tiedBefore, id: position.id, fallback: twoSeeks } },
    ...after,
  ];
}

export interface ReadKeysetPageOptions<Row> {
  sort: KeysetSort;
  /** The opaque cursor from the URL, if any. */
  cursor?: string | null;
  take: number;
  /** Reads one segment: AND its `where` with the list's filters, use its `orderBy`, limit to `take`. */
  fetch: (segment: KeysetSegment, take: number) => Promise<Row[]>;
  idField?: string;
}

async function readSegments<Row extends Record<string, unknown>>(
  segments: KeysetSegment[],
  want: number,
  fetch: (segment: KeysetSegment, take: number) => Promise<Row[]>,
  idField: string,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const segment of segments) {
    if (rows.length >= want) break;
    if (!segment.lead) {
      rows.push(...(await fetch(segment, want - rows.length)));
      continue;
    }
    const { count, id, fallback } = segment.lead;
    const read = await fetch({ where: segment.where, orderBy: segment.orderBy }, want - rows.length + count);
    if (read.length >= count && String(read[count - 1]![idField]) === id) {
      rows.push(...read.slice(count));
    } else {
      // The cursor's run is not what the cursor remembers (rows came or went): seek after it instead.
      return [...rows, ...(await readSegments(fallback, want - rows.length, fetch, idField))];
    }
  }
  return rows;
}

/** The most tied rows a page re-reads to spare the ties query (a short run: one identity's findings). */
const MAX_LEAD = 64;

/** One page and the cursors to its neighbours (null where there is none). */
export async function readKeysetPage<Row extends Record<string, unknown>>(
  options: ReadKeysetPageOptions<Row>,
): Promise<KeysetPage<Row>> {
  const { sort, take, fetch } = options;
  const idField = options.idField ?? "id";
  if (!Number.isInteger(take) || take < 1) throw new Error("keyset: take must be a positive integer");
  const position = options.cursor ? decodeCursor(sort, options.cursor) : null;
  const valueOf = (row: Row) => cursorValueOf(sort.column, row);
  /** What lies just outside a page on one side: a row's value, the list's end, or not known. */
  type Edge = { value: CursorValue } | "end" | null;
  const edgeOf = (row: Row | undefined, end: boolean): Edge => (row ? { value: valueOf(row) } : end ? "end" : null);

  /**
   * The cursor at `row` (items[0] or the last item, in list order) reading away from the page.
   * `ahead` is the row just past it on the side it reads (known: the read fetched it, or it is the
   * current cursor's row); `far` lies past the other end of the page, where the run of `row`'s value
   * may continue; `inherited` is the current cursor's own count when `far` is that cursor's row.
   */
  const cursorAt = (
    items: Row[],
    index: number,
    before: boolean,
    ahead: { value: CursorValue },
    far: Edge,
    inherited: number | undefined,
  ): string => {
    const row = items[index]!;
    const value = valueOf(row);
    const step = index === 0 ? 1 : -1;
    let run = 0;
    for (let j = index; j >= 0 && j < items.length && valueOf(items[j]!) === value; j += step) run += 1;
    let tiedBefore: number | undefined;
    if (run < items.length || far === "end" || (far && far.value !== value)) tiedBefore = run;
    else if (far && inherited !== undefined) tiedBefore = inherited + run;
    // Re-reading a long run would cost its length; past a few rows the ties seek is cheaper.
    if (tiedBefore !== undefined && tiedBefore > MAX_LEAD) tiedBefore = undefined;
    return encodeCursor(sort, {
      value,
      id: String(row[idField]),
      before,
      ...(ahead.value !== value ? { moreTied: false as const } : tiedBefore !== undefined ? { tiedBefore } : {}),
    });
  };

  if (position?.before) {
    const rows = await readSegments(keysetSegments(sort, position, idField), take + 1, fetch, idField);
    // Fewer rows than a page before the cursor: this is the start of the list, so show a full first page.
    if (rows.length < take) return readKeysetPage({ ...options, cursor: null });
    const items = rows.slice(0, take).reverse();
    const beforeFirst = edgeOf(rows[take], true);
    const last = items.length - 1;
    return {
      items,
      prevCursor:
        rows.length > take
          ? cursorAt(items, 0, true, { value: valueOf(rows[take]!) }, { value: position.value }, position.tiedBefore)
          : null,
      // The row after this page's last is the cursor's own row.
      nextCursor: cursorAt(items, last, false, { value: position.value }, beforeFirst, undefined),
    };
  }

  const rows = await readSegments(keysetSegments(sort, position, idField), take + 1, fetch, idField);
  const items = rows.slice(0, take);
  const last = items.length - 1;
  // Before this page's first row: the cursor's own row, or the start of the list.
  const beforeFirst: Edge = position === null ? "end" : { value: position.value };
  const afterLast = edgeOf(rows[take], true);
  return {
    items,
    nextCursor:
      rows.length > take
        ? cursorAt(items, last, false, { value: valueOf(rows[take]!) }, beforeFirst, position?.tiedBefore)
        : null,
    // Past the end (the rows after the cursor went away): step back from the cursor itself.
    prevCursor:
      position === null
        ? null
        : items.length > 0
          ? cursorAt(items, 0, true, { value: position.value }, afterLast, undefined)
          : encodeCursor(sort, { value: position.value, id: position.id, before: true }),
  };
}

/** The sort for a list from its catalog of sortable columns; unknown keys are a 422 on `sort`. */
export function keysetSort(
  columns: Readonly<Record<string, KeysetColumn>>,
  key: string,
  direction: SortDirection,
): KeysetSort {
  const column = Object.hasOwn(columns, key) ? columns[key] : undefined;
  if (!column) {
    throw new AppError("invalid_input", `Cannot sort by '${key}'.`, { field: "sort", allowed: Object.keys(columns) });
  }
  return { key, column, direction };
}
