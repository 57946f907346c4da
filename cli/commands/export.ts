// `steward export identities|findings|candidates`: what the dashboard shows, as JSON or CSV, on
// stdout or written atomically to a file. Records are streamed page by page, never held at once.
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { CliError, oneOf, parseCommand } from "../args";
import type { Command } from "../main";
import { csvRow } from "@/lib/data/encode-csv";
import { CANDIDATE_EXPORT_FIELDS, exportCandidates } from "@/lib/data/export-candidates";
import { exportFindings, FINDING_EXPORT_FIELDS } from "@/lib/data/export-findings";
import { exportIdentities, IDENTITY_EXPORT_FIELDS } from "@/lib/data/export-identities";
import { resolveExportTenant } from "@/lib/data/resolve-export-tenant";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";

const KINDS = ["identities", "findings", "candidates"] as const;
const FORMATS = ["json", "csv"] as const;
type ExportKind = (typeof KINDS)[number];

const spec = {
  name: "export",
  summary: "Export the inventory, findings or migration candidates of the synced tenant as JSON or CSV.",
  usage: "identities|findings|candidates [--format json|csv] [--out FILE] [--tenant ID]",
  details: [
    "Options:",
    "  --format json|csv   JSON (an array of records, the default) or CSV (header row, RFC 4180)",
    "  --out FILE          write FILE (replaced atomically) instead of stdout",
    "  --tenant ID         the tenant to export (default AZURE_TENANT_ID, else the tenant synced last)",
    "",
    "CSV joins arrays with ';', writes objects as JSON and prefixes cells that a spreadsheet",
    "would read as a formula (=, +, -, @, tab, CR) with a single quote.",
    "A tenant with no data exports an empty array (JSON) or the header row only (CSV).",
  ].join("\n"),
  options: { format: { type: "string" }, out: { type: "string" }, tenant: { type: "string" } },
  positionals: { min: 1, max: 1 },
} as const;

interface Source {
  fields: readonly string[];
  records: AsyncIterable<object>;
}

function source(kind: ExportKind, tenantId: string | null): Source {
  const none = (async function* () {})();
  const db = getDb();
  switch (kind) {
    case "identities":
      return { fields: IDENTITY_EXPORT_FIELDS, records: tenantId ? exportIdentities(tenantId, { db }) : none };
    case "findings":
      return { fields: FINDING_EXPORT_FIELDS, records: tenantId ? exportFindings(tenantId, { db }) : none };
    case "candidates":
      return { fields: CANDIDATE_EXPORT_FIELDS, records: tenantId ? exportCandidates(tenantId, { db }) : none };
  }
}

interface Sink {
  write(text: string): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

/** Buffers small writes into ~64 KiB chunks. */
function buffered(flush: (chunk: string) => Promise<void>) {
  let buffer = "";
  return {
    async write(text: string) {
      buffer += text;
      if (buffer.length >= 65_536) {
        const chunk = buffer;
        buffer = "";
        await flush(chunk);
      }
    },
    async drain() {
      if (buffer) await flush(buffer);
      buffer = "";
    },
  };
}

function stdoutSink(): Sink {
  const b = buffered(async (chunk) => {
    if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
  });
  return { write: b.write, finish: b.drain, abort: async () => {} };
}

/** Writes beside the target and renames over it, so a reader never sees half a file. */
async function fileSink(path: string): Promise<Sink> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", 0o644);
  const b = buffered(async (chunk) => {
    await handle.write(chunk);
  });
  return {
    write: b.write,
    async finish() {
      await b.drain();
      await handle.sync();
      await handle.close();
      await rename(temp, path);
    },
    async abort() {
      await handle.close().catch(() => {});
      await rm(temp, { force: true });
    },
  };
}

export async function writeExport(src: Source, format: "json" | "csv", sink: Sink): Promise<number> {
  let n = 0;
  if (format === "csv") {
    await sink.write(csvRow(src.fields));
    for await (const record of src.records) {
      const r = record as Record<string, unknown>;
      await sink.write(csvRow(src.fields.map((f) => r[f])));
      n++;
    }
  } else {
    await sink.write("[");
    for await (const record of src.records) {
      await sink.write(`${n === 0 ? "\n" : ",\n"}${JSON.stringify(record)}`);
      n++;
    }
    await sink.write(n === 0 ? "]\n" : "\n]\n");
  }
  return n;
}

export const command: Command = {
  name: spec.name,
  summary: spec.summary,
  async run(argv) {
    const args = parseCommand(spec, argv);
    if (!args) return 0;
    const what = args.positionals[0] ?? "";
    if (!(KINDS as readonly string[]).includes(what))
      throw new CliError(
        `steward export: what to export must be one of ${KINDS.join(", ")} (got '${what}')\nUsage: steward export ${spec.usage}`,
      );
    const kind = what as ExportKind;
    const format = oneOf("export", "format", args.values.format, FORMATS, "json");
    const out = args.values.out === undefined ? undefined : resolve(args.values.out);
    if (out !== undefined) {
      if (args.values.out === "") throw new CliError("steward export: --out needs a file name");
      const dir = dirname(out);
      if (!existsSync(dir) || !statSync(dir).isDirectory())
        throw new CliError(`steward export: the directory of --out does not exist: ${dir}`);
      if (existsSync(out) && statSync(out).isDirectory())
        throw new CliError(`steward export: --out names a directory: ${out}`);
    }
    const config = env();
    const tenantId = await resolveExportTenant(args.values.tenant ?? config.AZURE_TENANT_ID);
    const sink = out === undefined ? stdoutSink() : await fileSink(out);
    try {
      const n = await writeExport(source(kind, tenantId), format, sink);
      await sink.finish();
      if (out !== undefined) process.stderr.write(`Wrote ${n} ${kind} to ${out}\n`);
    } catch (error) {
      await sink.abort();
      // The reader went away (`| head`): not a failure of the export.
      if ((error as NodeJS.ErrnoException).code === "EPIPE") return 0;
      throw error;
    } finally {
      await getDb().$disconnect();
    }
    return 0;
  },
};
