// Filter, sort and paging state lives in the URL so a view can be shared. A list declares its state
// as a zod object of URL fields (lib/url-state/fields.ts); pages, route handlers and the client hook
// (use-url-state.ts) parse and write it with these two functions, so all three agree.
//
//   const identityFilters = z.object({ q: urlText(), kind: urlEnum(["SystemAssigned", "UserAssigned"]) });
//   const parsed = parseSearchParams(identityFilters, await props.searchParams); // server page
//   if (!parsed.ok) → show parsed.issues (the valid part is still in parsed.value)
//   toSearchParams(identityFilters, { ...parsed.value, kind: "UserAssigned" }).toString();
import type { z } from "zod";
import { AppError } from "../errors";

export type SearchParamsInput =
  | URLSearchParams
  | { getAll(name: string): string[]; keys(): IterableIterator<string> }
  | Record<string, string | string[] | undefined>;

export interface UrlStateIssue {
  /** The URL parameter that was not understood. */
  field: string;
  message: string;
  /** What the URL said, for the error message. */
  received: string;
}

export type ParsedUrlState<T> = { ok: true; value: T; issues: [] } | { ok: false; value: T; issues: UrlStateIssue[] };

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** The parameters a schema knows, one string each: repeats are joined with "," and blanks dropped. */
function flatten(schema: AnyObject, input: SearchParamsInput): Record<string, string> {
  const known = Object.keys(schema.shape);
  const out: Record<string, string> = {};
  for (const key of known) {
    let values: string[];
    if (typeof (input as URLSearchParams).getAll === "function") values = (input as URLSearchParams).getAll(key);
    else {
      const raw = Object.hasOwn(input, key) ? (input as Record<string, string | string[] | undefined>)[key] : undefined;
      values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    }
    const joined = values
      .map((v) => v.trim())
      .filter((v) => v !== "")
      .join(",");
    if (joined !== "") out[key] = joined;
  }
  return out;
}

/**
 * Reads a list's state from the URL. Unknown parameters are ignored; a known one with a value the
 * schema refuses is reported (never thrown), and `value` holds everything else that was valid.
 */
export function parseSearchParams<S extends AnyObject>(
  schema: S,
  input: SearchParamsInput,
): ParsedUrlState<z.output<S>> {
  const raw = flatten(schema, input);
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data, issues: [] };
  const issues: UrlStateIssue[] = [];
  const bad = new Set<string>();
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "");
    if (bad.has(field)) continue;
    bad.add(field);
    issues.push({ field, message: issue.message, received: raw[field] ?? "" });
  }
  const rest = Object.fromEntries(Object.entries(raw).filter(([key]) => !bad.has(key)));
  const retry = schema.safeParse(rest);
  // A refinement across fields could still fail; fall back to no filters rather than guess.
  const value = retry.success ? retry.data : (schema.parse({}) as z.output<S>);
  return { ok: false, value, issues };
}

/** One URL value: arrays as a comma list, booleans and numbers as text; empty values are left out. */
function toParam(value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(String).join(",");
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * Writes state back as URL parameters in the schema's field order (stable, shareable URLs).
 * `defaults` are left out so the plain list keeps a plain URL.
 */
export function toSearchParams<S extends AnyObject>(
  schema: S,
  value: Partial<z.output<S>>,
  defaults: Partial<z.output<S>> = {},
): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(schema.shape)) {
    const text = toParam((value as Record<string, unknown>)[key]);
    if (text === null) continue;
    if (text === toParam((defaults as Record<string, unknown>)[key])) continue;
    params.set(key, text);
  }
  return params;
}

/** For route handlers: the state, or a 422 naming the first parameter that was not understood. */
export function requireSearchParams<S extends AnyObject>(schema: S, input: SearchParamsInput): z.output<S> {
  const parsed = parseSearchParams(schema, input);
  if (parsed.ok) return parsed.value;
  const first = parsed.issues[0]!;
  throw new AppError("invalid_input", `Query parameter '${first.field}' ${first.message}.`, {
    field: first.field,
    issues: parsed.issues.map(({ field, message }) => ({ field, message })),
  });
}
