import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultInjector, parseFaultHeader, parseFaultSpec } from "./faults";
import { createGraphHandler } from "./graph/handler";
import { listen, type Listener } from "./server";
import { generateTenant } from "./tenant/generate";
import { graphRequestCost, Throttle } from "./throttle";
import { CONTROL_PREFIX, createControlHandler } from "./control";

describe("fault SPEC", () => {
  it("parses every kind", () => {
    const s = parseFaultSpec(
      "429:0.05:10s,429-noretry:0.02,500:0.01,503:0.02,reset:0.01,truncate:0.01,slow:0.5:2s,delta-expired:0.1,throttle:50",
    );
    expect(s).toMatchObject({
      rate429: 0.05,
      retryAfterSeconds: 10,
      rate429NoRetry: 0.02,
      rate500: 0.01,
      rate503: 0.02,
      rateReset: 0.01,
      rateTruncate: 0.01,
      rateSlow: 0.5,
      slowMs: 2000,
      rateDeltaExpired: 0.1,
      throttle: 50,
    });
    expect(parseFaultSpec("slow:200ms")).toMatchObject({ rateSlow: 1, slowMs: 200 });
  });
  it("rejects what it does not understand", () => {
    for (const bad of ["429", "429:2", "boom:0.1", "slow:fast", "throttle:0"])
      expect(() => parseFaultSpec(bad)).toThrow();
    expect(() => parseFaultHeader("explode")).toThrow();
  });
  it("draws the same faults for the same seed, and different ones for another", () => {
    const run = (seed: number) => {
      const f = new FaultInjector("429:0.2,reset:0.1,truncate:0.1", seed);
      return Array.from({ length: 200 }, () => JSON.stringify(f.plan({})));
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
    const outcomes = run(5);
    const share = outcomes.filter((o) => o.includes('"status":429')).length / outcomes.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.3);
  });
  it("prefers the request header, then the queue, then the SPEC", () => {
    const f = new FaultInjector("", 1);
    f.enqueue([{ status: 503 }]);
    expect(f.plan({ "x-emulator-fault": "reset" })).toEqual({ reset: true });
    expect(f.plan({})).toEqual({ status: 503 });
    expect(f.plan({})).toEqual({});
    f.enqueue([{ reset: true }]);
    f.clearQueue();
    expect(f.plan({})).toEqual({});
  });
});

describe("faults over HTTP", () => {
  const tenant = generateTenant({ seed: 2, size: "demo", now: Date.UTC(2026, 0, 15) });
  const faults = new FaultInjector("", 2);
  const graph = createGraphHandler({ tenant });
  let server: Listener;
  beforeAll(async () => {
    server = await listen({
      kind: "graph",
      handler: graph,
      faults,
      controlPrefix: CONTROL_PREFIX,
      control: createControlHandler({ tenant, faults, delta: { epoch: 0, forceExpire: () => false } }),
    });
  });
  afterAll(() => server.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{
      status: number;
      headers: Record<string, string | string[] | undefined>;
      body: string;
      error?: string;
      complete: boolean;
    }>((resolve) => {
      const req = request({ host: "127.0.0.1", port: server.port, path, headers }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, complete: res.complete }),
        );
        res.on("error", (e) =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, error: e.message, complete: false }),
        );
        res.on("aborted", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, error: "aborted", complete: false }),
        );
      });
      req.on("error", (e: NodeJS.ErrnoException) =>
        resolve({ status: 0, headers: {}, body: "", error: e.code ?? e.message, complete: false }),
      );
      req.end();
    });

  it("answers 429 with and without Retry-After in Graph's error shape", async () => {
    const withRetry = await get("/v1.0/servicePrincipals", { "x-emulator-fault": "429" });
    expect(withRetry.status).toBe(429);
    expect(withRetry.headers["retry-after"]).toBe("1");
    expect(JSON.parse(withRetry.body).error.code).toBe("TooManyRequests");
    const without = await get("/v1.0/servicePrincipals", { "x-emulator-fault": "429-noretry" });
    expect(without.status).toBe(429);
    expect(without.headers["retry-after"]).toBeUndefined();
  });
  it("answers 500 and 503", async () => {
    expect((await get("/v1.0/servicePrincipals", { "x-emulator-fault": "500" })).status).toBe(500);
    const unavailable = await get("/v1.0/servicePrincipals", { "x-emulator-fault": "503" });
    expect(unavailable.status).toBe(503);
    expect(JSON.parse(unavailable.body).error.innerError["request-id"]).toBeTruthy();
  });
  it("resets the connection", async () => {
    const r = await get("/v1.0/servicePrincipals", { "x-emulator-fault": "reset" });
    expect(r.status).toBe(0);
    expect(r.error).toMatch(/ECONNRESET|socket hang up/);
  });
  it("truncates the body below its Content-Length", async () => {
    const r = await get("/v1.0/servicePrincipals", { "x-emulator-fault": "truncate" });
    expect(r.status).toBe(200);
    expect(r.complete).toBe(false);
    expect(r.body.length).toBeLessThan(Number(r.headers["content-length"]));
    expect(() => JSON.parse(r.body)).toThrow();
  });
  it("slows a page down", async () => {
    const t0 = Date.now();
    const r = await get("/v1.0/servicePrincipals?$top=1", { "x-emulator-fault": "slow=300ms" });
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });
  it("expires a delta token on demand", async () => {
    const first = JSON.parse((await get("/v1.0/servicePrincipals/delta?$deltatoken=latest")).body);
    const link = new URL(first["@odata.deltaLink"]);
    const r = await get(`${link.pathname}${link.search}`, { "x-emulator-fault": "delta-expired" });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe("syncStateNotFound");
  });
  it("queues faults through the control endpoint, which itself is never faulted", async () => {
    const set = await new Promise<number>((resolve) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: server.port,
          path: `${CONTROL_PREFIX}faults`,
          method: "POST",
          headers: { "content-type": "application/json" },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.end(JSON.stringify({ next: ["503", "none"] }));
    });
    expect(set).toBe(200);
    expect((await get("/v1.0/servicePrincipals?$top=1")).status).toBe(503);
    expect((await get("/v1.0/servicePrincipals?$top=1")).status).toBe(200);
    expect((await get(`${CONTROL_PREFIX}state`, { "x-emulator-fault": "reset" })).status).toBe(200);
  });
});

describe("Resource Graph quota", () => {
  it("allows 15 queries per 5 s window per user and says when it resets", () => {
    let clock = 0;
    const t = new Throttle({ enforce: true, now: () => clock });
    const remaining = Array.from({ length: 15 }, () => t.chargeResourceGraph("u").headers["x-ms-user-quota-remaining"]);
    expect(remaining[0]).toBe("14");
    expect(remaining[14]).toBe("0");
    const limited = t.chargeResourceGraph("u");
    expect(limited.ok).toBe(false);
    expect(limited.headers["x-ms-user-quota-resets-after"]).toBe("00:00:05");
    expect(t.chargeResourceGraph("someone-else").ok).toBe(true);
    clock += 5000;
    expect(t.chargeResourceGraph("u").ok).toBe(true);
  });
});

describe("Graph resource-unit budget", () => {
  it("charges the documented costs", () => {
    const q = (s: string) => new URLSearchParams(s);
    expect(graphRequestCost("GET", "/servicePrincipals", q(""))).toBe(1);
    expect(graphRequestCost("GET", "/applications", q(""))).toBe(2);
    expect(graphRequestCost("GET", "/servicePrincipals/x/appRoleAssignments", q(""))).toBe(2);
    expect(graphRequestCost("GET", "/groups/x/members", q(""))).toBe(3);
    expect(graphRequestCost("GET", "/groups/x/transitiveMembers", q("$select=id"))).toBe(4);
    expect(graphRequestCost("GET", "/groups/x/transitiveMembers", q("$expand=x"))).toBe(6);
    expect(graphRequestCost("GET", "/applications", q("$top=5&$select=id"))).toBe(1);
    expect(graphRequestCost("GET", "/servicePrincipals", q("$select=id&$top=5"))).toBe(1);
  });
  it("throttles at 8,000 RU per 10 s with Retry-After, refills with time, compresses time", () => {
    let clock = 0;
    const t = new Throttle({ enforce: true, now: () => clock });
    let granted = 0;
    let last;
    for (;;) {
      last = t.chargeGraph("app", "tenant", 5);
      if (!last.ok) break;
      granted++;
    }
    expect(granted).toBe(1600);
    expect(last.headers["Retry-After"]).toBe("1");
    expect(last.headers["x-ms-throttle-scope"]).toBe("Tenant_Application/ReadWrite/app/tenant");
    expect(t.chargeGraph("other-app", "tenant", 5).ok).toBe(true);
    clock += 10;
    expect(t.chargeGraph("app", "tenant", 5).ok).toBe(true);
    const near = new Throttle({ enforce: true, now: () => 0 });
    for (let i = 0; i < 1700; i++) near.chargeGraph("a", "t", 4);
    expect(near.chargeGraph("a", "t", 1).headers["x-ms-throttle-limit-percentage"]).toBeDefined();
    let c2 = 0;
    const fast = new Throttle({ enforce: true, timeCompression: 50, now: () => c2 });
    for (let i = 0; i < 8000; i++) fast.chargeGraph("a", "t", 1);
    expect(fast.chargeGraph("a", "t", 1).ok).toBe(false);
    expect(Number(fast.chargeGraph("a", "t", 1).headers["x-ms-retry-after-ms"])).toBeLessThanOrEqual(1);
    c2 += 10_000 / 50;
    for (let i = 0; i < 7999; i++) expect(fast.chargeGraph("a", "t", 1).ok).toBe(true);
  });
});
