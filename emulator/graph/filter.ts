// A small OData $filter parser for the clauses Graph accepts on directory objects: comparisons
// (eq, ne, ge, le, gt, lt), `in (…)` (at most 15 values), startsWith/endsWith, `any(x: x eq …)`
// on collections, `collection/$count eq|ne 0` (advanced queries only), and/or/not and parentheses.
// It compiles to a predicate over a property getter.

export type Getter = (property: string) => unknown;
export type Predicate = (get: Getter) => boolean;

export class FilterError extends Error {
  constructor(
    message: string,
    /** `unsupported`: parsed, but Graph would not allow it here; `syntax`: not valid OData. */
    readonly kind: "syntax" | "unsupported" = "syntax",
  ) {
    super(message);
  }
}

type Token =
  | { t: "str"; v: string }
  | { t: "num"; v: number }
  | { t: "id"; v: string }
  | { t: "("; v: "(" }
  | { t: ")"; v: ")" }
  | { t: ","; v: "," }
  | { t: ":"; v: ":" };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let v = "";
      i++;
      for (;;) {
        if (i >= src.length) throw new FilterError("Unterminated string literal");
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += src[i];
        i++;
      }
      out.push({ t: "str", v });
    } else if (c === "(" || c === ")" || c === "," || c === ":") {
      out.push({ t: c, v: c } as Token);
      i++;
    } else if (/[0-9-]/.test(c) && /^-?\d+(\.\d+)?(?![\w-])/.test(src.slice(i))) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: "num", v: Number(m[0]) });
      i += m[0].length;
    } else {
      const m = /^[A-Za-z_$][\w.$/-]*/.exec(src.slice(i));
      if (!m) throw new FilterError(`Syntax error at position ${i} in '${src}'`);
      out.push({ t: "id", v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

/** Which properties may be filtered, and how (Graph answers anything else with 400). */
export interface FilterSchema {
  /** Property name (lower case) → operators allowed on it. */
  properties: Record<string, readonly string[]>;
  entity: string;
}

/** Graph's limit on the values of one `in` clause (more is 400 Request_UnsupportedQuery). */
export const MAX_IN_VALUES = 15;

export interface FilterOptions {
  /** The request is an advanced query (`ConsistencyLevel: eventual` and `$count=true`). */
  advanced?: boolean;
}

export function parseFilter(src: string, schema?: FilterSchema, options: FilterOptions = {}): Predicate {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => {
    const tok = tokens[pos++];
    if (!tok) throw new FilterError(`Unexpected end of filter '${src}'`);
    return tok;
  };
  const expect = (t: Token["t"]) => {
    const tok = take();
    if (tok.t !== t) throw new FilterError(`Expected '${t}' in '${src}'`);
    return tok;
  };
  const isWord = (w: string) => {
    const tok = peek();
    return tok?.t === "id" && tok.v.toLowerCase() === w;
  };
  const allow = (property: string, op: string) => {
    if (!schema) return;
    const ops = schema.properties[property.toLowerCase()];
    if (!ops || !ops.includes(op)) {
      throw new FilterError(
        `Unsupported or invalid query filter clause specified for property '${property}' of resource '${schema.entity}'.`,
        "unsupported",
      );
    }
  };

  const literal = (): unknown => {
    const tok = take();
    if (tok.t === "str" || tok.t === "num") return tok.v;
    if (tok.t === "id") {
      const w = tok.v.toLowerCase();
      if (w === "true") return true;
      if (w === "false") return false;
      if (w === "null") return null;
    }
    throw new FilterError(`Expected a literal in '${src}'`);
  };

  const orExpr = (): Predicate => {
    let left = andExpr();
    while (isWord("or")) {
      take();
      const l = left;
      const r = andExpr();
      left = (g) => l(g) || r(g);
    }
    return left;
  };
  const andExpr = (): Predicate => {
    let left = unary();
    while (isWord("and")) {
      take();
      const l = left;
      const r = unary();
      left = (g) => l(g) && r(g);
    }
    return left;
  };
  const unary = (): Predicate => {
    if (isWord("not")) {
      take();
      const inner = unary();
      return (g) => !inner(g);
    }
    return primary();
  };
  const primary = (): Predicate => {
    const tok = take();
    if (tok.t === "(") {
      const inner = orExpr();
      expect(")");
      return inner;
    }
    if (tok.t !== "id") throw new FilterError(`Syntax error in '${src}'`);
    const fn = tok.v.toLowerCase();
    if ((fn === "startswith" || fn === "endswith") && peek()?.t === "(") {
      take();
      const prop = String(expect("id").v);
      expect(",");
      const value = literal();
      expect(")");
      allow(prop, fn);
      if (typeof value !== "string") throw new FilterError(`${tok.v} needs a string in '${src}'`);
      const needle = value.toLowerCase();
      return (g) => {
        const v = g(prop);
        const test = (s: unknown) =>
          typeof s === "string" &&
          (fn === "startswith" ? s.toLowerCase().startsWith(needle) : s.toLowerCase().endsWith(needle));
        return Array.isArray(v) ? v.some(test) : test(v);
      };
    }
    const prop = tok.v;
    // Lambda on a collection: tags/any(t: t eq 'x') or tags/any(t: startswith(t, 'x'))
    const lambda = /^(.+)\/(any|all)$/i.exec(prop);
    if (lambda && peek()?.t === "(") {
      take();
      const variable = String(expect("id").v);
      expect(":");
      const inner = orExpr();
      expect(")");
      const collection = lambda[1] as string;
      allow(collection, "any");
      const all = (lambda[2] as string).toLowerCase() === "all";
      return (g) => {
        const items = g(collection);
        if (!Array.isArray(items)) return false;
        const test = (item: unknown) => inner((p) => (p === variable ? item : undefined));
        return all ? items.every(test) : items.some(test);
      };
    }
    const opTok = take();
    if (opTok.t !== "id") throw new FilterError(`Expected an operator in '${src}'`);
    const op = opTok.v.toLowerCase();
    // Counting a collection: only `eq 0` / `ne 0` ("is it empty"), and only as an advanced query.
    const counted = /^(.+)\/\$count$/i.exec(prop);
    if (counted) {
      const collection = counted[1] as string;
      const value = literal();
      allow(collection, "$count");
      if ((op !== "eq" && op !== "ne") || value !== 0)
        throw new FilterError(
          `Unsupported query: only ${collection}/$count eq 0 and ne 0 are supported.`,
          "unsupported",
        );
      if (!options.advanced)
        throw new FilterError(
          "Unsupported query: counting a collection in $filter needs ConsistencyLevel: eventual and $count=true.",
          "unsupported",
        );
      return (g) => {
        const items = g(collection);
        const empty = !Array.isArray(items) || items.length === 0;
        return op === "eq" ? empty : !empty;
      };
    }
    if (op === "in") {
      expect("(");
      const values: unknown[] = [literal()];
      while (peek()?.t === ",") {
        take();
        values.push(literal());
      }
      expect(")");
      allow(prop, "in");
      if (values.length > MAX_IN_VALUES)
        throw new FilterError(
          `Too many child clauses specified in search filter expression containing 'OR' operators: ${values.length}. Max allowed: ${MAX_IN_VALUES}.`,
          "unsupported",
        );
      const set = new Set(values.map((v) => (typeof v === "string" ? v.toLowerCase() : v)));
      return (g) => {
        const v = g(prop);
        return set.has(typeof v === "string" ? v.toLowerCase() : v);
      };
    }
    if (!["eq", "ne", "ge", "le", "gt", "lt"].includes(op))
      throw new FilterError(`Unknown operator '${opTok.v}' in '${src}'`);
    const value = literal();
    allow(prop, op);
    const norm = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);
    const target = norm(value);
    return (g) => {
      const raw = g(prop);
      const test = (v: unknown) => {
        const x = norm(v);
        switch (op) {
          case "eq":
            return x === target || (x === undefined && target === null);
          case "ne":
            return !(x === target || (x === undefined && target === null));
          case "ge":
            return x !== null && x !== undefined && (x as string) >= (target as string);
          case "le":
            return x !== null && x !== undefined && (x as string) <= (target as string);
          case "gt":
            return x !== null && x !== undefined && (x as string) > (target as string);
          default:
            return x !== null && x !== undefined && (x as string) < (target as string);
        }
      };
      return test(raw);
    };
  };

  const predicate = orExpr();
  if (pos !== tokens.length) throw new FilterError(`Unexpected '${String(tokens[pos]?.v)}' in '${src}'`);
  return predicate;
}

/** Ids named by a filter made only of `id eq '…'` clauses joined by `or` (the delta form), or null. */
export function idsOfIdFilter(src: string): string[] | null {
  const parts = src.split(/\s+or\s+/i);
  const ids: string[] = [];
  for (const p of parts) {
    const m = /^\s*\(?\s*id\s+eq\s+'([^']+)'\s*\)?\s*$/i.exec(p);
    if (!m?.[1]) return null;
    ids.push(m[1]);
  }
  return ids;
}

/**
 * Ids named by a filter that selects by id alone (`id eq '…'` joined by `or`, or `id in (…)`), or
 * null. Lets a list answer from its index instead of testing every object (the result is the same).
 */
export function idsSelectedBy(src: string | null): string[] | null {
  if (!src) return null;
  const inList = /^\s*id\s+in\s*\(([^)]*)\)\s*$/i.exec(src);
  if (!inList) return idsOfIdFilter(src);
  const ids: string[] = [];
  for (const part of (inList[1] as string).split(",")) {
    const m = /^\s*'([^']+)'\s*$/.exec(part);
    if (!m?.[1]) return null;
    ids.push(m[1]);
  }
  return ids;
}
