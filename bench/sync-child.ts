// One measured run, in a process of its own, printing its figures as one JSON line:
//   sync-child.ts sync [--mode full|incremental|auto] [--trace FILE]
//     runs the real sync (runSync) against the configured tenant and, with --trace, records every
//     Graph and ARM request it made (method, URL, body, status, resource units charged);
//   sync-child.ts download --trace FILE
//     the download baseline: the same requests through the same HTTP/TLS stack (the product's
//     Transport, undici, the same concurrency per API), following each page's link as the sync
//     did, but with no parsing into rows and no database.
import { readFileSync, writeFileSync } from "node:fs";
import { parseEnv } from "@/lib/env";
import { resolveCloud } from "@/lib/microsoft/clouds";
import { createTokenSource } from "@/lib/microsoft/credentials";
import { newMetrics, Transport } from "@/lib/microsoft/transport";
import { runSync } from "@/lib/sync/run-sync";
import { arg, type DownloadMeasurement, type SyncMeasurement } from "./sync-lib";

export interface TracedRequest {
  api: "graph" | "arm";
  method: string;
  url: string;
  body?: string;
  /** Request headers that shape the answer (ConsistencyLevel, content-type), never the token. */
  headers: Record<string, string>;
  status: number;
  resourceUnits: number | null;
  /** When it was sent (ms after the run started) and how long until its headers came back. */
  atMs?: number;
  ms?: number;
}

/** Requests in flight per API: the sync's defaults (run-sync.ts), for both the sync and the baseline. */
const CONCURRENCY = 16;

const env = parseEnv(process.env);
const cloud = resolveCloud(env);
const peak = () => process.resourceUsage().maxRSS * 1024;

async function sync() {
  const tracePath = process.argv.includes("--trace") ? arg("trace", "") : null;
  const trace: TracedRequest[] = [];
  if (tracePath) {
    const graph = new URL(cloud.graphUrl).origin;
    const arm = new URL(cloud.armUrl).origin;
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const origin = new URL(url).origin;
      const sent = performance.now();
      const res = await original(input, init);
      if (origin === graph || origin === arm) {
        const headers: Record<string, string> = {};
        new Headers(init?.headers).forEach((value, key) => {
          if (key !== "authorization") headers[key] = value;
        });
        trace.push({
          api: origin === graph ? "graph" : "arm",
          method: init?.method ?? "GET",
          url,
          body: typeof init?.body === "string" ? init.body : undefined,
          headers,
          status: res.status,
          resourceUnits: res.headers.has("x-ms-resource-unit") ? Number(res.headers.get("x-ms-resource-unit")) : null,
          atMs: Math.round(sent - started),
          ms: Math.round(performance.now() - sent),
        });
      }
      return res;
    }) as typeof fetch;
  }
  const phases: SyncMeasurement["phases"] = [];
  const started = performance.now();
  // Resident memory sampled twice a second, its maximum kept per phase.
  const sampler = setInterval(() => {
    const current = phases.at(-1);
    if (current) current.maxRss = Math.max(current.maxRss, process.memoryUsage().rss);
  }, 500);
  let committed: number | null = null;
  let peakRssSync = 0;
  const result = await runSync({
    databaseUrl: env.DATABASE_URL,
    env,
    mode: arg("mode", "auto") as "full" | "incremental" | "auto",
    trigger: "bench",
    onProgress: (p) => {
      if (phases.at(-1)?.phase === p.phase) return;
      const rss = process.memoryUsage().rss;
      phases.push({ phase: p.phase, atMs: performance.now() - started, rss, maxRss: rss });
      if (p.phase === "evaluating" && committed === null) {
        committed = performance.now();
        peakRssSync = peak();
      }
    },
  });
  const ended = performance.now();
  clearInterval(sampler);
  if (tracePath) writeFileSync(tracePath, trace.map((t) => JSON.stringify(t)).join("\n"));
  const out: SyncMeasurement = {
    status: result.status,
    mode: result.mode,
    error: result.error,
    runId: result.runId,
    syncMs: (committed ?? ended) - started,
    evaluationMs: committed === null ? 0 : ended - committed,
    peakRssSync: peakRssSync || peak(),
    peakRssTotal: peak(),
    requests: result.requests,
    retries: result.retries,
    throttled: result.throttled,
    counts: result.counts,
    warnings: result.warnings,
    phases,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** A request that continues a paged read: the next page is fetched by following the previous page's link. */
function isContinuation(t: TracedRequest) {
  if (t.method === "GET") return /[?&]\$skip[tT]oken=/.test(t.url);
  return t.body?.includes('"$skipToken"') ?? false;
}

/** The link to the next page, found without parsing the page (the baseline parses nothing). */
function nextOf(t: TracedRequest, text: string): TracedRequest | null {
  const field = (name: string) => {
    const at = text.lastIndexOf(`"${name}":"`);
    if (at < 0) return null;
    const start = at + name.length + 4;
    return text.slice(start, text.indexOf('"', start));
  };
  if (t.method === "GET") {
    const link = field(t.api === "graph" ? "@odata.nextLink" : "nextLink");
    return link ? { ...t, url: link } : null;
  }
  if (t.url.includes("/providers/Microsoft.ResourceGraph/resources")) {
    const token = field("$skipToken");
    if (!token) return null;
    const body = JSON.parse(t.body ?? "{}") as { options?: Record<string, unknown> };
    return { ...t, body: JSON.stringify({ ...body, options: { ...body.options, $skipToken: token } }) };
  }
  return null; // $batch: each request stands alone
}

async function download() {
  const trace = readFileSync(arg("trace", ""), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TracedRequest);
  const tokens = await createTokenSource(env, cloud);
  const metrics = newMetrics();
  const transports = {
    graph: new Transport({ api: "graph", concurrency: CONCURRENCY, metrics }),
    arm: new Transport({ api: "arm", concurrency: CONCURRENCY, metrics }),
  };
  const resources = { graph: cloud.graphResource, arm: cloud.armResource };
  let bytes = 0;
  const started = performance.now();
  await Promise.all(
    trace
      .filter((t) => t.status < 400 && !isContinuation(t))
      .map(async (root) => {
        for (let t: TracedRequest | null = root; t;) {
          const api: "graph" | "arm" = t.api;
          const res = await transports[api].send({
            method: t.method,
            url: t.url,
            body: t.body,
            headers: t.headers,
            token: (force) => tokens.getToken(resources[api], force),
          });
          if (res.status >= 400) throw new Error(`${t.method} ${t.url} answered ${res.status}`);
          bytes += res.text.length;
          t = nextOf(t, res.text);
        }
      }),
  );
  const out: DownloadMeasurement = {
    ms: performance.now() - started,
    requests: metrics.requests,
    retries: metrics.retries,
    bytes,
    peakRss: peak(),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

const mode = process.argv[2];
await (mode === "sync" ? sync() : mode === "download" ? download() : Promise.reject(new Error(`unknown mode ${mode}`)));
