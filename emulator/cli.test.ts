// `steward emulator` as users run it: flags, printed and written environment, clean shutdown.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "cli", "bin", "steward.js");
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "steward-emulator-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[], until?: (out: string) => boolean) {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const ready = new Promise<void>((resolve) => {
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      if (until?.(out)) resolve();
    });
  });
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
  return { child, ready, exited, output: () => ({ out, err }) };
}

function getJson(url: string, ca: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve(JSON.parse(body) as Record<string, unknown>));
    })
      .on("error", reject)
      .end();
  });
}

describe("steward emulator", () => {
  it("documents its options and the fault SPEC in --help", async () => {
    const p = run(["emulator", "--help"]);
    expect(await p.exited).toBe(0);
    const { out } = p.output();
    for (const word of [
      "--port",
      "--seed",
      "--size",
      "--faults",
      "--write-env",
      "429-noretry",
      "truncate",
      "/_emulator/churn",
    ])
      expect(out).toContain(word);
  }, 60_000);

  it("refuses a bad fault SPEC with a usage error", async () => {
    const p = run(["emulator", "--faults", "explode:1"]);
    expect(await p.exited).toBe(2);
    expect(p.output().err).toContain("unknown fault");
  }, 60_000);

  it("prints and writes the environment, serves the tenant, and stops on SIGTERM", async () => {
    const envFile = join(dir, "emulator.env");
    const p = run(
      [
        "emulator",
        "--port",
        "0",
        "--seed",
        "5",
        "--size",
        "demo",
        "--write-env",
        envFile,
        "--tls-dir",
        join(dir, "tls"),
      ],
      (out) => out.includes("NODE_EXTRA_CA_CERTS="),
    );
    await p.ready;
    const written = await readFile(envFile, "utf8");
    const env = Object.fromEntries(
      written
        .trim()
        .split("\n")
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    expect(Object.keys(env).sort()).toEqual([
      "AZURE_TENANT_ID",
      "IDENTITY_ENDPOINT",
      "IDENTITY_HEADER",
      "NODE_EXTRA_CA_CERTS",
      "STEWARD_ARM_URL",
      "STEWARD_CLOUD",
      "STEWARD_GRAPH_URL",
      "STEWARD_LOGIN_URL",
    ]);
    expect(p.output().out.trim()).toBe(written.trim());
    expect(env.STEWARD_CLOUD).toBe("custom");
    expect(env.STEWARD_GRAPH_URL).toMatch(/^https:\/\/localhost:\d+$/);
    expect(env.IDENTITY_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/msi\/token$/);
    const ca = await readFile(env.NODE_EXTRA_CA_CERTS!, "utf8");
    const state = await getJson(`${env.STEWARD_ARM_URL}/_emulator/state`, ca);
    expect(state.tenantId).toBe(env.AZURE_TENANT_ID);
    expect(state.seed).toBe(5);
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
  }, 60_000);
});
