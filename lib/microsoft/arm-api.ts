// Azure Resource Manager and Azure Resource Graph over the Transport, with zod-validated payloads.
import "server-only";
import { z } from "zod";
import { resourceGraphResponse } from "../schemas/arm";
import type { Cloud } from "./clouds";
import type { TokenSource } from "./credentials";
import { upstreamError } from "./errors";
import { parseJson, validate } from "./graph-api";
import type { Transport, TransportResponse } from "./transport";

export interface ResourceGraphOptions {
  subscriptions?: string[];
  managementGroups?: string[];
  pageSize?: number;
  /** Sees each response as a whole (`resultTruncated`, `totalRecords`). */
  onPage?: (page: z.infer<typeof resourceGraphResponse>) => void;
}

export class ArmApi {
  readonly #token: (force: boolean) => Promise<string>;
  /** Resource Graph's per-user quota (15 queries per 5 s): no query leaves before this time. */
  #resourceGraphReadyAt = 0;

  constructor(
    readonly cloud: Cloud,
    tokens: TokenSource,
    private readonly transport: Transport,
    private readonly clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
  ) {
    this.#token = (force) => tokens.getToken(cloud.armResource, force);
  }

  url(pathOrUrl: string, apiVersion: string, query: Record<string, string> = {}): string {
    if (/^https?:\/\//.test(pathOrUrl)) return pathOrUrl; // nextLink: use exactly as returned
    const url = new URL(this.cloud.armUrl + pathOrUrl);
    url.searchParams.set("api-version", apiVersion);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  }

  async #send(method: "GET" | "POST", url: string, body?: unknown) {
    // Tokens go to the configured ARM origin only, never to a host a payload pointed at.
    const ours = new URL(url).origin === new URL(this.cloud.armUrl).origin;
    const res = await this.transport.send({
      method,
      url,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      token: ours ? this.#token : undefined,
      json: true,
    });
    if (res.status >= 400) throw upstreamError("arm", method, url, res.status, res.text, res.headers);
    return res;
  }

  async get<S extends z.ZodType>(
    path: string,
    schema: S,
    apiVersion: string,
    query?: Record<string, string>,
  ): Promise<z.infer<S>> {
    const url = this.url(path, apiVersion, query);
    return validate(schema, bodyOf(await this.#send("GET", url), url), url);
  }

  /** Every page of an ARM list, following `nextLink`; the next page downloads while the caller stores this one. */
  async *pages<S extends z.ZodType<{ nextLink?: string | null }>>(
    path: string,
    pageSchema: S,
    apiVersion: string,
    query?: Record<string, string>,
  ): AsyncGenerator<z.infer<S>> {
    const fetchPage = (url: string): Promise<{ url: string; json: unknown }> => {
      const pending = this.#send("GET", url).then((res) => ({ url, json: bodyOf(res, url) }));
      pending.catch(() => {}); // surfaces when awaited; the caller may stop paging before that
      return pending;
    };
    let pending: ReturnType<typeof fetchPage> | null = fetchPage(this.url(path, apiVersion, query));
    while (pending) {
      const { url, json }: { url: string; json: unknown } = await pending;
      const next: unknown = (json as { nextLink?: unknown } | null)?.nextLink;
      pending = typeof next === "string" && next ? fetchPage(next) : null;
      yield validate(pageSchema, json, url);
    }
  }

  /**
   * Rows of an Azure Resource Graph query, page by page via `$skipToken` (same query and scopes
   * each time). Queries wait for the per-user quota the service reports
   * (`x-ms-user-quota-remaining` / `-resets-after`) instead of running into 429s.
   */
  async *resourceGraph<S extends z.ZodType>(
    query: string,
    rowSchema: S,
    options: ResourceGraphOptions = {},
  ): AsyncGenerator<z.infer<S>[]> {
    const url = this.url("/providers/Microsoft.ResourceGraph/resources", "2024-04-01");
    const fetchPage = (skipToken: string | undefined): Promise<z.infer<typeof resourceGraphResponse>> => {
      const body = {
        ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}),
        ...(options.managementGroups ? { managementGroups: options.managementGroups } : {}),
        query,
        options: {
          $top: options.pageSize ?? 1000,
          ...(skipToken ? { $skipToken: skipToken } : {}),
          resultFormat: "objectArray",
        },
      };
      const pending = this.#queryResourceGraph(url, body);
      pending.catch(() => {});
      return pending;
    };
    let pending: ReturnType<typeof fetchPage> | null = fetchPage(undefined);
    while (pending) {
      const page: z.infer<typeof resourceGraphResponse> = await pending;
      options.onPage?.(page);
      pending = page.$skipToken ? fetchPage(page.$skipToken) : null;
      yield validate(z.array(rowSchema), page.data, "Resource Graph rows");
    }
  }

  async #queryResourceGraph(url: string, body: unknown) {
    const wait = this.#resourceGraphReadyAt - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait);
    const res = await this.#send("POST", url, body);
    const remaining = Number(res.headers.get("x-ms-user-quota-remaining"));
    const resetsMs = parseQuotaReset(res.headers.get("x-ms-user-quota-resets-after"));
    if (Number.isFinite(remaining) && remaining <= 0 && resetsMs !== null)
      this.#resourceGraphReadyAt = Math.max(this.#resourceGraphReadyAt, this.clock.now() + resetsMs);
    return validate(resourceGraphResponse, bodyOf(res, "Resource Graph query"), "Resource Graph query");
  }
}

/** The body the transport parsed, or (a 2xx that did not declare JSON) the text parsed here. */
function bodyOf(res: TransportResponse, what: string): unknown {
  return res.json !== undefined ? res.json : parseJson(res.text, what);
}

/** `x-ms-user-quota-resets-after` is hh:mm:ss. */
export function parseQuotaReset(value: string | null): number | null {
  const m = /^(\d+):(\d\d):(\d\d(?:\.\d+)?)$/.exec(value?.trim() ?? "");
  if (!m) return null;
  return Math.round((Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000);
}
