// Benchmark: recompute a synced tenant's findings (all 17 rules, candidates, persistence) against
// the time it takes merely to read the rows the evaluation reads. Target (issue 5): under 20 s at
// 100k identities and at most 3× the read baseline; peak RSS well under 512 MB (the sync's ceiling).
//
//   npx steward emulator --port 0 --size 100000 --write-env e.env; set -a; . ./e.env; set +a
//   DATABASE_URL=file:./s100k.db npx steward db migrate && DATABASE_URL=file:./s100k.db npx steward sync
//   node --conditions=react-server --import tsx bench/findings-recompute.ts --db file:./s100k.db [--repeat 2]
//
// Each phase runs in its own process so its peak RSS is its own: `idle` (imports only), `baseline`
// (stream every input row with the bare driver, doing nothing), `first` (findings and candidates
// deleted, then evaluated: everything is new) and `steady` (evaluated again, nothing changed).
// The database is written to: use a scratch copy, never one whose findings people work on.
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, redactUrl, sqlitePath } from "../lib/database-url";
import { evaluateTenant } from "../lib/findings/evaluate-tenant";
import type { Cloud } from "../lib/rules/snapshot";
import { openConnection } from "../lib/sync/sql/connection";

type Phase = "idle" | "baseline" | "first" | "steady";

/** The tables and columns the evaluation reads (lib/findings/load-snapshot.ts), nothing else. */
const INPUT: Record<string, string[]> = {
  ServicePrincipal: [
    "id",
    "appId",
    "displayName",
    "servicePrincipalType",
    "accountEnabled",
    "appOwnerOrganizationId",
    "signInAudience",
    "appRoles",
    "miKind",
    "miResourceId",
    "subscriptionId",
    "resourceGroup",
    "resourceType",
    "lastSignInAt",
    "firstSeenAt",
  ],
  ManagementGroup: ["id", "name", "displayName", "parentId"],
  Subscription: ["id", "displayName", "managementGroupId", "resourcesEnumeratedAt"],
  Resource: [
    "id",
    "armId",
    "subscriptionId",
    "resourceGroup",
    "type",
    "name",
    "identityType",
    "principalId",
    "clientId",
  ],
  IdentityAttachment: ["resourceId", "identityResourceId", "principalId", "clientId", "subscriptionId"],
  RoleDefinition: ["id", "roleName", "roleType", "permissions"],
  RoleAssignment: [
    "id",
    "scope",
    "scopeLevel",
    "subscriptionId",
    "roleDefinitionId",
    "principalId",
    "principalType",
    "condition",
  ],
  Application: ["id", "appId", "displayName", "signInAudience"],
  Credential: [
    "ownerId",
    "ownerType",
    "keyId",
    "kind",
    "displayName",
    "type",
    "usage",
    "startDateTime",
    "endDateTime",
    "isPlatformManaged",
  ],
  FederatedCredential: ["id", "ownerType", "ownerId", "name", "issuer", "subject", "audiences"],
  AppRoleAssignment: [
    "id",
    "principalId",
    "principalType",
    "resourceId",
    "resourceAppId",
    "resourceDisplayName",
    "appRoleId",
    "appRoleValue",
  ],
  DirectoryRoleDefinition: ["id", "templateId", "displayName", "isBuiltIn"],
  DirectoryRoleAssignment: ["id", "principalId", "roleDefinitionId", "directoryScopeId"],
  Group: ["id", "displayName", "isAssignableToRole"],
  GroupMembership: ["groupId", "memberId"],
  User: [
    "id",
    "userPrincipalName",
    "displayName",
    "accountEnabled",
    "userType",
    "lastSignInAt",
    "lastNonInteractiveSignInAt",
  ],
};

const mb = (bytes: number) => Math.round(bytes / 1048576);
const peakRssMb = () => mb(process.resourceUsage().maxRSS * 1024);

function argument(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

async function tenantOf(url: string): Promise<{ tenantId: string; cloud: Cloud }> {
  const conn = await openConnection(url);
  try {
    const rows = await conn.all<{ id: string; cloud: Cloud }>(`SELECT "id", "cloud" FROM "Tenant" ORDER BY "id"`);
    if (rows.length !== 1) throw new Error(`expected one synced tenant, found ${rows.length}`);
    return { tenantId: rows[0]!.id, cloud: rows[0]!.cloud };
  } finally {
    await conn.close();
  }
}

/** Every input row through the bare driver: the fastest way each database can hand them over. */
async function baseline(url: string, tenantId: string): Promise<Record<string, unknown>> {
  const start = performance.now();
  let rows = 0;
  const tableMs: Record<string, number> = {};
  if (databaseKind(url) === "sqlite") {
    const db = new Database(sqlitePath(url), { readonly: true });
    for (const [table, columns] of Object.entries(INPUT)) {
      const tableStart = performance.now();
      // A sequential scan, as the loader does (`+` keeps SQLite off the tenantId index).
      const statement = db
        .prepare(`SELECT ${columns.map((c) => `"${c}"`).join(", ")} FROM "${table}" WHERE +"tenantId" = ?`)
        .raw(true);
      for (const _row of statement.iterate(tenantId)) rows += 1;
      tableMs[table] = Math.round(performance.now() - tableStart);
    }
    db.close();
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("BEGIN");
    for (const [table, columns] of Object.entries(INPUT)) {
      const tableStart = performance.now();
      await client.query({
        text: `DECLARE c NO SCROLL CURSOR FOR SELECT ${columns.map((c) => `"${c}"`).join(", ")} FROM "${table}" WHERE "tenantId" = $1`,
        values: [tenantId],
      });
      for (;;) {
        const page = await client.query({ text: "FETCH 5000 FROM c", rowMode: "array" });
        rows += page.rows.length;
        if (page.rows.length < 5000) break;
      }
      await client.query("CLOSE c");
      tableMs[table] = Math.round(performance.now() - tableStart);
    }
    await client.query("COMMIT");
    await client.end();
  }
  return { totalMs: Math.round(performance.now() - start), rows, tableMs };
}

async function evaluate(url: string, tenantId: string, cloud: Cloud, fresh: boolean) {
  const conn = await openConnection(url);
  try {
    if (fresh) {
      for (const table of ["Comment", "Finding", "MigrationCandidate", "FindingTrendPoint", "AuditEntry"]) {
        const where =
          table === "Comment"
            ? `"findingId" IN (SELECT "id" FROM "Finding" WHERE "tenantId" = ${conn.p(1)})`
            : `"tenantId" = ${conn.p(1)}`;
        await conn.run(`DELETE FROM "${table}" WHERE ${where}`, [tenantId]);
      }
      await conn.run(
        `UPDATE "ServicePrincipal" SET "openFindingCount" = 0, "privilegeLevel" = 0 WHERE "tenantId" = ${conn.p(1)}`,
        [tenantId],
      );
    }
    // Sample the heap between steps too: peak RSS says how much the process took, this says what for.
    let peakHeap = 0;
    const sample = () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed));
    const timer = setInterval(sample, 250);
    const result = await evaluateTenant(conn, tenantId, {
      runId: `bench-${Date.now()}`,
      now: new Date(),
      cloud,
      authorityHost: process.env.STEWARD_LOGIN_URL ?? "https://login.invalid",
      onStep: async () => void sample(),
    });
    clearInterval(timer);
    const { timings, stepsMs, produced, staged, updated, resolved, reopened, candidates } = result;
    return {
      ...timings,
      persistSteps: stepsMs,
      produced,
      staged,
      new: result.new,
      updated,
      resolved,
      reopened,
      candidates: candidates.total,
      inputRows: Object.values(result.rows).reduce((a, b) => a + b, 0),
      tableMs: result.loadMs,
      peakHeapMb: mb(peakHeap),
    };
  } finally {
    await conn.close();
  }
}

async function runPhase(phase: Phase, url: string) {
  const { tenantId, cloud } = await tenantOf(url);
  const figures =
    phase === "idle"
      ? {}
      : phase === "baseline"
        ? await baseline(url, tenantId)
        : await evaluate(url, tenantId, cloud, phase === "first");
  process.stdout.write(`${JSON.stringify({ phase, ...figures, peakRssMb: peakRssMb() })}\n`);
}

function spawnPhase(phase: Phase, url: string): Record<string, unknown> {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), "--phase", phase, "--db", url],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 * 1024 * 1024 },
  );
  if (child.status !== 0) throw new Error(`phase ${phase} failed (exit ${child.status})`);
  const line = child.stdout.trim().split("\n").pop()!;
  return JSON.parse(line) as Record<string, unknown>;
}

async function main() {
  const url = argument("db", process.env.DATABASE_URL);
  const phase = process.argv.includes("--phase") ? (argument("phase") as Phase) : null;
  if (phase) return runPhase(phase, url);

  const repeat = Number(argument("repeat", "2"));
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(2))
      .join(" ");
  console.log(`findings recompute on ${databaseKind(url)} ${redactUrl(url)}; load average ${load()}`);
  const idle = spawnPhase("idle", url);
  console.log(`  idle process (imports only): peak RSS ${idle.peakRssMb} MB`);
  for (let i = 1; i <= repeat; i += 1) {
    const base = spawnPhase("baseline", url);
    const first = spawnPhase("first", url);
    const steady = spawnPhase("steady", url);
    const baseMs = Number(base.totalMs);
    const line = (name: string, r: Record<string, unknown>) =>
      `  ${name.padEnd(7)} ${(Number(r.totalMs) / 1000).toFixed(1).padStart(5)} s = ${(Number(r.totalMs) / baseMs).toFixed(2)}× baseline` +
      ` | load ${r.loadMs} evaluate ${r.evaluateMs} stage ${r.stageMs} candidates ${r.candidatesMs} persist ${r.persistMs} ms` +
      ` ${JSON.stringify(r.persistSteps)} | ${r.produced} findings (${r.new} new, ${r.updated} updated, ${r.staged} staged), ${r.candidates} candidates` +
      ` | peak RSS ${r.peakRssMb} MB, heap ${r.peakHeapMb} MB`;
    console.log(`run ${i} (load average ${load()})`);
    console.log(
      `  baseline ${(baseMs / 1000).toFixed(1)} s: ${base.rows} input rows through the bare driver | peak RSS ${base.peakRssMb} MB`,
    );
    console.log(line("first", first));
    console.log(line("steady", steady));
  }
}

await main();
