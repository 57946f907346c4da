// Where the e2e servers listen and how tests reach the demo server's emulated tenant.
// playwright.config.ts starts both servers; tests import from here, never hard-code ports.
import { readFileSync } from "node:fs";
import { request, type APIRequestContext } from "@playwright/test";

export const E2E_DIR = ".tmp/e2e";
export const DEMO_PORT = Number(process.env.E2E_PORT ?? 3100);
export const EMPTY_PORT = DEMO_PORT + 1;
/** The demo tenant (emulator, seed 1) synced and evaluated; the default baseURL. */
export const DEMO_URL = `http://127.0.0.1:${DEMO_PORT}`;
/** Nothing synced and no tenant configured. */
export const EMPTY_URL = `http://127.0.0.1:${EMPTY_PORT}`;
/** The demo server's emulator environment (AZURE_TENANT_ID, STEWARD_GRAPH_URL, …). */
export const EMULATOR_ENV_FILE = `${E2E_DIR}/emulator.env`;

export function emulatorEnv(): Record<string, string> {
  const text = readFileSync(EMULATOR_ENV_FILE, "utf8");
  return Object.fromEntries(
    text
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

/**
 * The emulator's control endpoints (`/_emulator/…` on its Graph listener: state, churn, faults),
 * for tests that change the tenant. The emulator's TLS certificate comes from its own local CA,
 * which this test process does not trust, hence ignoreHTTPSErrors (only for this context).
 */
export async function emulatorControl(): Promise<APIRequestContext> {
  return request.newContext({ baseURL: emulatorEnv().STEWARD_GRAPH_URL, ignoreHTTPSErrors: true });
}
