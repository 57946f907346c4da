// The transport against a real local HTTP server that misbehaves the way Graph and ARM do.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Transport, type RetryEvent } from "./transport";

type Script = (req: IncomingMessage, res: ServerResponse, n: number) => void;
let script: Script = (_req, res) => res.end("{}");
let hits = 0;
const server = createServer((req, res) => script(req, res, ++hits));
let base = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  hits = 0;
});

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function transport(extra: Partial<ConstructorParameters<typeof Transport>[0]> = {}) {
  const sleeps: number[] = [];
  const retries: RetryEvent[] = [];
  // A fake clock: sleeping advances it, so tests run instantly and see every wait.
  let clock = 0;
  const t = new Transport({
    api: "graph",
    concurrency: 4,
    policy: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 },
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0,
    onRetry: (e) => retries.push(e),
    ...extra,
  });
  return { t, sleeps, retries };
}

describe("transport", () => {
  it("waits exactly as long as Retry-After says, then succeeds", async () => {
    script = (_req, res, n) =>
      n === 1
        ? json(res, 429, { error: { code: "TooManyRequests" } }, { "retry-after": "2" })
        : json(res, 200, { ok: n });
    const { t, sleeps, retries } = transport();
    const r = await t.send({ url: `${base}/x`, json: true });
    expect(r.json).toEqual({ ok: 2 });
    expect(sleeps).toEqual([2000]);
    expect(t.metrics).toEqual({ requests: 2, retries: 1, throttled: 1 });
    expect(retries[0]?.reason).toBe("HTTP 429 (Retry-After: 2)");
  });

  it("backs off when a 429 carries no Retry-After", async () => {
    script = (_req, res, n) => (n <= 3 ? json(res, 429, {}) : json(res, 200, {}));
    const { t, sleeps } = transport({ random: () => 1 });
    await t.send({ url: `${base}/x` });
    expect(sleeps).toEqual([100, 200, 400]);
    expect(t.metrics.throttled).toBe(3);
  });

  it("recovers from a connection reset mid-request", async () => {
    script = (req, res, n) => (n === 1 ? req.socket.destroy() : json(res, 200, { ok: true }));
    const { t, retries } = transport();
    const r = await t.send({ url: `${base}/x` });
    expect(r.status).toBe(200);
    expect(hits).toBe(2);
    expect(retries.map((r) => r.reason)).toEqual(["UND_ERR_SOCKET"]);
  });

  it("retries a truncated JSON body instead of handing it on", async () => {
    script = (_req, res, n) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(n === 1 ? '{"value":[{"id":"a"},{"id":' : '{"value":[]}');
    };
    const { t, retries } = transport();
    const r = await t.send({ url: `${base}/x`, json: true });
    expect(r.text).toBe('{"value":[]}');
    expect(r.json).toEqual({ value: [] });
    expect(retries[0]?.reason).toMatch(/incomplete JSON/);
  });

  it("returns client errors at once, without retrying", async () => {
    script = (_req, res) => json(res, 404, { error: { code: "Request_ResourceNotFound" } });
    const { t, sleeps } = transport();
    const r = await t.send({ url: `${base}/x` });
    expect(r.status).toBe(404);
    expect(hits).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("fetches a fresh token once after a 401", async () => {
    const seen: string[] = [];
    script = (req, res) => {
      seen.push(req.headers.authorization ?? "");
      if (req.headers.authorization === "Bearer fresh") json(res, 200, {});
      else json(res, 401, { error: { code: "InvalidAuthenticationToken" } });
    };
    const { t } = transport();
    const calls: boolean[] = [];
    const r = await t.send({
      url: `${base}/x`,
      token: async (force) => (calls.push(force), force ? "fresh" : "stale"),
    });
    expect(r.status).toBe(200);
    expect(calls).toEqual([false, true]);
    expect(seen).toEqual(["Bearer stale", "Bearer fresh"]);
  });

  it("gives up after the policy's attempts and returns the last answer", async () => {
    script = (_req, res) => json(res, 503, {});
    const { t } = transport();
    const r = await t.send({ url: `${base}/x` });
    expect(r.status).toBe(503);
    expect(r.attempts).toBe(5);
    expect(hits).toBe(5);
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    script = (_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        json(res, 200, {});
      }, 20);
    };
    const { t } = transport({ concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => t.send({ url: `${base}/x` })));
    expect(peak).toBe(3);
    expect(hits).toBe(12);
  });

  it("pauses every caller after a 429, so one throttle does not become a storm", async () => {
    let now = 0;
    const pending: (() => void)[] = [];
    const sleeps: number[] = [];
    let fetches = 0;
    const t = new Transport({
      api: "graph",
      concurrency: 4,
      random: () => 0,
      now: () => now,
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise<void>((resolve) => pending.push(() => ((now += ms), resolve())));
      },
      fetch: async () => {
        fetches++;
        return fetches === 1
          ? new Response("{}", { status: 429, headers: { "retry-after": "5" } })
          : new Response("{}", { status: 200 });
      },
    });
    const first = t.send({ url: "http://x/1" });
    while (sleeps.length === 0) await new Promise((r) => setTimeout(r, 1));
    // A second caller arriving during the pause waits for it instead of hitting the API.
    const second = t.send({ url: "http://x/2" });
    await new Promise((r) => setTimeout(r, 5));
    expect(fetches).toBe(1);
    expect(sleeps).toEqual([5000, 5000]);
    pending.splice(0).forEach((wake) => wake());
    await Promise.all([first, second]);
    expect(fetches).toBe(3);
  });
});
