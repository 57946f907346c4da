// What the sync benchmarks share: an emulator in its own process (so its CPU and memory are not
// the sync's), throw-away databases, and measurements run in child processes (bench/sync-child.ts)
// whose peak memory the kernel reports.
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { request } from "node:http";
import { request as httpsRequest } from "node:https";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadavg } from "node:os";
import pg from "pg";

export const root = join(import.meta.dirname, "..");
export const scratch = join(root, ".tmp", "bench-sync");
const tsx = ["--conditions=react-server", "--import", "tsx"];

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export interface Emulator {
  env: Record<string, string>;
  /** POST to a control endpoint (`/_emulator/churn`, …) and return its JSON. */
  control(path: string, body?: unknown): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** `steward emulator` in its own process; resolves once it serves. */
export async function startEmulator(size: number, faults?: string): Promise<Emulator> {
  const args = [...tsx, join(root, "cli/main.ts"), "emulator", "--port", "0", "--size", String(size)];
  if (faults) args.push("--faults", faults);
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const env: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    let err = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
        if (m) env[m[1]!] = m[2]!;
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
      if (err.includes(" ready in ")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the emulator exited (${code}): ${err}`)));
  });
  const ca = readFileSync(env.NODE_EXTRA_CA_CERTS!, "utf8");
  return {
    env,
    control: (path, body) => postJson(`${env.STEWARD_GRAPH_URL}${path}`, body ?? {}, ca),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function postJson(url: string, body: unknown, ca: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const fn = u.protocol === "https:" ? httpsRequest : request;
    const req = fn(u, { method: "POST", headers: { "content-type": "application/json" }, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>);
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

export function getJson(url: string, ca: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    httpsRequest(new URL(url), { ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>));
    })
      .on("error", reject)
      .end();
  });
}

export type DatabaseKind = "sqlite" | "postgresql";

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

const pgAdminUrl = process.env.STEWARD_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** A new, migrated database. */
export async function freshDatabase(kind: DatabaseKind, name: string): Promise<BenchDatabase> {
  mkdirSync(scratch, { recursive: true });
  if (kind === "sqlite") {
    // Named after the newest migration, so a new one migrates a new template.
    const newest =
      readdirSync(join(root, "prisma/migrations/sqlite"))
        .filter((n) => /^\d/.test(n))
        .sort()
        .at(-1) ?? "none";
    const template = join(scratch, `template-${newest}.db`);
    if (!existsSync(template)) await migrate(`file:${template}`);
    const file = join(scratch, `${name}.db`);
    for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
    copyFileSync(template, file);
    return {
      url: `file:${file}`,
      async drop() {
        for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
      },
    };
  }
  const database = `steward_bench_${name.replace(/\W/g, "_")}`;
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  await admin((c) => c.query(`CREATE DATABASE "${database}"`));
  const u = new URL(pgAdminUrl);
  u.pathname = `/${database}`;
  await migrate(u.toString());
  return {
    url: u.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgAdminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function migrate(url: string) {
  const { code, stderr } = await runProcess(
    [join(root, "cli/bin/steward.js"), "db", "migrate"],
    { DATABASE_URL: url },
    false,
  );
  if (code !== 0) throw new Error(`steward db migrate failed: ${stderr}`);
}

function runProcess(args: string[], env: Record<string, string>, withTsx: boolean) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, withTsx ? [...tsx, ...args] : args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Runs bench/sync-child.ts with `args` in its own process and returns the JSON it prints. */
export async function child<T>(args: string[], env: Record<string, string>): Promise<T> {
  const { code, stdout, stderr } = await runProcess([join(root, "bench/sync-child.ts"), ...args], env, true);
  const last = stdout.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !last.startsWith("{")) throw new Error(`sync-child ${args.join(" ")} failed (${code}): ${stderr}`);
  return JSON.parse(last) as T;
}

export interface SyncMeasurement {
  status: string;
  mode: string;
  error: string | null;
  runId: string;
  /** From the call to the committed snapshot (the evaluation that follows is not the sync's). */
  syncMs: number;
  evaluationMs: number;
  /** Peak resident memory until the commit, and over the whole run including the evaluation. */
  peakRssSync: number;
  peakRssTotal: number;
  requests: number;
  retries: number;
  throttled: number;
  counts: Record<string, { fetched: number; added?: number; removed?: number; changed?: number }>;
  warnings: { code: string; message: string }[];
  /** Each phase: when it began, resident memory then, and the most seen while it ran (sampled). */
  phases: { phase: string; atMs: number; rss: number; maxRss: number }[];
}

export interface DownloadMeasurement {
  ms: number;
  requests: number;
  retries: number;
  bytes: number;
  peakRss: number;
}
