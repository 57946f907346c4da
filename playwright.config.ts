// End-to-end tests: Debian's Chromium (never a downloaded browser) against the built app.
// Two servers, each on a fresh database (never the user's):
// - demo (default baseURL): `steward demo` — the emulated demo tenant synced and evaluated, the
//   emulator left running so "Sync now" really syncs; its environment is written for the tests.
// - empty: no tenant configured and nothing synced, for first-run journeys.
import { defineConfig } from "@playwright/test";
import { DEMO_PORT, DEMO_URL, E2E_DIR, EMPTY_PORT, EMPTY_URL, EMULATOR_ENV_FILE } from "./e2e/support/env";

const common = { NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", STEWARD_AUTH_MODE: "none" };

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: `${E2E_DIR}/results.json` }]],
  use: {
    baseURL: DEMO_URL,
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-default-apps",
        "--disable-domain-reliability",
      ],
    },
    trace: "retain-on-failure",
  },
  webServer: [
    {
      command: `mkdir -p ${E2E_DIR} && rm -rf ${E2E_DIR}/demo.db* ${EMULATOR_ENV_FILE} && exec node cli/bin/steward.js demo --port ${DEMO_PORT} --write-env ${EMULATOR_ENV_FILE}`,
      url: `${DEMO_URL}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      env: { ...common, DATABASE_URL: `file:./${E2E_DIR}/demo.db` },
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `mkdir -p ${E2E_DIR} && rm -rf ${E2E_DIR}/empty.db* && node cli/bin/steward.js db migrate && exec node_modules/.bin/next start -H 127.0.0.1 -p ${EMPTY_PORT}`,
      url: `${EMPTY_URL}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: { ...common, DATABASE_URL: `file:./${E2E_DIR}/empty.db`, AZURE_TENANT_ID: "" },
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
