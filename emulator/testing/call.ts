// Calls an emulator Handler in-process the way the HTTP server would, for unit tests.
import type { EmulatorResponse, Handler } from "../http";

export interface CallResult extends EmulatorResponse {
  json: Record<string, unknown>;
}

export async function call(
  handler: Handler,
  method: string,
  url: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<CallResult> {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(options.headers ?? {})) headers[k.toLowerCase()] = v;
  const body =
    options.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(typeof options.body === "string" ? options.body : JSON.stringify(options.body));
  const res = await handler({ method, url: new URL(url), headers, body });
  const json =
    typeof res.body === "object" && res.body !== null && !Buffer.isBuffer(res.body)
      ? (res.body as Record<string, unknown>)
      : {};
  return { ...res, json };
}

/** Follows `@odata.nextLink` (Graph) or `nextLink` (ARM) to the end, returning every item. */
export async function collect(
  handler: Handler,
  url: string,
  headers: Record<string, string> = {},
  max = 10_000,
): Promise<{ items: Record<string, unknown>[]; pages: number; last: CallResult }> {
  const items: Record<string, unknown>[] = [];
  let next: string | undefined = url;
  let pages = 0;
  let last: CallResult | undefined;
  while (next && pages < max) {
    last = await call(handler, "GET", next, { headers });
    if (last.status !== 200) throw new Error(`${last.status} ${JSON.stringify(last.body)}`);
    items.push(...((last.json.value as Record<string, unknown>[]) ?? []));
    next = (last.json["@odata.nextLink"] ?? last.json.nextLink) as string | undefined;
    pages++;
  }
  return { items, pages, last: last as CallResult };
}
