// `npm run demo`: everything a new user needs to see the product, in one command.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { integerFlag, parseCommand } from "../args";
import type { Command } from "../main";
import { projectRoot } from "../project-root";
import { redactUrl } from "@/lib/database-url";
import { migrate } from "@/lib/db/migrations";
import { env } from "@/lib/env";

const spec = {
  name: "demo",
  summary: "Migrate the embedded database and serve the dashboard on http://localhost:3000.",
  usage: "[--port N] [--rebuild]",
  details: [
    "Uses DATABASE_URL (default file:./data/steward.db). Builds the app first when no build exists.",
    "",
    "Options:",
    "  --port N    port for the dashboard (default 3000, or $PORT)",
    "  --rebuild   run `next build` even if a build exists (after changing the code)",
  ].join("\n"),
  options: { port: { type: "string" }, rebuild: { type: "boolean" } },
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
    const url = env().DATABASE_URL;

    const migrated = await migrate(url, projectRoot);
    process.stdout.write(
      `Database ${redactUrl(url)}: ${migrated.applied.length ? `applied ${migrated.applied.length} migration(s)` : "up to date"}\n`,
    );

    const next = join(projectRoot, "node_modules", ".bin", "next");
    const telemetry = { NEXT_TELEMETRY_DISABLED: "1" };
    if (args.values.rebuild || !existsSync(join(projectRoot, ".next", "BUILD_ID"))) {
      process.stdout.write("Building the dashboard (once; about a minute)…\n");
      const code = await run(next, ["build"], telemetry);
      if (code !== 0) return code;
    }
    process.stdout.write(`\nIdentity Steward is starting on http://localhost:${port}  (Ctrl+C stops it)\n\n`);
    return run(next, ["start", "-p", String(port)], { ...telemetry, DATABASE_URL: url });
  },
};
