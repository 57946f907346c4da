// Microsoft's Graph client and Azure SDK management clients, unchanged apart from endpoint and
// credentials, against the emulator over https with the CA trusted through NODE_EXTRA_CA_CERTS.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "./index";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const script = fileURLToPath(new URL("./testing/sdk-client.ts", import.meta.url));
let emulator: RunningEmulator;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "steward-emulator-sdk-"));
  emulator = await startEmulator({ port: 0, seed: 4, size: "demo", tlsDir: dir, armPageSize: 10 });
}, 60_000);

afterAll(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

function runClients(env: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      cwd: repoRoot,
      env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? dir, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", reject);
    child.on("close", () => {
      const line = out.trim().split("\n").pop();
      if (!line) return reject(new Error(`client printed nothing: ${err}`));
      resolve(JSON.parse(line) as Record<string, unknown>);
    });
  });
}

it("the Graph client pages and batches, and the Azure SDK clients list what the tenant holds", async () => {
  const t = emulator.tenant;
  const sub = t.subscriptions[0]!.subscriptionId;
  const result = await runClients({ ...emulator.env, STEWARD_TEST_SUBSCRIPTION: sub });
  expect(result.error).toBeUndefined();
  const mis = t.servicePrincipals.filter((s) => !s.deleted && s.servicePrincipalType === "ManagedIdentity").length;
  expect(result.graphItems).toBe(mis);
  expect(result.firstNextLink).toMatch(
    new RegExp(`^${emulator.urls.graph.replace(/[.]/g, "\\.")}/v1\\.0/servicePrincipals\\?`),
  );
  expect(result.batchStatuses).toEqual([200, 404]);
  const inSub = t.roleAssignmentsBySubscription.get(sub)!.length;
  const above = t.tenantLevelRoleAssignments.filter((ra) =>
    t.scopeAncestry(`/subscriptions/${sub}`).includes(ra.scope.toLowerCase()),
  ).length;
  expect(result.roleAssignments).toBe(inSub + above);
  expect(result.builtIn).toContain("Owner");
  const uamis = [...t.resources.values()].filter((r) => r.uami && r.subscriptionId === sub);
  expect(result.identities).toBe(uamis.length);
  expect(result.fics).toBe(uamis.reduce((n, r) => n + (r.uami?.federatedCredentials.length ?? 0), 0));
  const withIdentity = (t.resourcesBySubscription.get(sub) ?? []).filter(
    (r) => r.systemPrincipalId || r.userAssigned.length > 0,
  ).length;
  expect(result.argRows).toBe(withIdentity);
  expect(result.argTotal).toBe(withIdentity);
}, 90_000);
