// `steward emulator`: serves the generated tenant (Graph, ARM, authority, managed identity) and
// prints the environment that points the product at it.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CliError, integerFlag, parseCommand } from "../args";
import type { Command } from "../main";
import { projectRoot } from "../project-root";
import { FAULT_SPEC_HELP, FaultSpecError, parseFaultSpec } from "@/emulator/faults";
import { formatEnv, startEmulator } from "@/emulator/index";
import { STEWARD_WEB_CLIENT_SECRET } from "@/emulator/tenant/generate";

const spec = {
  name: "emulator",
  summary: "Serve an emulated Entra/Azure tenant (Graph, ARM, Resource Graph, tokens) for demos and tests.",
  usage:
    "[--port 4010|0] [--seed N] [--size demo|N] [--faults SPEC] [--now YYYY-MM-DD] [--write-env FILE] [--tls-dir DIR]",
  details: [
    "Listeners (one per service, consecutive ports from --port; 0 picks free ports):",
    "  PORT    https  Microsoft Graph      /v1.0/…, /beta/reports/servicePrincipalSignInActivities, /v1.0/$batch",
    "  PORT+1  https  Azure Resource Manager and Resource Graph (api-version required)",
    "  PORT+2  https  Entra authority      /{tenant}/v2.0/.well-known/openid-configuration, /oauth2/v2.0/token, …",
    "  PORT+3  http   managed identity     /msi/token (App Service), /metadata/identity/oauth2/token (IMDS)",
    "The TLS certificates come from a local CA; NODE_EXTRA_CA_CERTS in the printed environment trusts it.",
    "",
    "Options:",
    "  --port N          first port (default 4010; 0 = free ports)",
    "  --seed N          tenant seed (default 1): same seed, same tenant",
    "  --size demo|N     `demo` (small; every rule fires) or N service principals (up to 100,000 and more)",
    "  --now DATE        reference day for generated dates (default: today, UTC midnight)",
    "  --faults SPEC     inject faults (below)",
    "  --write-env FILE  also write the KEY=value lines to FILE",
    "  --tls-dir DIR     where the CA and server certificate are kept (default data/emulator-tls)",
    "",
    FAULT_SPEC_HELP,
    "",
    "Control endpoints on the Graph and ARM listeners: GET /_emulator/state; POST /_emulator/churn",
    '{"count"|"fraction", "seed"} applies changes and returns exactly what changed (delta queries then',
    "return those changes); POST /_emulator/faults; POST /_emulator/delta/expire.",
    "",
    "Credentials: the managed-identity endpoint issues tokens for the user-assigned identity",
    "'identity-steward' by default; the app registration 'Identity Steward (web)' has the client secret",
    `'${STEWARD_WEB_CLIENT_SECRET}'. See emulator/README.md.`,
  ].join("\n"),
  options: {
    port: { type: "string" },
    seed: { type: "string" },
    size: { type: "string" },
    faults: { type: "string" },
    now: { type: "string" },
    "write-env": { type: "string" },
    "tls-dir": { type: "string" },
  },
} as const;

export const command: Command = {
  name: spec.name,
  summary: spec.summary,
  async run(argv) {
    const args = parseCommand(spec, argv);
    if (!args) return 0;
    const v = args.values;
    const port = integerFlag(spec.name, "port", v.port, 4010, 65532);
    const seed = integerFlag(spec.name, "seed", v.seed, 1, 2 ** 31 - 1);
    let size: "demo" | number = "demo";
    if (v.size !== undefined && v.size !== "demo") size = integerFlag(spec.name, "size", v.size, 0, 10_000_000);
    let now: number | undefined;
    if (v.now !== undefined) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v.now) || Number.isNaN(Date.parse(`${v.now}T00:00:00Z`)))
        throw new CliError(`steward emulator: --now must be a date like 2026-01-31 (got '${v.now}')`);
      now = Date.parse(`${v.now}T00:00:00Z`);
    }
    try {
      parseFaultSpec(v.faults);
    } catch (e) {
      if (e instanceof FaultSpecError) throw new CliError(`steward emulator: --faults: ${e.message}`);
      throw e;
    }
    const started = Date.now();
    const emulator = await startEmulator({
      port,
      seed,
      size,
      now,
      faults: v.faults,
      tlsDir: v["tls-dir"] ?? join(projectRoot, "data", "emulator-tls"),
    });
    const text = formatEnv(emulator.env);
    if (v["write-env"]) await writeFile(v["write-env"], `${text}\n`, { mode: 0o600 });
    process.stdout.write(`${text}\n`);
    process.stderr.write(
      `Emulated tenant ${emulator.tenant.tenantId} (seed ${seed}, size ${size}, ${emulator.tenant.servicePrincipals.length} service principals) ready in ${Date.now() - started} ms. Ctrl+C stops it.\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await emulator.close();
    return 0;
  },
};
