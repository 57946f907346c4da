// Microsoft Graph through @microsoft/microsoft-graph-client, whose last middleware hands every
// request to our Transport (retries, throttling, metrics). Payloads are validated with zod.
import "server-only";
import { Client, ResponseType, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import type { z } from "zod";
import { AppError } from "../errors";
import { batchResponse } from "../schemas/graph";
import type { Cloud } from "./clouds";
import type { TokenSource } from "./credentials";
import { upstreamError } from "./errors";
import { decideRetry } from "./retry-policy";
import type { Transport, TransportResponse } from "./transport";

/** The chain's terminal handler: sends through the Transport, with the token only to Graph's own origin over https. */
class TransportMiddleware implements Middleware {
  constructor(
    private readonly transport: Transport,
    private readonly token: (force: boolean) => Promise<string>,
    private readonly origin: string,
  ) {}

  async execute(context: Context): Promise<void> {
    const request = context.request;
    const url = typeof request === "string" ? request : request.url;
    const options = context.options ?? {};
    const headers: Record<string, string> = {};
    new Headers(options.headers as HeadersInit | undefined).forEach((value, key) => (headers[key] = value));
    const target = new URL(url);
    const ours = target.origin === this.origin && target.protocol === "https:";
    const res = await this.transport.send({
      method: options.method ?? "GET",
      url,
      headers,
      body: typeof options.body === "string" ? options.body : undefined,
      token: ours ? this.token : undefined,
      json: true,
    });
    context.response = withText(res);
  }
}

function withText(res: TransportResponse): Response {
  const nullBody = res.status === 204 || res.status === 304;
  const response = new Response(nullBody ? null : res.text, { status: res.status, headers: res.headers });
  // Let callers read the text, and the body the transport already parsed, without consuming the
  // stream or parsing it twice.
  Object.defineProperty(response, "stewardText", { value: res.text });
  Object.defineProperty(response, "stewardJson", { value: res.json });
  return response;
}

type TransportedResponse = Response & { stewardText?: string; stewardJson?: unknown };

export interface GraphRequestOptions {
  version?: "v1.0" | "beta";
  headers?: Record<string, string>;
}

export interface BatchStep {
  id: string;
  method: "GET";
  url: string; // relative, e.g. /applications/{id}/federatedIdentityCredentials
  headers?: Record<string, string>;
}

export interface BatchResult {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export class GraphApi {
  readonly client: Client;
  readonly #transport: Transport;

  constructor(
    readonly cloud: Cloud,
    tokens: TokenSource,
    transport: Transport,
  ) {
    this.#transport = transport;
    const origin = new URL(cloud.graphUrl).origin;
    this.client = Client.initWithMiddleware({
      baseUrl: cloud.graphUrl,
      defaultVersion: "v1.0",
      customHosts: new Set([new URL(cloud.graphUrl).hostname]),
      middleware: new TransportMiddleware(transport, (force) => tokens.getToken(cloud.graphResource, force), origin),
    });
  }

  async #send(method: "GET" | "POST", pathOrUrl: string, options: GraphRequestOptions, body?: unknown) {
    let request = this.client.api(pathOrUrl).responseType(ResponseType.RAW);
    if (options.version && !/^https?:/.test(pathOrUrl)) request = request.version(options.version);
    if (options.headers) request = request.headers(options.headers);
    const response: TransportedResponse = method === "GET" ? await request.get() : await request.post(body);
    const text = response.stewardText ?? (await response.text());
    if (response.status >= 400)
      throw upstreamError("graph", method, pathOrUrl, response.status, text, response.headers);
    // A 2xx that did not declare JSON is parsed here (and refused if it is not JSON).
    const json = response.stewardJson !== undefined ? response.stewardJson : parseJson(text, pathOrUrl);
    return { json };
  }

  async get<S extends z.ZodType>(pathOrUrl: string, schema: S, options: GraphRequestOptions = {}): Promise<z.infer<S>> {
    const { json } = await this.#send("GET", pathOrUrl, options);
    return validate(schema, json, pathOrUrl);
  }

  /**
   * Every page of a collection, following `@odata.nextLink` exactly as returned. The next page is
   * requested as soon as its link is known, so it downloads while the caller stores this one.
   */
  async *pages<S extends z.ZodType<{ "@odata.nextLink"?: string }>>(
    pathOrUrl: string,
    pageSchema: S,
    options: GraphRequestOptions = {},
  ): AsyncGenerator<z.infer<S>> {
    const fetchPage = (url: string, opts: GraphRequestOptions): Promise<{ url: string; json: unknown }> => {
      const pending = this.#send("GET", url, opts).then(({ json }) => ({ url, json }));
      pending.catch(() => {}); // surfaces when awaited; the caller may stop paging before that
      return pending;
    };
    // ConsistencyLevel and other query-shaping headers belong to the first request only.
    let pending: ReturnType<typeof fetchPage> | null = fetchPage(pathOrUrl, options);
    while (pending) {
      const { url, json }: { url: string; json: unknown } = await pending;
      const next: unknown = (json as { "@odata.nextLink"?: unknown } | null)?.["@odata.nextLink"];
      pending = typeof next === "string" ? fetchPage(next, { version: options.version }) : null;
      yield validate(pageSchema, json, url);
    }
  }

  /**
   * Runs GET steps through `$batch` (20 per request). Each step is answered on its own; steps
   * throttled inside the batch are re-sent after their Retry-After, as Graph asks.
   */
  async batch(steps: BatchStep[]): Promise<Map<string, BatchResult>> {
    if (steps.length > 20) throw new AppError("internal", "a Graph batch holds at most 20 requests");
    const results = new Map<string, BatchResult>();
    let pending = steps;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const { json } = await this.#send(
        "POST",
        "/$batch",
        { headers: { "content-type": "application/json" } },
        {
          requests: pending.map((s) => ({ id: s.id, method: s.method, url: s.url, headers: s.headers })),
        },
      );
      const parsed = validate(batchResponse, json, "/$batch");
      const retry: BatchStep[] = [];
      let waitMs = 0;
      for (const r of parsed.responses) {
        const step = pending.find((s) => s.id === r.id);
        if (!step) continue;
        const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        const decision =
          r.status >= 400
            ? decideRetry(
                { kind: "http", status: r.status, retryAfter: headers["retry-after"] ?? null },
                attempt,
                this.#transport.policy,
                Math.random,
              )
            : null;
        if (r.status === 429) this.#transport.metrics.throttled++;
        if (decision?.retry) {
          retry.push(step);
          waitMs = Math.max(waitMs, decision.delayMs);
          if (decision.throttled) this.#transport.pause(decision.delayMs);
        } else {
          results.set(r.id, { status: r.status, body: r.body, headers });
        }
      }
      for (const s of pending) {
        if (!results.has(s.id) && !retry.includes(s) && !parsed.responses.some((r) => r.id === s.id)) {
          // A batch response must answer every request; a missing one is re-sent.
          retry.push(s);
        }
      }
      if (retry.length > 0) {
        this.#transport.metrics.retries += retry.length;
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
      pending = retry;
    }
    return results;
  }
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("upstream", `${what.replace(/\?.*$/, "")}: the response is not JSON`);
  }
}

export function validate<S extends z.ZodType>(schema: S, json: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError(
      "upstream",
      `${what.replace(/\?.*$/, "")}: unexpected payload at ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
    );
  }
  return result.data;
}
