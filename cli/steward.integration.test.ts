// The `steward` command as a user runs it: a real child process, real databases.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { databaseKinds, pgAdmin, pgUrl } from "@/lib/testing/test-databases";

const run = promisify(execFile);
const bin = join(process.cwd(), "cli/bin/steward.js");

async function steward(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("steward command line", () => {
  it("lists its commands with --help and exits 0", async () => {
    const r = await steward(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: steward <command>");
    expect(r.stdout).toContain("db migrate");
  });

  it("rejects an unknown command with a clear message and a non-zero exit", async () => {
    const r = await steward(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it("rejects an unknown flag and names it", async () => {
    const r = await steward(["db", "migrate", "--force"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown option '--force'");
  });

  it("documents db migrate with --help", async () => {
    const r = await steward(["db", "migrate", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("DATABASE_URL");
  });

  it("refuses a DATABASE_URL of an unsupported kind", async () => {
    const r = await steward(["db", "migrate"], { DATABASE_URL: "mysql://root@localhost/x" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("DATABASE_URL must start with file:");
  });
});

describe.each(databaseKinds())("steward db migrate on a new %s database", (kind) => {
  const dir = mkdtempSync(join(tmpdir(), "steward-cli-"));
  const pgName = `steward_cli_${process.pid}_${Date.now()}`;
  const url = kind === "sqlite" ? `file:${join(dir, "nested", "new.db")}` : pgUrl(inject("pgAdminUrl"), pgName);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (kind === "postgresql") {
      await pgAdmin(inject("pgAdminUrl"), (c) => c.query(`DROP DATABASE IF EXISTS "${pgName}" WITH (FORCE)`));
    }
  });

  async function tables(): Promise<string[]> {
    if (kind === "sqlite") {
      const { default: Database } = await import("better-sqlite3");
      const db = new Database(url.slice("file:".length), { readonly: true });
      try {
        return (
          db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','index') ORDER BY name").all() as {
            name: string;
          }[]
        ).map((r) => r.name);
      } finally {
        db.close();
      }
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' UNION ALL SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
      );
      return rows.map((r) => r.name);
    } finally {
      await client.end();
    }
  }

  it("creates the database, applies every migration, and a second run changes nothing", async () => {
    const first = await steward(["db", "migrate"], { DATABASE_URL: url });
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Created/);
    expect(first.stdout).toMatch(/Applied \d+ migration\(s\)/);
    const afterFirst = await tables();
    expect(afterFirst).toContain("ServicePrincipal");
    expect(afterFirst).toContain("_prisma_migrations");

    const second = await steward(["db", "migrate"], { DATABASE_URL: url });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/is up to date \(migration \d{14}_\w+\)/);
    expect(second.stdout).not.toMatch(/Created|Applied/);
    expect(await tables()).toEqual(afterFirst);
  });
});
