// Argument parsing shared by every `steward` command: strict flags, `--help`, clear errors.
import { parseArgs, type ParseArgsConfig } from "node:util";

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export interface CommandSpec<O extends NonNullable<ParseArgsConfig["options"]>> {
  /** e.g. "db migrate" */
  name: string;
  summary: string;
  usage: string;
  /** One line per option, already formatted: "  --json   print JSON". */
  details?: string;
  options: O;
  positionals?: { min: number; max: number };
}

export interface ParsedCommand<O extends NonNullable<ParseArgsConfig["options"]>> {
  values: ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: true }>>["values"];
  positionals: string[];
}

export function helpText(spec: { name: string; summary: string; usage: string; details?: string }) {
  return `${spec.summary}\n\nUsage: steward ${spec.name} ${spec.usage}\n${spec.details ? `\n${spec.details}\n` : ""}`;
}

/** Parses argv for one command. Returns null when `--help` was asked for (and printed). */
export function parseCommand<O extends NonNullable<ParseArgsConfig["options"]>>(
  spec: CommandSpec<O>,
  argv: string[],
): ParsedCommand<O> | null {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(helpText(spec));
    return null;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: spec.options, strict: true, allowPositionals: true });
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, "") : String(error);
    throw new CliError(`steward ${spec.name}: ${message}\nRun \`steward ${spec.name} --help\` for usage.`);
  }
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    const extra =
      parsed.positionals.length > max ? `unexpected argument '${parsed.positionals[max]}'` : "missing argument";
    throw new CliError(`steward ${spec.name}: ${extra}\nUsage: steward ${spec.name} ${spec.usage}`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** Parses a flag that must be one of a fixed set of values. */
export function oneOf<T extends string>(
  command: string,
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`steward ${command}: --${flag} must be one of ${allowed.join(", ")} (got '${value}')`);
}

/** Parses a non-negative integer flag. */
export function integerFlag(
  command: string,
  flag: string,
  value: string | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new CliError(`steward ${command}: --${flag} must be a whole number from 0 to ${max} (got '${value}')`);
  }
  return Number(value);
}
