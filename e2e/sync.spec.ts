// The Sync page against the demo server, whose emulator is live: "Sync now" really syncs.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { E2E_DIR, emulatorEnv } from "./support/env";
import { checkInBothThemes } from "./support/a11y";

// Only the history's own rows: each run's counts are a table nested in its row.
const historyRows = (page: Page) =>
  page.getByRole("table", { name: "Sync runs, newest first" }).locator(":scope > tbody > tr");
const panel = (page: Page) => page.getByRole("region", { name: "Run a sync" });

async function waitForIdle(page: Page) {
  // A run started by an earlier test (or the schedule) must end before this one starts its own.
  await expect(panel(page).getByRole("button", { name: "Sync now" })).toBeEnabled({ timeout: 90_000 });
}

test("start a sync from the Sync page and watch it run to the end", async ({ page }, testInfo) => {
  await page.goto("/sync");
  await expect(page.getByRole("heading", { level: 1, name: "Sync" })).toBeVisible();
  await waitForIdle(page);
  const before = await historyRows(page).count();

  await panel(page).getByRole("button", { name: "Sync now" }).click();
  const progress = panel(page).getByRole("progressbar", { name: "Sync progress" });
  await expect(progress).toBeVisible();
  // While it runs the button says so and cannot start a second run.
  await expect(panel(page).getByRole("button", { name: /Sync running|Starting/ })).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath("sync-running.png"), fullPage: true });

  await expect(panel(page).getByText("succeeded", { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(progress).toHaveAttribute("aria-valuenow", "100");
  await expect(panel(page)).toContainText(/took \d/);
  await expect(panel(page)).toContainText(/objects read · \d+ requests/);
  await expect(panel(page).getByRole("button", { name: "Sync now" })).toBeEnabled();

  // The history (server-rendered) shows the new run on top, started from the web.
  await expect(historyRows(page)).toHaveCount(Math.min(before + 1, 25));
  const newest = historyRows(page).first();
  await expect(newest).toContainText("succeeded");
  await expect(newest).toContainText("api");
  await expect(newest).toContainText("Local operator");

  await panel(page).getByRole("link", { name: "Run details and counts" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Sync run of");
  const counts = page.getByRole("table", { name: "Counts per collection" });
  await expect(counts.getByRole("rowheader", { name: "Service principals" })).toBeVisible();
  await checkInBothThemes(page, testInfo, {
    path: page.url(),
    name: "sync-run",
    ready: async (p) => expect(p.getByRole("table", { name: "Counts per collection" })).toBeVisible(),
  });
});

test("a sync already running elsewhere is joined, not started twice", async ({ page, request }) => {
  await page.goto("/sync");
  await waitForIdle(page);
  // Another app instance holds the tenant's lease and is running a sync (the demo tenant syncs in
  // under a second, too fast to race a real one): its run row and lease, written as it would.
  const db = new Database(join(process.cwd(), E2E_DIR, "demo.db"));
  const tenantId = emulatorEnv().AZURE_TENANT_ID!.toLowerCase();
  const runId = randomUUID();
  const at = (d: Date) => d.toISOString().replace("Z", "+00:00");
  const now = new Date();
  try {
    db.prepare(
      `INSERT INTO "SyncRun" ("id", "tenantId", "mode", "status", "phase", "trigger", "triggeredBy", "startedAt", "heartbeatAt", "counts")
       VALUES (?, ?, 'incremental', 'running', 'reading Entra ID', 'schedule', NULL, ?, ?, ?)`,
    ).run(runId, tenantId, at(now), at(now), JSON.stringify({ servicePrincipals: { fetched: 40 } }));
    db.prepare(
      `INSERT INTO "SyncLock" ("tenantId", "runId", "holder", "acquiredAt", "expiresAt") VALUES (?, ?, 'other-instance:1', ?, ?)`,
    ).run(tenantId, runId, at(now), at(new Date(now.getTime() + 120_000)));

    const again = await request.post("/api/sync", { headers: { origin: new URL(page.url()).origin } });
    expect(again.status()).toBe(409);
    expect((await again.json()).error.details.runId).toBe(runId);

    await panel(page).getByRole("button", { name: "Sync now" }).click();
    await expect(panel(page).getByRole("status").filter({ hasText: "already running" })).toBeVisible();
    await expect(panel(page).getByRole("link", { name: "Run details and counts" })).toHaveAttribute(
      "href",
      `/sync/${runId}`,
    );
    await expect(panel(page)).toContainText("reading Entra ID");
    await expect(panel(page).getByRole("button", { name: "Sync running…" })).toBeDisabled();

    // The other instance finishes: the page follows the run to its end.
    db.prepare(
      `UPDATE "SyncRun" SET "status" = 'succeeded', "phase" = 'done', "finishedAt" = ?, "durationMs" = 1500 WHERE "id" = ?`,
    ).run(at(new Date()), runId);
    db.prepare(`DELETE FROM "SyncLock" WHERE "tenantId" = ?`).run(tenantId);
    await expect(panel(page).getByText("succeeded", { exact: true })).toBeVisible({ timeout: 15_000 });
    await expect(panel(page).getByRole("button", { name: "Sync now" })).toBeEnabled();
  } finally {
    db.prepare(`DELETE FROM "SyncLock" WHERE "runId" = ?`).run(runId);
    db.close();
  }
});

test("the run API reports live activity and refuses a malformed id", async ({ request }) => {
  const { runs } = await (await request.get("/api/sync?limit=1")).json();
  expect(runs).toHaveLength(1);
  const run = await (await request.get(`/api/sync/runs/${runs[0].id}`)).json();
  expect(run).toMatchObject({ id: runs[0].id, activity: "ended", progress: null });
  expect(Object.keys(run.counts)).toContain("servicePrincipals");
  expect((await request.get("/api/sync/runs/not-a-uuid")).status()).toBe(422);
  expect((await request.get("/api/sync?before=garbage")).status()).toBe(422);
});

test("the Sync page holds at 768 px", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 768, height: 1000 });
  await page.goto("/sync");
  await expect(historyRows(page).first()).toBeVisible();
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("sync-768.png"), fullPage: true });
});
