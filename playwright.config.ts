// End-to-end tests: Debian's Chromium (never a downloaded browser) against the built app.
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const databaseUrl = process.env.E2E_DATABASE_URL ?? "file:./.tmp/e2e/steward.db";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: ".tmp/e2e/results.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
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
  webServer: {
    // A fresh database for every run: never the user's.
    command: `rm -rf .tmp/e2e/steward.db* && node cli/bin/steward.js db migrate && exec node_modules/.bin/next start -H 127.0.0.1 -p ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: {
      DATABASE_URL: databaseUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
      STEWARD_AUTH_MODE: "none",
      AZURE_TENANT_ID: "",
    },
    stdout: "ignore",
    stderr: "pipe",
  },
});
