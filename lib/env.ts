// The product's configuration, read from the environment and validated once (see .env.example).
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./database-url";
import { AppError } from "./errors";

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));
const optionalUrl = optional.pipe(z.url({ protocol: /^https?$/ }).optional());

export const envSchema = z.object({
  DATABASE_URL: optional.transform((v) => v ?? DEFAULT_DATABASE_URL),
  AZURE_TENANT_ID: optional,
  AZURE_CLIENT_ID: optional,
  AZURE_CLIENT_SECRET: optional,
  AZURE_CLIENT_CERTIFICATE_PATH: optional,
  AZURE_FEDERATED_TOKEN_FILE: optional,
  IDENTITY_ENDPOINT: optionalUrl,
  IDENTITY_HEADER: optional,
  STEWARD_CLOUD: optional
    .pipe(z.enum(["public", "usgov", "china", "custom"]).optional())
    .transform((v) => v ?? "public"),
  STEWARD_GRAPH_URL: optionalUrl,
  STEWARD_ARM_URL: optionalUrl,
  STEWARD_LOGIN_URL: optionalUrl,
  /** `none` runs without sign-in: every caller acts as an administrator. Only for local use. */
  STEWARD_AUTH_MODE: optional.pipe(z.enum(["entra", "none"]).optional()).transform((v) => v ?? "entra"),
  /** Minutes between scheduled syncs in the web server; unset or 0 disables the schedule. */
  STEWARD_SYNC_INTERVAL_MINUTES: optional.transform((v, ctx) => {
    if (v === undefined) return 0;
    const n = Number(v);
    if (Number.isInteger(n) && n >= 0 && n <= 10080) return n;
    ctx.addIssue({ code: "custom", message: "must be a whole number of minutes from 0 to 10080" });
    return z.NEVER;
  }),
  /** Attempts per Graph/ARM request before a sync gives up (retries included). */
  STEWARD_SYNC_MAX_ATTEMPTS: optional.transform((v, ctx) => {
    if (v === undefined) return 8;
    const n = Number(v);
    if (Number.isInteger(n) && n >= 1 && n <= 20) return n;
    ctx.addIssue({ code: "custom", message: "must be a whole number from 1 to 20" });
    return z.NEVER;
  }),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new AppError("config", `Invalid configuration: ${problems}`);
  }
  const env = result.data;
  if (env.STEWARD_CLOUD === "custom") {
    const missing = (["STEWARD_GRAPH_URL", "STEWARD_ARM_URL", "STEWARD_LOGIN_URL"] as const).filter((k) => !env[k]);
    if (missing.length > 0) {
      throw new AppError("config", `STEWARD_CLOUD=custom needs ${missing.join(", ")}`);
    }
  }
  return env;
}

/** The current configuration. Parsed on each call (microseconds) so tests and the CLI can change it. */
export function env(): Env {
  return parseEnv();
}
