// The one way the product talks HTTP to Graph and ARM: bounded concurrency per API, a shared
// pause when the API says "slow down" (so one 429 does not become a storm), retries with
// Retry-After or jittered backoff, per-attempt timeouts, a complete-body check, and counters.
import "server-only";
import { decideRetry, defaultRetryPolicy, type Outcome, type RetryPolicy } from "./retry-policy";

export interface TransportMetrics {
  requests: number;
  retries: number;
  throttled: number;
}

export const newMetrics = (): TransportMetrics => ({ requests: 0, retries: 0, throttled: 0 });

export interface RetryEvent {
  api: string;
  method: string;
  url: string;
  attempt: number;
  reason: string;
  delayMs: number;
}

export interface TransportOptions {
  /** "graph" or "arm": used in messages. */
  api: string;
  concurrency: number;
  policy?: RetryPolicy;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  metrics?: TransportMetrics;
  onRetry?: (event: RetryEvent) => void;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface TransportRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Supplies the bearer token; called again with `true` once after a 401. */
  token?: (forceRefresh: boolean) => Promise<string>;
  /** Parse a 2xx JSON body here, once: one that does not parse (truncated, cut off) is retried. */
  json?: boolean;
}

export interface TransportResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, when the request asked for `json` and a 2xx answer declared JSON. */
  json?: unknown;
  attempts: number;
}

/**
 * A 2xx body declared JSON, parsed: a body that does not parse is a transport failure (truncated or
 * cut connection), told apart by `invalid`. The caller uses `json` and never parses the text again
 * (at 100k that second parse cost a full sync seconds).
 */
export function parseJsonBody(text: string, headers: Headers): { json?: unknown; invalid: string | null } {
  const type = headers.get("content-type") ?? "";
  if (!type.includes("json") || text === "") return { invalid: null };
  try {
    return { json: JSON.parse(text) as unknown, invalid: null };
  } catch {
    return { invalid: `incomplete JSON body (${text.length} bytes)` };
  }
}

export class Transport {
  readonly metrics: TransportMetrics;
  readonly #options: Required<Omit<TransportOptions, "metrics" | "onRetry">> & Pick<TransportOptions, "onRetry">;
  #inFlight = 0;
  #waiting: (() => void)[] = [];
  #pausedUntil = 0;

  constructor(options: TransportOptions) {
    this.metrics = options.metrics ?? newMetrics();
    this.#options = {
      policy: defaultRetryPolicy,
      timeoutMs: 100_000,
      fetch: globalThis.fetch.bind(globalThis),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      now: Date.now,
      ...options,
    };
  }

  get policy(): RetryPolicy {
    return this.#options.policy;
  }

  /** Holds every request to this API for `ms` (e.g. a throttled sub-request of a JSON batch). */
  pause(ms: number) {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#options.now() + ms);
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    const { policy, sleep, random, now } = this.#options;
    const method = request.method ?? "GET";
    let forceRefresh = false;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      await this.#waitForGate();
      const outcome = await this.#withSlot(() => this.#attempt(request, method, forceRefresh));
      forceRefresh = false;
      if (outcome.kind === "response") {
        if (outcome.response.status === 401 && request.token && !refreshed) {
          // A token can be revoked or rotated before its expiry: fetch a fresh one, once.
          refreshed = true;
          forceRefresh = true;
          this.metrics.retries++;
          continue;
        }
        if (outcome.response.status < 400 && !outcome.invalid) return { ...outcome.response, attempts: attempt };
      }
      const failure: Outcome =
        outcome.kind === "network"
          ? { kind: "network", error: outcome.error }
          : outcome.invalid
            ? { kind: "invalid-body" }
            : {
                kind: "http",
                status: outcome.response.status,
                retryAfter: outcome.response.headers.get("retry-after"),
              };
      const decision = decideRetry(failure, attempt, policy, random, now());
      if (failure.kind === "http" && failure.status === 429) this.metrics.throttled++;
      if (!decision.retry) {
        if (outcome.kind === "network") throw outcome.error;
        if (outcome.invalid)
          throw new Error(
            `${this.#options.api}: ${method} ${redactQuery(request.url)} returned ${outcome.invalid} after ${attempt} attempts`,
          );
        return { ...outcome.response, attempts: attempt };
      }
      this.metrics.retries++;
      if (decision.throttled) this.#pausedUntil = Math.max(this.#pausedUntil, now() + decision.delayMs);
      this.#options.onRetry?.({
        api: this.#options.api,
        method,
        url: redactQuery(request.url),
        attempt,
        reason:
          failure.kind === "http"
            ? `HTTP ${failure.status}${failure.retryAfter ? ` (Retry-After: ${failure.retryAfter})` : ""}`
            : failure.kind === "network"
              ? describeNetworkError(failure.error)
              : (outcome.kind === "response" && outcome.invalid) || "invalid body",
        delayMs: decision.delayMs,
      });
      await sleep(decision.delayMs);
    }
  }

  async #attempt(
    request: TransportRequest,
    method: string,
    forceRefresh: boolean,
  ): Promise<
    | { kind: "response"; response: Omit<TransportResponse, "attempts">; invalid: string | null }
    | { kind: "network"; error: unknown }
  > {
    this.metrics.requests++;
    const signal = AbortSignal.timeout(this.#options.timeoutMs);
    try {
      const headers: Record<string, string> = { ...request.headers };
      if (request.token) headers.authorization = `Bearer ${await request.token(forceRefresh)}`;
      const res = await this.#options.fetch(request.url, {
        method,
        headers,
        body: request.body,
        signal,
        redirect: "manual",
      });
      const text = await res.text();
      const { json, invalid } =
        res.status < 300 && request.json ? parseJsonBody(text, res.headers) : { json: undefined, invalid: null };
      return { kind: "response", response: { status: res.status, headers: res.headers, text, json }, invalid };
    } catch (error) {
      return { kind: "network", error };
    }
  }

  async #waitForGate() {
    const { sleep, now } = this.#options;
    while (now() < this.#pausedUntil) await sleep(this.#pausedUntil - now());
  }

  async #withSlot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#inFlight >= this.#options.concurrency) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#inFlight++;
    }
    try {
      return await fn();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#inFlight--;
    }
  }
}

/** Query strings can carry skip tokens and filters with ids; keep messages short and clean. */
export function redactQuery(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}

export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (error.name === "TimeoutError") return "timed out";
  return cause?.code ?? cause?.message ?? error.message;
}
