// Azure Resource Graph over the emulated tenant: a small KQL interpreter for the query shapes the
// product uses (`Resources | where … | project …`, `AuthorizationResources | where type =~ … |
// project …`), with ARG's paging ($top/$skip/$skipToken), counts and subscription scoping.
import { lower, subscriptionOfScope, type ResourceChange, type RoleAssignment, type Tenant } from "../tenant/model";
import { identityBlock, roleDefinitionId, roleDefinitionProperties } from "./shapes";

type Row = Record<string, unknown>;
type Expr = (row: Row) => unknown;

export class KqlError extends Error {}

/** Splits on a separator outside quotes and brackets. */
function splitTop(src: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = "";
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (quote) {
      cur += c;
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    if (depth === 0 && src.startsWith(sep, i)) {
      out.push(cur);
      cur = "";
      i += sep.length - 1;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

function getPath(row: Row, path: string[]): unknown {
  let v: unknown = row;
  for (const p of path) {
    if (v === null || v === undefined || typeof v !== "object") return undefined;
    const obj = v as Record<string, unknown>;
    // KQL column and property access is case-sensitive, but ARG normalises top-level columns.
    const key = p in obj ? p : Object.keys(obj).find((k) => k.toLowerCase() === p.toLowerCase());
    v = key === undefined ? undefined : obj[key];
  }
  return v;
}

function str(v: unknown): string {
  if (v === null || v === undefined) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

function isEmpty(v: unknown) {
  return v === null || v === undefined || v === "" || (typeof v === "object" && Object.keys(v as object).length === 0);
}

const CANONICAL_DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function parseExpr(src: string): Expr {
  const s = src.trim();
  if (!s) throw new KqlError("empty expression");
  const lit = /^'((?:[^']|'')*)'$|^"((?:[^"\\]|\\.)*)"$/.exec(s);
  if (lit) {
    const v = (lit[1] ?? lit[2] ?? "").replace(/''/g, "'");
    return () => v;
  }
  if (/^-?\d+(\.\d+)?$/.test(s)) return () => Number(s);
  if (/^(true|false)$/i.test(s)) return () => s.toLowerCase() === "true";
  // KQL's datetime literal: datetime(2024-06-12T13:26:17Z), unquoted.
  const dt = /^datetime\(\s*([^'")]+?)\s*\)$/i.exec(s);
  if (dt) {
    const ms = Date.parse(dt[1] as string);
    if (Number.isNaN(ms)) throw new KqlError(`invalid datetime literal '${dt[1]}'`);
    const iso = new Date(ms).toISOString();
    return () => iso;
  }
  const fn = /^(\w+)\s*\((.*)\)$/s.exec(s);
  if (fn) {
    const name = (fn[1] as string).toLowerCase();
    const args = splitTop(fn[2] as string, ",").filter((a) => a !== "");
    const a = args.map(parseExpr);
    const arg0 = a[0] ?? (() => undefined);
    switch (name) {
      case "tostring":
        return (r) => str(arg0(r));
      case "tolower":
        return (r) => str(arg0(r)).toLowerCase();
      case "toupper":
        return (r) => str(arg0(r)).toUpperCase();
      case "todatetime":
        return (r) => {
          const v = arg0(r);
          // Already in the canonical form (what the emulator itself stamps): no need to parse it.
          if (typeof v === "string" && CANONICAL_DATETIME.test(v)) return v;
          const ms = typeof v === "string" || typeof v === "number" ? Date.parse(String(v)) : NaN;
          return Number.isNaN(ms) ? null : new Date(ms).toISOString();
        };
      case "isnotempty":
        return (r) => !isEmpty(arg0(r));
      case "isempty":
        return (r) => isEmpty(arg0(r));
      case "isnotnull":
        return (r) => arg0(r) !== null && arg0(r) !== undefined;
      case "isnull":
        return (r) => arg0(r) === null || arg0(r) === undefined;
      case "not":
        return (r) => !arg0(r);
      case "bag_keys":
        return (r) => {
          const v = arg0(r);
          return v && typeof v === "object" ? Object.keys(v) : [];
        };
      case "array_length":
        return (r) => {
          const v = arg0(r);
          return Array.isArray(v) ? v.length : null;
        };
      default:
        throw new KqlError(`unsupported function '${fn[1]}'`);
    }
  }
  // Column path: identity.userAssignedIdentities, properties['principalId'], properties.scope
  if (/^[A-Za-z_][\w]*((\.[A-Za-z_]\w*)|(\[\s*'[^']*'\s*\]))*$/.test(s)) {
    const path: string[] = [];
    const re = /([A-Za-z_]\w*)|\[\s*'([^']*)'\s*\]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s))) path.push((m[1] ?? m[2]) as string);
    return (r) => getPath(r, path);
  }
  throw new KqlError(`cannot parse expression '${s}'`);
}

const COMPARATORS = [
  "!in~",
  "in~",
  "!in",
  "==",
  "!=",
  "=~",
  "!~",
  "!contains",
  "contains",
  "!has",
  "has",
  "!startswith",
  "startswith",
  "endswith",
  "in",
  ">=",
  "<=",
  ">",
  "<",
] as const;

/** Ordering as KQL compares: numbers as numbers, datetimes (ISO strings) as instants, else strings. */
function order(a: unknown, b: unknown): number | null {
  if (a === null || a === undefined || b === null || b === undefined || a === "" || b === "") return null;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const iso = /^\d{4}-\d\d-\d\dT/;
  if (typeof a === "string" && typeof b === "string" && iso.test(a) && iso.test(b)) {
    const x = Date.parse(a);
    const y = Date.parse(b);
    if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  }
  const x = str(a);
  const y = str(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function parseCondition(src: string): Expr {
  const s = src.trim();
  const ors = splitWords(s, "or");
  if (ors.length > 1) {
    const parts = ors.map(parseCondition);
    return (r) => parts.some((p) => p(r));
  }
  const ands = splitWords(s, "and");
  if (ands.length > 1) {
    const parts = ands.map(parseCondition);
    return (r) => parts.every((p) => p(r));
  }
  if (
    s.startsWith("(") &&
    s.endsWith(")") &&
    splitTop(s.slice(1, -1), "\u0000").length === 1 &&
    balanced(s.slice(1, -1))
  )
    return parseCondition(s.slice(1, -1));
  for (const op of COMPARATORS) {
    const idx = findOperator(s, op);
    if (idx < 0) continue;
    const left = parseExpr(s.slice(0, idx));
    const rightSrc = s.slice(idx + op.length).trim();
    const negate = op.startsWith("!") && op !== "!=" && op !== "!~";
    const base = negate ? op.slice(1) : op;
    let test: (l: unknown, r: Row) => boolean;
    if (base === "in" || base === "in~") {
      const m = /^\((.*)\)$/s.exec(rightSrc);
      if (!m) throw new KqlError(`'${op}' needs a list`);
      const values = splitTop(m[1] as string, ",").map((v) => parseExpr(v)({}));
      const ci = base === "in~";
      const set = new Set(values.map((v) => (ci ? str(v).toLowerCase() : str(v))));
      test = (l) => set.has(ci ? str(l).toLowerCase() : str(l));
    } else if (base === ">" || base === ">=" || base === "<" || base === "<=") {
      const right = parseExpr(rightSrc);
      test = (l, r) => {
        // A comparison with an empty value is false, as KQL's null comparisons are.
        const o = order(l, right(r));
        if (o === null) return false;
        return base === ">" ? o > 0 : base === ">=" ? o >= 0 : base === "<" ? o < 0 : o <= 0;
      };
    } else {
      const right = parseExpr(rightSrc);
      test = (l, r) => {
        const a = str(l);
        const b = str(right(r));
        switch (base) {
          case "==":
            return a === b;
          case "!=":
            return a !== b;
          case "=~":
            return a.toLowerCase() === b.toLowerCase();
          case "!~":
            return a.toLowerCase() !== b.toLowerCase();
          case "contains":
            return a.toLowerCase().includes(b.toLowerCase());
          case "has":
            return a
              .toLowerCase()
              .split(/[^a-z0-9]+/)
              .includes(b.toLowerCase());
          case "startswith":
            return a.toLowerCase().startsWith(b.toLowerCase());
          default:
            return a.toLowerCase().endsWith(b.toLowerCase());
        }
      };
    }
    return (r) => {
      const v = test(left(r), r);
      return negate ? !v : v;
    };
  }
  const e = parseExpr(s);
  return (r) => Boolean(e(r));
}

function balanced(s: string) {
  let depth = 0;
  for (const c of s) {
    if (c === "(") depth++;
    if (c === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

function splitWords(s: string, word: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (
      depth === 0 &&
      /\s/.test(c) &&
      s.slice(i + 1, i + 1 + word.length).toLowerCase() === word &&
      /\s/.test(s[i + 1 + word.length] ?? "")
    ) {
      parts.push(s.slice(last, i));
      last = i + 1 + word.length;
      i = last;
    }
  }
  parts.push(s.slice(last));
  return parts.map((p) => p.trim()).filter(Boolean);
}

function findOperator(s: string, op: string): number {
  let quote: string | null = null;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && s.startsWith(op, i)) {
      const word = /^[!a-z~]/i.test(op) && /[a-z]/i.test(op);
      if (word) {
        const before = s[i - 1] ?? " ";
        const after = s[i + op.length] ?? " ";
        if (!/\s/.test(before) || !/\s/.test(after)) continue;
      }
      // `!=`/`!~` must not be read as `=`/`~` parts of another operator, and vice versa.
      if ((op === "==" || op === "=~") && s[i - 1] === "!") continue;
      if ((op === ">" || op === "<") && s[i + 1] === "=") continue;
      return i;
    }
  }
  return -1;
}

export interface ArgRequest {
  subscriptions?: string[];
  managementGroups?: string[];
  query?: string;
  options?: { $top?: number; $skip?: number; $skipToken?: string; resultFormat?: "objectArray" | "table" };
}

export interface ArgResult {
  totalRecords: number;
  count: number;
  resultTruncated: "true" | "false";
  $skipToken?: string;
  data: unknown;
  facets: unknown[];
}

/** Compiles a query into a function from rows to result rows (throws KqlError when unsupported). */
type Table = "resources" | "authorizationresources" | "resourcechanges";

export function compileQuery(query: string): {
  table: Table;
  run: (rows: Iterable<Row>) => Row[];
  projectsId: boolean;
  /** Ends in `summarize`: ARG returns such results on one page, never with a $skipToken. */
  summarized: boolean;
  /**
   * Only `where` stages, then a `summarize … by subscriptionId[, …]`: no group spans two
   * subscriptions, so the result is the concatenation of the query run over each one's rows.
   */
  perSubscription: boolean;
} {
  const stages = splitTop(query.replace(/\r?\n/g, " "), "|");
  const table = (stages.shift() ?? "").toLowerCase();
  if (table !== "resources" && table !== "authorizationresources" && table !== "resourcechanges")
    throw new KqlError(`table '${table}' is not available in this emulator`);
  const ops: ((rows: Row[]) => Row[])[] = [];
  let projectsId = true;
  let summarized = false;
  let filtersOnly = true;
  let perSubscription = false;
  for (const stage of stages) {
    const m = /^(\w+(?:-\w+)?)(?:\s+(.*))?$/s.exec(stage);
    const op = (m?.[1] ?? "").toLowerCase();
    const arg = (m?.[2] ?? "").trim();
    perSubscription =
      op === "summarize" &&
      filtersOnly &&
      splitTop(/\s+by\s+(.+)$/is.exec(arg)?.[1] ?? "", ",").some(
        (k) => k.replace(/^[A-Za-z_]\w*\s*=\s*/, "").toLowerCase() === "subscriptionid",
      );
    if (op !== "where") filtersOnly = false;
    if (op === "where") {
      const cond = parseCondition(arg);
      ops.push((rows) => rows.filter((r) => Boolean(cond(r))));
    } else if (op === "project" || op === "extend") {
      const cols = splitTop(arg, ",").map((c) => {
        const eq = /^([A-Za-z_]\w*)\s*=\s*(.+)$/s.exec(c);
        const name = eq ? (eq[1] as string) : (c.split(/[.[]/)[0] as string);
        return { name, expr: parseExpr(eq ? (eq[2] as string) : c) };
      });
      if (op === "project") projectsId = cols.some((c) => c.name === "id");
      ops.push((rows) =>
        rows.map((r) => {
          const out: Row = op === "extend" ? { ...r } : {};
          for (const c of cols) out[c.name] = c.expr(r) ?? null;
          return out;
        }),
      );
    } else if (op === "summarize") {
      ops.push(compileSummarize(arg));
      projectsId = false;
      summarized = true;
    } else if (op === "limit" || op === "take") {
      const n = Number(arg);
      if (!Number.isInteger(n)) throw new KqlError(`'${op}' needs a number`);
      ops.push((rows) => rows.slice(0, n));
    } else if (op === "order" || op === "sort") {
      const mm = /^by\s+(.+?)(?:\s+(asc|desc))?$/i.exec(arg);
      if (!mm) throw new KqlError("order by needs a column");
      const e = parseExpr(mm[1] as string);
      const desc = (mm[2] ?? "desc").toLowerCase() === "desc";
      ops.push((rows) =>
        [...rows].sort((a, b) => (str(e(a)) < str(e(b)) ? -1 : str(e(a)) > str(e(b)) ? 1 : 0) * (desc ? -1 : 1)),
      );
    } else {
      throw new KqlError(`operator '${op}' is not supported by this emulator`);
    }
  }
  return {
    table: table as Table,
    projectsId,
    summarized,
    perSubscription,
    run(rows) {
      let out = [...rows];
      for (const op of ops) out = op(out);
      return out;
    },
  };
}

type Aggregate = {
  name: string;
  init: () => unknown;
  add: (acc: unknown, row: Row) => unknown;
  done?: (acc: unknown) => unknown;
};

/** `summarize [name =] agg(expr), … [by [name =] expr, …]` with count(), countif(), sum(), min(), max() and dcount(). */
function compileSummarize(arg: string): (rows: Row[]) => Row[] {
  const m = /^(.*?)(?:\s+by\s+(.+))?$/is.exec(arg.trim());
  const aggSrc = (m?.[1] ?? "").trim();
  const bySrc = m?.[2];
  const named = (src: string) => {
    const eq = /^([A-Za-z_]\w*)\s*=\s*(.+)$/s.exec(src.trim());
    return eq ? { name: eq[1] as string, src: (eq[2] as string).trim() } : { name: null, src: src.trim() };
  };
  const aggs: Aggregate[] = splitTop(aggSrc, ",")
    .filter(Boolean)
    .map((part) => {
      const { name, src } = named(part);
      const fm = /^(\w+)\s*\((.*)\)$/s.exec(src);
      if (!fm) throw new KqlError(`cannot parse aggregation '${src}'`);
      const fn = (fm[1] as string).toLowerCase();
      const inner = (fm[2] as string).trim();
      const column = inner.split(/[.[(]/)[0] ?? "";
      const e = inner ? (fn === "countif" ? parseCondition(inner) : parseExpr(inner)) : () => undefined;
      const greater = (a: unknown, b: unknown) =>
        typeof a === "number" && typeof b === "number" ? a > b : str(a) > str(b);
      switch (fn) {
        case "count":
          return { name: name ?? "count_", init: () => 0, add: (acc) => (acc as number) + 1 };
        case "countif":
          return { name: name ?? "countif_", init: () => 0, add: (acc, r) => (acc as number) + (e(r) ? 1 : 0) };
        case "sum":
          return { name: name ?? `sum_${column}`, init: () => 0, add: (acc, r) => (acc as number) + Number(e(r) ?? 0) };
        case "max":
        case "min":
          return {
            name: name ?? `${fn}_${column}`,
            init: () => null,
            add: (acc, r) => {
              const v = e(r);
              if (v === null || v === undefined || v === "") return acc;
              if (acc === null) return v;
              return fn === "max" ? (greater(v, acc) ? v : acc) : greater(acc, v) ? v : acc;
            },
          };
        case "dcount":
          return {
            name: name ?? `dcount_${column}`,
            init: () => new Set<string>(),
            add: (acc, r) => (acc as Set<string>).add(str(e(r))),
            done: (acc) => (acc as Set<string>).size,
          };
        default:
          throw new KqlError(`unsupported aggregation '${fm[1]}'`);
      }
    });
  if (aggs.length === 0) throw new KqlError("summarize needs an aggregation");
  const keys = (bySrc ? splitTop(bySrc, ",") : []).map((part) => {
    const { name, src } = named(part);
    return { name: name ?? (src.split(/[.[(]/)[0] as string), expr: parseExpr(src) };
  });
  return (rows) => {
    const groups = new Map<string, { key: unknown[]; acc: unknown[] }>();
    // A group's identity: typed, so null, "" and 0 stay apart, without serialising every row.
    const part = (v: unknown) =>
      v === null || v === undefined
        ? "n"
        : typeof v === "object"
          ? `o${JSON.stringify(v)}`
          : `${typeof v}:${String(v)}`;
    for (const r of rows) {
      const key = keys.map((k) => k.expr(r) ?? null);
      const id = key.length === 1 ? part(key[0]) : key.map(part).join("\u0001");
      let g = groups.get(id);
      if (!g) {
        g = { key, acc: aggs.map((a) => a.init()) };
        groups.set(id, g);
      }
      for (let i = 0; i < aggs.length; i++) g.acc[i] = (aggs[i] as Aggregate).add(g.acc[i], r);
    }
    // Without `by`, an empty input still summarises to one row (count() = 0).
    if (keys.length === 0 && groups.size === 0) groups.set("[]", { key: [], acc: aggs.map((a) => a.init()) });
    return [...groups.values()].map((g) => {
      const out: Row = {};
      keys.forEach((k, i) => (out[k.name] = g.key[i]));
      aggs.forEach((a, i) => (out[a.name] = a.done ? a.done(g.acc[i]) : g.acc[i]));
      return out;
    });
  };
}

/**
 * Rows built from one subscription (or the tenant level, key ""), kept while the subscription's
 * version stands: a summary over a whole tenant then costs a concatenation, not half a million new
 * objects, and churn rebuilds only the subscriptions it touched.
 */
interface RowCache {
  resources: Map<string, { version: string; rows: Row[] }>;
  /** Also the role definitions, under "definitions" (their version is their count). */
  authorization: Map<string, { version: string; rows: Row[] }>;
  /** Results of per-subscription summaries, by query and then by partition. */
  summaries: Map<string, Map<string, { version: string; rows: Row[] }>>;
}
const caches = new WeakMap<Tenant, RowCache>();

function cacheOf(tenant: Tenant): RowCache {
  let c = caches.get(tenant);
  if (!c) {
    c = { resources: new Map(), authorization: new Map(), summaries: new Map() };
    caches.set(tenant, c);
  }
  return c;
}

function cached(
  map: Map<string, { version: string; rows: Row[] }>,
  key: string,
  version: string,
  build: () => Row[],
): Row[] {
  const hit = map.get(key);
  if (hit?.version === version) return hit.rows;
  const rows = build();
  map.set(key, { version, rows });
  return rows;
}

/** The subscriptions a request covers and Resource Graph shows (in the tenant's order). */
function visibleSubscriptions(tenant: Tenant, subs: Set<string> | null): string[] {
  const out: string[] = [];
  for (const sub of tenant.resourcesBySubscription.keys())
    if ((!subs || subs.has(sub)) && !tenant.resourceGraphLagging.has(sub)) out.push(sub);
  return out;
}

const versionOf = (tenant: Tenant, sub: string) => String(tenant.subscriptionVersion.get(sub) ?? 0);

/** A table's rows of one subscription (or of the tenant level), with the version they were built at. */
interface Partition {
  key: string;
  version: string;
  rows: () => Row[];
}

export function resourceRows(tenant: Tenant, subs: Set<string> | null): Row[] {
  return concat(resourcePartitions(tenant, subs));
}

function concat(partitions: Partition[]): Row[] {
  const rows: Row[] = [];
  for (const p of partitions) for (const row of p.rows()) rows.push(row);
  return rows;
}

function resourcePartitions(tenant: Tenant, subs: Set<string> | null): Partition[] {
  const cache = cacheOf(tenant);
  return visibleSubscriptions(tenant, subs).map((sub) => {
    const version = `${versionOf(tenant, sub)}/${tenant.identityEpoch}`;
    return { key: sub, version, rows: () => resourceRowsOf(tenant, cache, sub, version) };
  });
}

function resourceRowsOf(tenant: Tenant, cache: RowCache, sub: string, version: string): Row[] {
  return cached(cache.resources, sub, version, () =>
    (tenant.resourcesBySubscription.get(sub) ?? []).map((r) => ({
      id: r.id,
      name: r.name,
      type: lower(r.type),
      tenantId: tenant.tenantId,
      kind: r.kind ?? "",
      location: r.location,
      resourceGroup: lower(r.resourceGroup),
      subscriptionId: r.subscriptionId,
      managedBy: "",
      sku: null,
      plan: null,
      properties: r.uami
        ? {
            tenantId: tenant.tenantId,
            principalId: r.uami.principalId,
            clientId: r.uami.clientId,
            isolationScope: "None",
          }
        : { provisioningState: "Succeeded" },
      tags: r.tags,
      identity: identityBlock(r, tenant) ?? null,
      zones: null,
      extendedLocation: null,
    })),
  );
}

function roleAssignmentRows(tenant: Tenant, list: Iterable<RoleAssignment>): Row[] {
  const rows: Row[] = [];
  for (const a of list) {
    const sub = subscriptionOfScope(a.scope);
    rows.push({
      id: `${a.scope === "/" ? "" : a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`,
      name: a.name,
      type: "microsoft.authorization/roleassignments",
      tenantId: tenant.tenantId,
      kind: "",
      location: "",
      resourceGroup: lower(/\/resourcegroups\/([^/]+)/i.exec(a.scope)?.[1] ?? ""),
      subscriptionId: sub ?? "",
      managedBy: "",
      sku: null,
      plan: null,
      properties: {
        roleDefinitionId: roleDefinitionId({ name: a.roleDefinitionName }, a.scope),
        principalId: a.principalId,
        principalType: a.principalType,
        scope: a.scope,
        createdOn: new Date(a.created).toISOString(),
        updatedOn: new Date(a.created).toISOString(),
      },
      tags: {},
      identity: null,
      zones: null,
      extendedLocation: null,
    });
  }
  return rows;
}

export function authorizationRows(tenant: Tenant, subs: Set<string> | null): Row[] {
  return concat(authorizationPartitions(tenant, subs));
}

function authorizationPartitions(tenant: Tenant, subs: Set<string> | null): Partition[] {
  const cache = cacheOf(tenant);
  const out: Partition[] = [];
  if (!subs) {
    const version = versionOf(tenant, "");
    out.push({
      key: "",
      version,
      rows: () =>
        cached(cache.authorization, "", version, () => roleAssignmentRows(tenant, tenant.tenantLevelRoleAssignments)),
    });
  }
  for (const sub of visibleSubscriptions(tenant, subs)) {
    const version = versionOf(tenant, sub);
    out.push({
      key: sub,
      version,
      rows: () =>
        cached(cache.authorization, sub, version, () =>
          roleAssignmentRows(tenant, tenant.roleAssignmentsBySubscription.get(sub) ?? []),
        ),
    });
  }
  const definitions = String(tenant.roleDefinitions.length);
  out.push({
    key: "definitions",
    version: definitions,
    rows: () => cached(cache.authorization, "definitions", definitions, () => definitionRows(tenant)),
  });
  return out;
}

function definitionRows(tenant: Tenant): Row[] {
  return tenant.roleDefinitions.map((def) => ({
    id: `/providers/Microsoft.Authorization/RoleDefinitions/${def.name}`,
    name: def.name,
    type: "microsoft.authorization/roledefinitions",
    tenantId: tenant.tenantId,
    kind: "",
    location: "",
    resourceGroup: "",
    subscriptionId: "",
    properties: roleDefinitionProperties(def),
    tags: {},
    identity: null,
  }));
}

/** How long Resource Graph keeps resource changes. */
export const RESOURCE_CHANGE_RETENTION_MS = 14 * 86_400_000;

/**
 * `resourcechanges`: one Microsoft.Resources/changes row per create, update or delete of a
 * resource in the last 14 days, in the shape of Azure's change resource (get-resource-changes.md):
 * `properties.targetResourceId`, `targetResourceType`, `changeType`, `changeAttributes`
 * (`timestamp`, `changesCount`, `correlationId`, `changedBy`, …) and `changes`.
 */
export function resourceChangeRows(tenant: Tenant, subs: Set<string> | null, now = Date.now()): Row[] {
  const visible = new Set(visibleSubscriptions(tenant, subs));
  const rows: Row[] = [];
  for (const c of tenant.resourceChanges) {
    if (!visible.has(c.subscriptionId) || c.timestamp < now - RESOURCE_CHANGE_RETENTION_MS) continue;
    rows.push(changeRow(tenant, c));
  }
  return rows;
}

function changeRow(tenant: Tenant, c: ResourceChange): Row {
  const changesCount = c.changeType === "Update" ? Object.keys(c.changes).length : 0;
  return {
    id: `${c.targetResourceId}/providers/Microsoft.Resources/changes/${c.changeId}`,
    name: c.changeId,
    type: "microsoft.resources/changes",
    tenantId: tenant.tenantId,
    kind: "",
    location: "",
    resourceGroup: c.resourceGroup,
    subscriptionId: c.subscriptionId,
    managedBy: "",
    sku: null,
    plan: null,
    properties: {
      targetResourceId: c.targetResourceId,
      targetResourceType: c.targetResourceType,
      changeType: c.changeType,
      changeAttributes: {
        previousResourceSnapshotId: c.changeType === "Create" ? null : `${c.changeId}_before`,
        newResourceSnapshotId: c.changeType === "Delete" ? null : `${c.changeId}_after`,
        correlationId: c.changeId,
        changedByType: "AppId",
        changesCount,
        clientType: "Emulator churn",
        changedBy: "emulator",
        operation: `${c.targetResourceType}/${c.changeType === "Delete" ? "delete" : "write"}`,
        timestamp: new Date(c.timestamp).toISOString(),
      },
      changes: c.changeType === "Update" ? c.changes : {},
    },
    tags: {},
    identity: null,
    zones: null,
    extendedLocation: null,
  };
}

let lastResult: { key: string; rows: Row[] } | undefined;

/** Runs an ARG request; `scopeSubs` is the set of subscriptions (lower-case) the request may see. */
export function runResourceGraph(tenant: Tenant, body: ArgRequest, scopeSubs: Set<string> | null): ArgResult {
  const query = body.query ?? "";
  const compiled = compileQuery(query);
  if (tenant.resourceGraphTablesMissing.has(compiled.table))
    throw new KqlError(`table '${compiled.table}' is not available in this cloud`);
  const opts = body.options ?? {};
  let top = Math.min(1000, Math.max(1, opts.$top ?? 100));
  let skip = opts.$skip ?? 0;
  if (opts.$skipToken) {
    try {
      const tok = JSON.parse(Buffer.from(opts.$skipToken, "base64").toString("utf8")) as {
        o: number;
        q: string;
        t: number;
      };
      if (tok.q !== query) throw new KqlError("the $skipToken belongs to a different query");
      skip = tok.o;
      // The page size chosen on the first page carries over, as with ARG's own tokens.
      if (opts.$top === undefined && typeof tok.t === "number") top = tok.t;
    } catch (e) {
      if (e instanceof KqlError) throw e;
      throw new KqlError("invalid $skipToken");
    }
  }
  // Paging re-sends the same query, so keep the last result while the tenant is unchanged
  // instead of re-running the query over every row for each page.
  const key = `${tenant.tenantId}|${tenant.revision}|${[...tenant.resourceGraphLagging].join(",")}|${query}|${scopeSubs ? [...scopeSubs].join(",") : "*"}`;
  let result: Row[];
  if (lastResult?.key === key) result = lastResult.rows;
  else if (compiled.perSubscription && compiled.table !== "resourcechanges") {
    // Summarised per subscription: each subscription's part is kept until it changes.
    const all =
      compiled.table === "resources"
        ? resourcePartitions(tenant, scopeSubs)
        : authorizationPartitions(tenant, scopeSubs);
    // Tenant-level assignments and role definitions share the empty subscription id: one part.
    const parts = all.filter((p) => p.key !== "" && p.key !== "definitions");
    const shared = all.filter((p) => p.key === "" || p.key === "definitions");
    if (shared.length > 0)
      parts.push({
        key: shared.map((p) => p.key).join("+"),
        version: shared.map((p) => p.version).join("+"),
        rows: () => concat(shared),
      });
    const cache = cacheOf(tenant);
    let byPartition = cache.summaries.get(query);
    if (!byPartition) {
      if (cache.summaries.size >= 64) cache.summaries.clear();
      byPartition = new Map();
      cache.summaries.set(query, byPartition);
    }
    result = [];
    for (const part of parts)
      for (const row of cached(byPartition, part.key, part.version, () => compiled.run(part.rows()))) result.push(row);
    lastResult = { key, rows: result };
  } else {
    const rows =
      compiled.table === "resources"
        ? resourceRows(tenant, scopeSubs)
        : compiled.table === "resourcechanges"
          ? resourceChangeRows(tenant, scopeSubs)
          : authorizationRows(tenant, scopeSubs);
    result = compiled.run(rows);
    lastResult = { key, rows: result };
  }
  const total = result.length;
  const page = result.slice(skip, skip + top);
  const more = skip + page.length < total;
  const out: ArgResult = {
    totalRecords: total,
    count: page.length,
    resultTruncated: more && (!compiled.projectsId || compiled.summarized) ? "true" : "false",
    data: page,
    facets: [],
  };
  if (more && compiled.projectsId && !compiled.summarized)
    out.$skipToken = Buffer.from(JSON.stringify({ o: skip + page.length, q: query, t: top })).toString("base64");
  if (opts.resultFormat === "table") {
    const columns = Object.keys(page[0] ?? {}).map((name) => {
      const v = page[0]?.[name];
      return {
        name,
        type:
          typeof v === "number"
            ? "integer"
            : typeof v === "boolean"
              ? "boolean"
              : v !== null && typeof v === "object"
                ? "object"
                : "string",
      };
    });
    out.data = { columns, rows: page.map((r) => columns.map((c) => r[c.name] ?? null)) };
  }
  return out;
}
