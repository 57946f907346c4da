// `steward`: the command-line face of Identity Steward. Commands load lazily so each pays only for
// what it uses (the emulator never loads Prisma; `--help` loads nothing).
import { CliError } from "./args";

export interface Command {
  name: string;
  summary: string;
  run(argv: string[]): Promise<number>;
}

const commands: { name: string; summary: string; load: () => Promise<Command> }[] = [
  {
    name: "demo",
    summary: "Emulated demo tenant, synced into the embedded database, dashboard on http://localhost:3000",
    load: async () => (await import("./commands/demo")).command,
  },
  {
    name: "sync",
    summary: "Sync the configured tenant into the database",
    load: async () => (await import("./commands/sync")).command,
  },
  {
    name: "export",
    summary: "Export identities, findings or migration candidates as JSON or CSV",
    load: async () => (await import("./commands/export")).command,
  },
  {
    name: "db migrate",
    summary: "Apply database migrations to DATABASE_URL",
    load: async () => (await import("./commands/db-migrate")).command,
  },
  {
    name: "emulator",
    summary: "Serve an emulated tenant (Graph, ARM, tokens) and print its environment",
    load: async () => (await import("./commands/emulator")).command,
  },
];

function usage() {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "Identity Steward: governance for Microsoft Entra managed identities.",
    "",
    "Usage: steward <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `steward <command> --help` for a command's options.",
    "",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    process.stdout.write(usage());
    return argv.length === 0 ? 2 : 0;
  }
  // Longest match first, so "db migrate" wins over a hypothetical "db".
  const entry = [...commands]
    .sort((a, b) => b.name.length - a.name.length)
    .find((c) => {
      const words = c.name.split(" ");
      return words.every((w, i) => argv[i] === w);
    });
  if (!entry) {
    const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
    if (group.length > 0 && (argv.length === 1 || argv[1] === "--help" || argv[1] === "-h")) {
      process.stdout.write(`Commands:\n${group.map((c) => `  steward ${c.name}  ${c.summary}`).join("\n")}\n`);
      return argv.length === 1 ? 2 : 0;
    }
    const what = group.length > 0 ? `${argv[0]} ${argv[1] ?? ""}`.trim() : argv[0];
    throw new CliError(`steward: unknown command '${what}'\n\n${usage()}`);
  }
  const command = await entry.load();
  return command.run(argv.slice(entry.name.split(" ").length));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`steward: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
