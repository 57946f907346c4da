import { parseCommand } from "../args";
import type { Command } from "../main";
import { projectRoot } from "../project-root";
import { redactUrl } from "@/lib/database-url";
import { migrate } from "@/lib/db/migrations";
import { env } from "@/lib/env";

const spec = {
  name: "db migrate",
  summary: "Apply every pending migration to the database DATABASE_URL names (default file:./data/steward.db).",
  usage: "[--verbose]",
  details: [
    "SQLite (file:…) and PostgreSQL (postgresql://…) each have their own migrations in prisma/migrations/.",
    "A missing SQLite file or PostgreSQL database is created. Running it again changes nothing.",
    "",
    "Options:",
    "  --verbose   show Prisma's own output",
  ].join("\n"),
  options: { verbose: { type: "boolean" } },
} as const;

export const command: Command = {
  name: spec.name,
  summary: spec.summary,
  async run(argv) {
    const args = parseCommand(spec, argv);
    if (!args) return 0;
    const url = env().DATABASE_URL;
    const result = await migrate(url, projectRoot);
    if (args.values.verbose) process.stdout.write(result.output);
    const where = `${result.kind === "sqlite" ? "SQLite" : "PostgreSQL"} ${redactUrl(url)}`;
    if (result.created) process.stdout.write(`Created ${where}\n`);
    if (result.applied.length === 0) {
      process.stdout.write(`${where} is up to date (migration ${result.current ?? "none"}).\n`);
    } else {
      process.stdout.write(
        `Applied ${result.applied.length} migration(s) to ${where}:\n${result.applied.map((m) => `  ${m}\n`).join("")}`,
      );
    }
    return 0;
  },
};
