// `npm test`: the whole suite — lint, format, typecheck, unit and integration tests on SQLite and
// PostgreSQL, a production build, and Playwright e2e in Chromium — ending with one line
// `N passed, N failed` that counts every test and check it ran.
//
// PostgreSQL or Chromium missing on a developer machine: those parts are skipped and the output
// says how to enable them. Under CI (CI=true) nothing is skipped: a missing dependency fails.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

const root = join(import.meta.dirname, "..");
const tmp = join(root, ".tmp");
const isCI = !!process.env.CI && process.env.CI !== "false";
const only = process.argv.slice(2);
const want = (step) => only.length === 0 || only.includes(step);

const results = []; // { name, passed, failed, skipped, note }

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: "inherit",
      env: {
        ...process.env,
        NO_COLOR: "1",
        FORCE_COLOR: "0",
        NEXT_TELEMETRY_DISABLED: "1",
        CHECKPOINT_DISABLE: "1",
        ...env,
      },
    });
    child.on("error", () => resolve(127));
    child.on("exit", (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

function banner(text) {
  console.log(`\n━━━ ${text} ${"━".repeat(Math.max(0, 70 - text.length))}`);
}

async function check(name, cmd, args, env = {}) {
  banner(name);
  const code = await run(cmd, args, env);
  results.push({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 });
  return code === 0;
}

async function postgresReachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const bin = (name) => join(root, "node_modules", ".bin", name);
mkdirSync(tmp, { recursive: true });

const pgUrl = process.env.STEWARD_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const missing = [];

if (want("lint")) await check("lint (eslint)", bin("eslint"), ["--max-warnings=0", "."]);
if (want("format")) await check("format (prettier --check)", bin("prettier"), ["--check", "--log-level=warn", "."]);
if (want("typecheck")) await check("typecheck (tsc)", bin("tsc"), ["--noEmit", "-p", "."]);

if (want("vitest")) {
  const hasPg = await postgresReachable(pgUrl);
  if (!hasPg) {
    const how = `PostgreSQL is not reachable at ${pgUrl.replace(/:[^:@/]*@/, ":***@")}: start it (e.g. \`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\`) or set STEWARD_TEST_PG_URL to an admin URL of a server where this role may CREATE DATABASE.`;
    if (isCI) missing.push(how);
    else console.log(`\n⚠ SKIPPING the PostgreSQL half of the integration tests. ${how}`);
  }
  banner(`unit and integration tests (vitest; SQLite${hasPg ? " and PostgreSQL" : " only"})`);
  const out = join(tmp, "vitest.json");
  rmSync(out, { force: true });
  const code = await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], {
    STEWARD_TEST_PG: hasPg ? "" : "skip",
  });
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, "utf8"));
    const failedSuites = r.testResults.filter(
      (f) => f.status === "failed" && f.assertionResults.every((a) => a.status !== "failed"),
    ).length;
    results.push({
      name: "vitest",
      passed: r.numPassedTests,
      failed: r.numFailedTests + failedSuites + (code !== 0 && r.numFailedTests + failedSuites === 0 ? 1 : 0),
      skipped: r.numPendingTests + r.numTodoTests,
      note: hasPg ? undefined : "PostgreSQL skipped",
    });
  } else {
    results.push({ name: "vitest", passed: 0, failed: 1, skipped: 0, note: "no report written" });
  }
}

if (want("e2e")) {
  if (!existsSync(chromium)) {
    const how = `Chromium not found at ${chromium}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH). Never \`npx playwright install\`.`;
    if (isCI) missing.push(how);
    else console.log(`\n⚠ SKIPPING the e2e tests. ${how}`);
    results.push({ name: "e2e (playwright)", passed: 0, failed: isCI ? 1 : 0, skipped: 1, note: "Chromium missing" });
  } else {
    const built = await check("production build (next build)", bin("next"), ["build"], {
      STEWARD_BUILD_SKIP_TYPECHECK: results.some((r) => r.name.startsWith("typecheck") && r.failed === 0) ? "1" : "",
    });
    if (built) {
      banner("e2e tests (playwright, Chromium)");
      const out = join(tmp, "e2e", "results.json");
      rmSync(out, { force: true });
      const code = await run(bin("playwright"), ["test"]);
      if (existsSync(out)) {
        const s = JSON.parse(readFileSync(out, "utf8")).stats;
        const failed = s.unexpected + (code !== 0 && s.unexpected === 0 ? 1 : 0);
        results.push({ name: "e2e (playwright)", passed: s.expected + s.flaky, failed, skipped: s.skipped });
      } else {
        results.push({ name: "e2e (playwright)", passed: 0, failed: 1, skipped: 0, note: "no report written" });
      }
    } else {
      results.push({ name: "e2e (playwright)", passed: 0, failed: 1, skipped: 0, note: "not run: the build failed" });
    }
  }
}

banner("summary");
for (const m of missing) {
  console.log(`✗ missing in CI: ${m}`);
  results.push({ name: "environment", passed: 0, failed: 1, skipped: 0 });
}
for (const r of results) {
  const status = r.failed > 0 ? "FAIL" : r.skipped > 0 && r.passed === 0 ? "SKIP" : "ok";
  console.log(
    `${status.padEnd(4)}  ${r.name}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}${r.note ? ` (${r.note})` : ""}`,
  );
}
const total = results.reduce(
  (a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exitCode = total.failed > 0 ? 1 : 0;
