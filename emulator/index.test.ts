// startEmulator wiring: tokens from the managed-identity endpoint open Graph and ARM, faults and
// throttle mode come from the SPEC, and control endpoints change them at run time.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "./index";

let emulator: RunningEmulator;
let dir: string;
let ca: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "steward-emulator-index-"));
  emulator = await startEmulator({ port: 0, seed: 8, size: "demo", tlsDir: dir, faults: "throttle:50,503:1" });
  ca = await readFile(emulator.env.NODE_EXTRA_CA_CERTS!, "utf8");
}, 60_000);
afterAll(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; json: Record<string, unknown> }>(
    (resolve, reject) => {
      const u = new URL(url);
      const fn = u.protocol === "https:" ? request : httpRequest;
      fn(u, { method: init.method ?? "GET", headers: init.headers, ca }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: body ? (JSON.parse(body) as Record<string, unknown>) : {},
          }),
        );
      })
        .on("error", reject)
        .end(init.body);
    },
  );
}

it("serves Graph and ARM to managed-identity tokens, with faults and throttle mode from the SPEC", async () => {
  const token = async (resource: string) =>
    (
      await send(`${emulator.env.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=${encodeURIComponent(resource)}`, {
        headers: { "X-IDENTITY-HEADER": emulator.env.IDENTITY_HEADER! },
      })
    ).json.access_token as string;
  const graphAuth = { Authorization: `Bearer ${await token("https://graph.microsoft.com")}` };
  const armAuth = { Authorization: `Bearer ${await token(emulator.urls.arm)}` };

  expect((await send(`${emulator.urls.graph}/v1.0/servicePrincipals?$top=1`, { headers: graphAuth })).status).toBe(503);
  const state = await send(`${emulator.urls.graph}/_emulator/state`);
  expect(state.json.throttle).toMatchObject({ enforce: true, timeCompression: 50 });

  const cleared = await send(`${emulator.urls.arm}/_emulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ spec: "throttle:50" }),
  });
  expect(cleared.status).toBe(200);
  const ok = await send(`${emulator.urls.graph}/v1.0/servicePrincipals?$top=1`, { headers: graphAuth });
  expect(ok.status).toBe(200);
  expect(ok.headers["x-ms-resource-unit"]).toBe("1");
  const subs = await send(`${emulator.urls.arm}/subscriptions?api-version=2022-12-01`, { headers: armAuth });
  expect(subs.status).toBe(200);
  expect(Number(subs.headers["x-ms-ratelimit-remaining-tenant-reads"])).toBeLessThan(250);
  expect((await send(`${emulator.urls.arm}/subscriptions?api-version=2022-12-01`, { headers: graphAuth })).status).toBe(
    401,
  );
  const before = (await send(`${emulator.urls.graph}/_emulator/state`)).json.seq as number;
  const churn = await send(`${emulator.urls.arm}/_emulator/churn`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ count: 5, seed: 3 }),
  });
  expect(churn.json.seqBefore).toBe(before);
  expect((churn.json.changes as unknown[]).length).toBeGreaterThanOrEqual(5);
  expect((await send(`${emulator.urls.graph}/_emulator/state`)).json.seq).toBe(churn.json.seqAfter);
  expect(
    (await send(`${emulator.urls.arm}/_emulator/churn`, { method: "POST", body: JSON.stringify({ count: -1 }) }))
      .status,
  ).toBe(400);
  const expired = await send(`${emulator.urls.graph}/_emulator/delta/expire`, { method: "POST" });
  expect(expired.json.deltaEpoch).toBe(1);
}, 60_000);
