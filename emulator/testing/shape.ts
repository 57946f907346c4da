// Compares the shape of an emulator answer with a Microsoft example: every field of the example
// must exist with the same JSON type, recursively. Values are not compared; null matches any type
// (Microsoft's examples and real data disagree on nullability).

export type Shape = "null" | "string" | "number" | "boolean" | "array" | "object";

export function shapeOf(v: unknown): Shape {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  const t = typeof v;
  if (t === "string" || t === "number" || t === "boolean") return t;
  return "object";
}

export interface ShapeOptions {
  /** JSON paths (`$.value[].publisherName`) the emulator deliberately does not serve. */
  ignore?: string[];
  /** Paths whose object keys are data (ARM ids, tag names): each value is compared with the example's first value. */
  maps?: string[];
}

/** Differences between `expected` (Microsoft's example) and `actual`; empty when the shapes agree. */
export function shapeDiff(expected: unknown, actual: unknown, options: ShapeOptions = {}, path = "$"): string[] {
  const ignore = new Set(options.ignore ?? []);
  const maps = new Set(options.maps ?? []);
  if (ignore.has(path)) return [];
  const e = shapeOf(expected);
  const a = shapeOf(actual);
  if (e === "null" || a === "null") return actual === undefined && expected !== undefined ? [`${path}: missing`] : [];
  if (e !== a) return [`${path}: expected ${e}, got ${a}`];
  if (e === "array") {
    const ex = expected as unknown[];
    const ac = actual as unknown[];
    // An empty list on either side tells nothing about its items.
    if (ex.length === 0 || ac.length === 0) return [];
    return shapeDiff(ex[0], ac[0], options, `${path}[]`);
  }
  if (e === "object") {
    const ex = expected as Record<string, unknown>;
    const ac = actual as Record<string, unknown>;
    if (maps.has(path)) {
      const first = Object.values(ex)[0];
      return Object.values(ac).flatMap((v) => shapeDiff(first, v, options, `${path}{}`));
    }
    const out: string[] = [];
    for (const key of Object.keys(ex)) {
      const child = `${path}.${key}`;
      if (ignore.has(child)) continue;
      if (!(key in ac)) {
        out.push(`${child}: missing`);
        continue;
      }
      out.push(...shapeDiff(ex[key], ac[key], options, child));
    }
    return out;
  }
  return [];
}
