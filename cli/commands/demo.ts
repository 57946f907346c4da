// `npm run demo`: everything a new user needs to see the product, in one command — the emulated
// tenant, the embedded database migrated, a full sync, and the dashboard.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { integerFlag, parseCommand } from "../args";
import type { Command } from "../main";
import { projectRoot } from "../project-root";
import { formatEnv, startEmulator } from "@/emulator/index";
import { redactUrl } from "@/lib/database-url";
import { migrate } from "@/lib/db/migrations";
import { env } from "@/lib/env";

const spec = {
  name: "demo",
  summary:
    "Run the emulated demo tenant, sync it into the embedded database and serve the dashboard on http://localhost:3000.",
  usage: "[--port N] [--seed N] [--rebuild] [--write-env FILE]",
  details: [
    "Starts the tenant emulator (free ports), migrates DATABASE_URL (default file:./data/steward.db),",
    "syncs the demo tenant into it, builds the app once if no build exists, and serves it.",
    "The emulator keeps running with the dashboard, so later syncs and churn work too.",
    "",
    "Options:",
    "  --port N    port for the dashboard (default 3000, or $PORT)",
    "  --seed N    seed of the emulated tenant (default 1)",
    "  --rebuild   run `next build` even if a build exists (after changing the code)",
    "  --write-env FILE  write the emulator's KEY=value environment to FILE (to churn the tenant",
    "              or run `steward sync` against it from another shell)",
  ].join("\n"),
  options: {
    port: { type: "string" },
    seed: { type: "string" },
    rebuild: { type: "boolean" },
    "write-env": { type: "string" },
  },
} as const;

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: projectRoot, stdio: "inherit", env: { ...process.env, ...extraEnv } });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(signal ? 0 : (code ?? 1));
    });
  });
}

export const command: Command = {
  name: spec.name,
  summary: spec.summary,
  async run(argv) {
    const args = parseCommand(spec, argv);
    if (!args) return 0;
    const port = integerFlag("demo", "port", args.values.port ?? process.env.PORT, 3000, 65535);
    const seed = integerFlag("demo", "seed", args.values.seed, 1, 2 ** 31 - 1);
    const url = env().DATABASE_URL;

    const migrated = await migrate(url, projectRoot);
    process.stdout.write(
      `Database ${redactUrl(url)}: ${migrated.applied.length ? `applied ${migrated.applied.length} migration(s)` : "up to date"}\n`,
    );

    const emulator = await startEmulator({
      port: 0,
      seed,
      size: "demo",
      tlsDir: join(projectRoot, "data", "emulator-tls"),
    });
    try {
      process.stdout.write(`Emulated tenant ${emulator.tenant.tenantId} is serving Graph at ${emulator.urls.graph}\n`);
      const envFile = args.values["write-env"];
      if (envFile) await writeFile(envFile, `${formatEnv(emulator.env)}\n`, { mode: 0o600 });
      // Exactly what a user pointing the product at a tenant would set; the product cannot tell the difference.
      // A local demo has no sign-in; STEWARD_AUTH_MODE=none makes the operator an administrator.
      const productEnv = {
        ...emulator.env,
        DATABASE_URL: url,
        NEXT_TELEMETRY_DISABLED: "1",
        STEWARD_AUTH_MODE: "none",
      };
      const steward = join(projectRoot, "cli", "bin", "steward.js");
      const synced = await run(process.execPath, [steward, "sync"], productEnv);
      if (synced !== 0) return synced;

      const next = join(projectRoot, "node_modules", ".bin", "next");
      if (args.values.rebuild || !existsSync(join(projectRoot, ".next", "BUILD_ID"))) {
        process.stdout.write("Building the dashboard (once; about a minute)…\n");
        const code = await run(next, ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
        if (code !== 0) return code;
      }
      process.stdout.write(`\nIdentity Steward is running on http://localhost:${port}  (Ctrl+C stops it)\n\n`);
      return await run(next, ["start", "-p", String(port)], productEnv);
    } finally {
      await emulator.close();
    }
  },
};
