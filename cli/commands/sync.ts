// `steward sync`: read the configured tenant into the database, with a progress line on a
// terminal, a summary at the end (or JSON for machines), and a non-zero exit on failure.
import { CliError, parseCommand } from "../args";
import type { Command } from "../main";
import { env } from "@/lib/env";
import { runSync, type SyncProgress, type SyncResult } from "@/lib/sync/run-sync";

const spec = {
  name: "sync",
  summary:
    "Sync the tenant named by AZURE_TENANT_ID from Microsoft Graph and Azure Resource Manager into DATABASE_URL.",
  usage: "[--full | --incremental] [--json]",
  details: [
    "By default a run continues from the last complete one (delta queries) and reads everything",
    "the first time, or when the saved delta links have expired.",
    "",
    "Options:",
    "  --full          read everything, even when an incremental run is possible",
    "  --incremental   continue from the last complete run (falls back to full when it cannot)",
    "  --json          print the run's result as JSON on stdout (no progress output)",
    "",
    "Exit status: 0 when the run succeeded, 1 when it failed (the previous data is kept),",
    "3 when another sync of the tenant is already running.",
    "Credentials and endpoints come from the environment: see .env.example.",
  ].join("\n"),
  options: { full: { type: "boolean" }, incremental: { type: "boolean" }, json: { type: "boolean" } },
} as const;

function bar(progress: SyncProgress) {
  const total = Object.values(progress.counts).reduce((n, c) => n + c.fetched, 0);
  return `\r\x1b[2K${progress.phase.padEnd(18)} ${total.toLocaleString("en-US").padStart(10)} objects  ${progress.requests.toLocaleString("en-US")} requests${progress.throttled ? `, ${progress.throttled} throttled` : ""}`;
}

export function summary(result: SyncResult): string {
  const lines = [
    `Sync ${result.status} (${result.mode}${result.fellBackToFull ? ", fell back to full" : ""}) in ${(result.durationMs / 1000).toFixed(1)} s — run ${result.runId}`,
    `  requests ${result.requests}, retries ${result.retries}, throttled ${result.throttled}`,
  ];
  const rows = Object.entries(result.counts).filter(([, c]) => c.fetched || c.added || c.removed || c.changed);
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  for (const [name, c] of rows) {
    lines.push(
      `  ${name.padEnd(width)}  read ${String(c.fetched).padStart(7)}  +${c.added ?? 0} -${c.removed ?? 0} ~${c.changed ?? 0}`,
    );
  }
  for (const w of result.warnings) lines.push(`  warning: ${w.message}`);
  if (result.error) lines.push(`  error: ${result.error}`, "  The previous snapshot is unchanged.");
  return `${lines.join("\n")}\n`;
}

export const command: Command = {
  name: spec.name,
  summary: spec.summary,
  async run(argv) {
    const args = parseCommand(spec, argv);
    if (!args) return 0;
    if (args.values.full && args.values.incremental)
      throw new CliError("steward sync: --full and --incremental exclude each other");
    const config = env();
    const tty = process.stderr.isTTY && !args.values.json;
    let result: SyncResult;
    try {
      result = await runSync({
        databaseUrl: config.DATABASE_URL,
        env: config,
        mode: args.values.full ? "full" : args.values.incremental ? "incremental" : "auto",
        trigger: "cli",
        onProgress: tty ? (p) => process.stderr.write(bar(p)) : undefined,
        progressIntervalMs: tty ? 250 : 2000,
      });
    } catch (error) {
      if (error instanceof Error && error.name === "SyncAlreadyRunningError") {
        process.stderr.write(`steward sync: ${error.message}\n`);
        return 3;
      }
      throw error;
    }
    if (tty) process.stderr.write("\r\x1b[2K");
    if (args.values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(summary(result));
    return result.status === "succeeded" ? 0 : 1;
  },
};
