import { describe, expect, it } from "vitest";
import {
  decodeCursor,
  encodeCursor,
  keysetSegments,
  keysetSort,
  readKeysetPage,
  type KeysetColumn,
  type KeysetPage,
  type KeysetSegment,
  type KeysetSort,
  type SortDirection,
} from "./keyset";

// A tiny interpreter for the subset of Prisma `where`/`orderBy` the segments use, so paging is
// checked against every ordering rule without a database (the integration tests do the rest).
type Row = Record<string, unknown> & { id: string };

function cmp(a: unknown, b: unknown): number {
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  if (typeof x === "boolean" && typeof y === "boolean") return Number(x) - Number(y);
  return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
}

function matches(row: Row, where: Record<string, unknown>): boolean {
  return Object.entries(where).every(([key, condition]) => {
    if (key === "AND") return (condition as Record<string, unknown>[]).every((w) => matches(row, w));
    if (key === "OR") return (condition as Record<string, unknown>[]).some((w) => matches(row, w));
    const value = row[key];
    if (condition === null) return value === null;
    if (typeof condition !== "object" || condition instanceof Date) return value !== null && cmp(value, condition) === 0;
    return Object.entries(condition as Record<string, unknown>).every(([op, operand]) => {
      if (op === "not") return operand === null ? value !== null : cmp(value, operand) !== 0;
      if (value === null) return false; // SQL: NULL compared with anything is not true
      const c = cmp(value, operand);
      return { gt: c > 0, gte: c >= 0, lt: c < 0, lte: c <= 0 }[op as "gt"] ?? false;
    });
  });
}

function runSegment(rows: Row[], segment: KeysetSegment, take: number): Row[] {
  const order = segment.orderBy.map((o) => Object.entries(o)[0]!);
  return rows
    .filter((r) => matches(r, segment.where))
    .sort((a, b) => {
      for (const [field, dir] of order) {
        const av = a[field];
        const bv = b[field];
        // Segments never mix NULL and non-NULL values of the sort column.
        if ((av === null) !== (bv === null)) throw new Error("a segment mixed NULL and non-NULL values");
        const c = av === null ? 0 : cmp(av, bv);
        if (c !== 0) return dir === "asc" ? c : -c;
      }
      return 0;
    })
    .slice(0, take);
}

/** The order a user should see: values in the direction, ties by id in the same direction, NULLs last. */
function expectedOrder(rows: Row[], sort: KeysetSort): string[] {
  const { field } = sort.column;
  const rank = (v: unknown) => (sort.column.kind === "enum" ? sort.column.values.indexOf(v as string) : v);
  const sign = sort.direction === "asc" ? 1 : -1;
  return [...rows]
    .sort((a, b) => {
      const av = a[field];
      const bv = b[field];
      if (av === null || bv === null) {
        if (av !== bv) return av === null ? 1 : -1;
      } else {
        const c = cmp(rank(av), rank(bv));
        if (c !== 0) return sign * c;
      }
      return sign * cmp(a.id, b.id);
    })
    .map((r) => r.id);
}

async function walk(rows: Row[], sort: KeysetSort, take: number) {
  const fetch = async (segment: KeysetSegment, n: number) => runSegment(rows, segment, n);
  const forward: string[][] = [];
  const cursors: (string | null)[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1000; guard += 1) {
    const page: KeysetPage<Row> = await readKeysetPage({ sort, cursor, take, fetch });
    forward.push(page.items.map((r) => r.id));
    cursors.push(page.prevCursor);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  // And back again from the last page with the Previous cursors.
  const backward: string[][] = [forward[forward.length - 1]!];
  let prev = cursors[cursors.length - 1] ?? null;
  while (prev) {
    const page = await readKeysetPage({ sort, cursor: prev, take, fetch });
    backward.unshift(page.items.map((r) => r.id));
    prev = page.prevCursor;
  }
  return { forward, backward };
}

function seeded(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function makeRows(n: number, seed: number): Row[] {
  const random = seeded(seed);
  return Array.from({ length: n }, (_, i) => {
    const r = random();
    return {
      id: `id-${String(Math.floor(random() * 1e6)).padStart(6, "0")}-${i}`,
      // Few distinct values so ties across page boundaries are common.
      name: `name-${Math.floor(r * 7)}`,
      count: Math.floor(random() * 4),
      group: random() < 0.3 ? null : `g${Math.floor(random() * 3)}`,
      seen: random() < 0.25 ? null : new Date(Date.UTC(2026, 0, 1 + Math.floor(random() * 5))),
      orphaned: random() < 0.5,
      level: (["none", "low", "high", "critical"] as const)[Math.floor(random() * 4)]!,
      kind: random() < 0.2 ? null : random() < 0.5 ? "A" : "B",
    };
  });
}

const COLUMNS: Record<string, KeysetColumn> = {
  name: { kind: "string", field: "name" },
  count: { kind: "number", field: "count" },
  group: { kind: "string", field: "group", nullable: true },
  seen: { kind: "date", field: "seen", nullable: true },
  orphaned: { kind: "enum", field: "orphaned", values: [false, true] },
  level: { kind: "enum", field: "level", values: ["none", "low", "high", "critical"] },
  kind: { kind: "enum", field: "kind", values: ["A", "B"], nullable: true },
};

describe("keyset paging", () => {
  const rows = makeRows(97, 7);
  for (const key of Object.keys(COLUMNS)) {
    for (const direction of ["asc", "desc"] as SortDirection[]) {
      for (const take of [1, 10, 50, 200]) {
        it(`lists every row once, in order, by ${key} ${direction} in pages of ${take}, forward and back`, async () => {
          const sort = keysetSort(COLUMNS, key, direction);
          const { forward, backward } = await walk(rows, sort, take);
          const expected = expectedOrder(rows, sort);
          expect(forward.flat()).toEqual(expected);
          expect(forward.every((p, i) => p.length === take || i === forward.length - 1)).toBe(true);
          expect(backward).toEqual(forward);
        });
      }
    }
  }

  it("puts NULLs last in both directions", async () => {
    for (const direction of ["asc", "desc"] as SortDirection[]) {
      const sort = keysetSort(COLUMNS, "group", direction);
      const { forward } = await walk(rows, sort, 1000);
      const values = forward.flat().map((id) => rows.find((r) => r.id === id)!.group);
      const firstNull = values.indexOf(null);
      expect(firstNull).toBeGreaterThan(0);
      expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
    }
  });

  it("answers an empty list with no cursors", async () => {
    const page = await readKeysetPage({ sort: keysetSort(COLUMNS, "name", "asc"), take: 10, fetch: async () => [] });
    expect(page).toEqual({ items: [], nextCursor: null, prevCursor: null });
  });

  it("keeps its place when the cursor's own row has gone", async () => {
    const sort = keysetSort(COLUMNS, "count", "asc");
    const fetch = async (segment: KeysetSegment, n: number) => runSegment(rows, segment, n);
    const first = await readKeysetPage({ sort, take: 10, fetch });
    const last = first.items[9]!;
    const without = rows.filter((r) => r.id !== last.id);
    const next = await readKeysetPage({
      sort,
      cursor: first.nextCursor,
      take: 10,
      fetch: async (s, n) => runSegment(without, s, n),
    });
    expect(next.items.map((r) => r.id)).toEqual(expectedOrder(without, sort).slice(9, 19));
  });

  it("shows a full first page when Previous runs out of rows before the cursor", async () => {
    const sort = keysetSort(COLUMNS, "name", "asc");
    const fetch = async (segment: KeysetSegment, n: number) => runSegment(rows, segment, n);
    const expected = expectedOrder(rows, sort);
    const third = rows.find((r) => r.id === expected[3])!;
    const cursor = encodeCursor(sort, { value: third.name as string, id: third.id, before: true });
    const page = await readKeysetPage({ sort, cursor, take: 10, fetch });
    expect(page.items.map((r) => r.id)).toEqual(expected.slice(0, 10));
    expect(page.prevCursor).toBeNull();
    expect(page.nextCursor).not.toBeNull();
  });

  it("reads only the segments a page needs: the NULL region is not touched while values fill the page", async () => {
    const sort = keysetSort(COLUMNS, "group", "asc");
    const seen: KeysetSegment[] = [];
    await readKeysetPage({
      sort,
      take: 5,
      fetch: async (segment, n) => {
        seen.push(segment);
        return runSegment(rows, segment, n);
      },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.where).toEqual({ group: { not: null } });
  });

  it("skips the ties query when the page already saw that the next row has another value", async () => {
    // Unique values (a name per row): every page after the first is one seek, both ways.
    const unique = rows.map((r, i) => ({ ...r, name: `n-${String(i).padStart(3, "0")}` }));
    const sort = keysetSort(COLUMNS, "name", "desc");
    const reads: number[] = [];
    const fetch = async (segment: KeysetSegment, n: number) => {
      reads[reads.length - 1]! += 1;
      return runSegment(unique, segment, n);
    };
    let page: KeysetPage<Row> = { items: [], nextCursor: null, prevCursor: null };
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      reads.push(0);
      page = await readKeysetPage({ sort, cursor, take: 10, fetch });
      ids.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(expectedOrder(unique, sort));
    expect(reads.every((n) => n === 1)).toBe(true);
    reads.push(0);
    const back = await readKeysetPage({ sort, cursor: page.prevCursor, take: 10, fetch });
    const last = page.items.length;
    expect(back.items.map((r) => r.id)).toEqual(ids.slice(-(last + 10), -last));
    expect(reads.at(-1)).toBe(1);
    // With ties at the boundary the flag is left out, and the ties are read.
    const tied = encodeCursor(sort, { value: "n-050", id: "x", before: false });
    expect(decodeCursor(sort, tied).moreTied).toBeUndefined();
    expect(keysetSegments(sort, decodeCursor(sort, tied))).toHaveLength(2);
  });

  it("reads a page inside a run of ties in one query from the run's start, and falls back if the run changed", async () => {
    // Seven names over 97 rows: runs of ~14 that cross pages of 10.
    const sort = keysetSort(COLUMNS, "name", "asc");
    const reads: number[] = [];
    let data = rows;
    const fetch = async (segment: KeysetSegment, n: number) => {
      reads[reads.length - 1]! += 1;
      return runSegment(data, segment, n);
    };
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      reads.push(0);
      const page: KeysetPage<Row> = await readKeysetPage({ sort, cursor, take: 10, fetch });
      ids.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(expectedOrder(rows, sort));
    expect(reads.every((n) => n === 1)).toBe(true);

    // A row tied with the cursor and before it disappears: the remembered run no longer ends at the
    // cursor's row, so the reader seeks after the cursor instead, and the page is still right.
    const first = await readKeysetPage({ sort, take: 10, fetch });
    const decoded = decodeCursor(sort, first.nextCursor!);
    expect(decoded.tiedBefore).toBeGreaterThan(1);
    const tiedEarlier = first.items.find((r) => r.name === decoded.value && r.id !== decoded.id)!;
    data = rows.filter((r) => r.id !== tiedEarlier.id);
    const next = await readKeysetPage({ sort, cursor: first.nextCursor, take: 10, fetch });
    expect(next.items.map((r) => r.id)).toEqual(expectedOrder(rows, sort).slice(10, 20));
  });

  it("keeps paging a long run of ties with a seek, never by re-reading the run", async () => {
    // Every row shares one value (every finding of one evaluation has the same lastSeenAt).
    const same = rows.map((r) => ({ ...r, seen: new Date(Date.UTC(2026, 0, 1)) }));
    const sort = keysetSort(COLUMNS, "seen", "desc");
    const asked: number[] = [];
    const fetch = async (segment: KeysetSegment, n: number) => {
      asked.push(n);
      return runSegment(same, segment, n);
    };
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: KeysetPage<Row> = await readKeysetPage({ sort, cursor, take: 10, fetch });
      ids.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(expectedOrder(same, sort));
    expect(Math.max(...asked)).toBeLessThanOrEqual(11 + 64);
  });

  it("builds the index-friendly seek form after a value: the ties after the id, then the values beyond", () => {
    const sort = keysetSort(COLUMNS, "seen", "desc");
    const [ties, beyond, nulls] = keysetSegments(sort, {
      value: "2026-01-03T00:00:00.000Z",
      id: "x",
      before: false,
    });
    const at = new Date("2026-01-03T00:00:00.000Z");
    const orderBy = [{ seen: "desc" }, { id: "desc" }];
    expect(ties).toEqual({ where: { AND: [{ seen: at }, { id: { lt: "x" } }] }, orderBy });
    expect(beyond).toEqual({ where: { seen: { lt: at } }, orderBy });
    expect(nulls).toEqual({ where: { seen: null }, orderBy });
  });
});

describe("cursors", () => {
  const sort = keysetSort(COLUMNS, "seen", "asc");

  it("round-trip and stay opaque (base64url)", () => {
    const cursor = encodeCursor(sort, { value: "2026-01-02T00:00:00.000Z", id: "abc", before: true });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(sort, cursor)).toEqual({ value: "2026-01-02T00:00:00.000Z", id: "abc", before: true });
  });

  const tampered = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString("base64url");
  const good = { v: 1, k: "seen", d: "asc", x: "2026-01-02T00:00:00.000Z", i: "abc", b: false };

  it.each([
    ["garbage", "not a cursor!"],
    ["base64 of non-JSON", Buffer.from("{oops").toString("base64url")],
    ["an unknown version", tampered({ ...good, v: 2 })],
    ["an extra field", tampered({ ...good, admin: true })],
    ["a missing id", tampered({ ...good, i: undefined })],
    ["an object as value", tampered({ ...good, x: { gt: "" } })],
    ["a value that is no date", tampered({ ...good, x: "yesterday" })],
    ["another sort column", tampered({ ...good, k: "name" })],
    ["another direction", tampered({ ...good, d: "desc" })],
    ["a huge cursor", "A".repeat(5000)],
  ])("refuse %s with a 422 on the cursor field", (_, cursor) => {
    expect(() => decodeCursor(sort, cursor)).toThrowError(
      expect.objectContaining({ code: "invalid_input", status: 422, details: { field: "cursor" } }),
    );
  });

  it("refuse NULL on a column that has none, and values outside an enumerated column", () => {
    const count = keysetSort(COLUMNS, "count", "asc");
    expect(() => decodeCursor(count, tampered({ ...good, k: "count", x: null }))).toThrow(/not valid/);
    const level = keysetSort(COLUMNS, "level", "asc");
    expect(() => decodeCursor(level, tampered({ ...good, k: "level", x: "extreme" }))).toThrow(/not valid/);
  });

  it("unknown sort keys are a 422 on sort, including inherited names", () => {
    expect(() => keysetSort(COLUMNS, "password", "asc")).toThrowError(
      expect.objectContaining({ code: "invalid_input", details: expect.objectContaining({ field: "sort" }) }),
    );
    expect(() => keysetSort(COLUMNS, "constructor", "asc")).toThrow(/Cannot sort/);
  });
});
