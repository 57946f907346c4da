// Azure Resource Manager and Azure Resource Graph over the Transport, with zod-validated payloads.
import "server-only";
import { z } from "zod";
import { resourceGraphResponse } from "../schemas/arm";
import type { Cloud } from "./clouds";
import type { TokenSource } from "./credentials";
import { upstreamError } from "./errors";
import { parse } from "./graph-api";
import { requireCompleteJson, type Transport } from "./transport";

export class ArmApi {
  readonly #token: (force: boolean) => Promise<string>;

  constructor(
    readonly cloud: Cloud,
    tokens: TokenSource,
    private readonly transport: Transport,
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
      validateBody: requireCompleteJson,
    });
    if (res.status >= 400) throw upstreamError("arm", method, url, res.status, res.text, res.headers);
    return res.text;
  }

  async get<S extends z.ZodType>(
    path: string,
    schema: S,
    apiVersion: string,
    query?: Record<string, string>,
  ): Promise<z.infer<S>> {
    const url = this.url(path, apiVersion, query);
    return parse(schema, await this.#send("GET", url), url);
  }

  /** Every page of an ARM list, following `nextLink`. */
  async *pages<S extends z.ZodType<{ nextLink?: string | null }>>(
    path: string,
    pageSchema: S,
    apiVersion: string,
    query?: Record<string, string>,
  ): AsyncGenerator<z.infer<S>> {
    let next: string | null | undefined = this.url(path, apiVersion, query);
    while (next) {
      const page: z.infer<S> = parse(pageSchema, await this.#send("GET", next), next);
      yield page;
      next = page.nextLink;
    }
  }

  /** Rows of an Azure Resource Graph query, page by page via `$skipToken` (same query and scopes each time). */
  async *resourceGraph<S extends z.ZodType>(
    query: string,
    rowSchema: S,
    options: { subscriptions?: string[]; managementGroups?: string[]; pageSize?: number } = {},
  ): AsyncGenerator<z.infer<S>[]> {
    const url = this.url("/providers/Microsoft.ResourceGraph/resources", "2024-04-01");
    let skipToken: string | undefined;
    do {
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
      const page = parse(resourceGraphResponse, await this.#send("POST", url, body), "Resource Graph query");
      yield parse(z.array(rowSchema), JSON.stringify(page.data), "Resource Graph rows");
      skipToken = page.$skipToken ?? undefined;
    } while (skipToken);
  }
}
