// Benchmark: incremental sync after 1 % churn against the full sync, in the same run, and a check
// that the incremental run recorded exactly the changes the churn made.
//   npx tsx bench/sync-incremental.ts [--size 100000] [--db sqlite|postgresql] [--reps 2] [--fraction 0.01] [--trace PREFIX]
// (--trace: each incremental run's request trace with timings goes to PREFIX-<rep>.jsonl, see sync-child.ts)
// The tenant is loaded by a full sync, then each repetition churns it through the emulator's
// control endpoint and syncs incrementally. A second full sync (the daily sweep over a stored
// snapshot) is measured as well. Target (issue 4): incremental ≤ 5 % of the full sync.
import Database from "better-sqlite3";
import pg from "pg";
import {
  arg,
  child,
  freshDatabase,
  load,
  median,
  mib,
  seconds,
  startEmulator,
  type DatabaseKind,
  type SyncMeasurement,
} from "./sync-lib";

const size = Number(arg("size", "100000"));
const kind = arg("db", "sqlite") as DatabaseKind;
const reps = Number(arg("reps", "2"));
const fraction = Number(arg("fraction", "0.01"));
const trace = process.argv.includes("--trace") ? arg("trace", "") : null;

type Change = { type: string } & Record<string, string>;
interface Event {
  entityType: string;
  change: string;
  entityId: string;
  subjectId: string;
  details: string | Record<string, unknown> | null;
}

async function events(url: string, runId: string): Promise<Event[]> {
  const sql = `SELECT "entityType", "change", "entityId", "subjectId", "details" FROM "HistoryEvent" WHERE "runId" = `;
  if (kind === "sqlite") {
    const db = new Database(url.replace(/^file:/, ""), { readonly: true });
    try {
      return db.prepare(`${sql}?`).all(runId) as Event[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Event>(`${sql}$1`, [runId])).rows;
  } finally {
    await client.end();
  }
}

const lc = (s: string) => s.toLowerCase();

/**
 * The history events a churn must leave: one per net change (a thing added and removed again in
 * the same churn leaves none). Resource, credential and federated-credential events are allowed
 * where a change explains them.
 */
function compare(changes: Change[], recorded: Event[]) {
  const net = new Map<string, number>();
  const bump = (key: string, d: number) => net.set(key, (net.get(key) ?? 0) + d);
  const explained = new Set<string>();
  for (const c of changes) {
    const sign = /\.(added|created|enabled)$/.test(c.type) ? 1 : -1;
    switch (c.type.split(".")[0]) {
      case "identity":
        if (c.type === "identity.disabled" || c.type === "identity.enabled") bump(`identity|changed|${c.id}`, 1);
        else bump(`identity|${c.id}`, sign);
        explained.add(c.id!);
        if (c.resourceId) explained.add(lc(c.resourceId));
        break;
      case "attachment":
        bump(`attachment|${lc(c.resourceId!)}|${lc(c.identityResourceId!)}`, sign);
        explained.add(lc(c.resourceId!));
        break;
      case "azureRoleAssignment":
        bump(
          `azureRoleAssignment|${lc(`${c.scope}/providers/Microsoft.Authorization/roleAssignments/${c.name}`)}`,
          sign,
        );
        break;
      case "appRoleAssignment":
        bump(`appRoleAssignment|${c.id}`, sign);
        break;
      case "groupMember":
        bump(`groupMembership|${c.groupId}|${c.memberId}`, sign);
        break;
    }
  }
  const expected = new Map<string, string>();
  for (const [key, n] of net) {
    if (key.startsWith("identity|changed|")) {
      if (n % 2 === 1) expected.set(key, "changed");
    } else if (n !== 0) expected.set(key, n > 0 ? "added" : "removed");
  }
  const found = new Set<string>();
  const unexpected: Event[] = [];
  for (const e of recorded) {
    const key =
      e.entityType === "identity"
        ? e.change === "changed"
          ? `identity|changed|${e.subjectId}`
          : `identity|${e.subjectId}`
        : e.entityType === "attachment"
          ? null
          : e.entityType === "groupMembership"
            ? `groupMembership|${e.entityId}|${e.subjectId}`
            : `${e.entityType}|${e.entityId}`;
    if (e.entityType === "attachment") {
      const details = (typeof e.details === "string" ? JSON.parse(e.details) : e.details) as {
        identityResourceId?: string;
      };
      const match = `attachment|${e.entityId}|${details?.identityResourceId ?? ""}`;
      if (expected.get(match) === e.change) found.add(match);
      else unexpected.push(e);
      continue;
    }
    // What an identity's or resource's change takes with it: its resource row, its credentials, a
    // deleted user-assigned identity's federated credentials.
    if (e.entityType === "resource" || e.entityType === "credential" || e.entityType === "federatedCredential") {
      if (!explained.has(e.entityId) && !explained.has(e.subjectId)) unexpected.push(e);
      continue;
    }
    if (key && expected.get(key) === e.change) found.add(key);
    else unexpected.push(e);
  }
  const missing = [...expected.keys()].filter((k) => !found.has(k));
  return { expected: expected.size, found: found.size, missing, unexpected };
}

console.log(
  `Incremental sync after ${fraction * 100} % churn, ${size.toLocaleString("en-US")} service principals, ${kind}`,
);
const emulator = await startEmulator(size);
const db = await freshDatabase(kind, `incremental-${size}`);
const env = { ...emulator.env, DATABASE_URL: db.url };
try {
  let before = load();
  const full = await child<SyncMeasurement>(["sync", "--mode", "full"], env);
  if (full.status !== "succeeded") throw new Error(`the full sync failed: ${full.error}`);
  console.log(
    `  full sync (first load): ${seconds(full.syncMs)}, ${full.requests} requests; load ${before} → ${load()}`,
  );
  const incrementals: SyncMeasurement[] = [];
  let exact = true;
  for (let i = 0; i < reps; i++) {
    const churn = (await emulator.control("/_emulator/churn", { fraction, seed: 1000 + i })) as { changes: Change[] };
    before = load();
    const inc = await child<SyncMeasurement>(
      ["sync", "--mode", "incremental", ...(trace ? ["--trace", `${trace}-${i + 1}.jsonl`] : [])],
      env,
    );
    if (inc.status !== "succeeded" || inc.mode !== "incremental")
      throw new Error(`the incremental sync failed: ${inc.error ?? inc.mode}`);
    const check = compare(churn.changes, await events(db.url, inc.runId));
    exact &&= check.missing.length === 0 && check.unexpected.length === 0;
    console.log(
      `  churn ${churn.changes.length} changes → incremental ${seconds(inc.syncMs)}, ${inc.requests} requests, peak ${mib(inc.peakRssSync)}; ` +
        `events: ${check.found}/${check.expected} expected recorded, ${check.missing.length} missing, ${check.unexpected.length} unexpected; load ${before} → ${load()}`,
    );
    for (const m of check.missing.slice(0, 5)) console.log(`    missing ${m}`);
    for (const u of check.unexpected.slice(0, 5)) console.log(`    unexpected ${JSON.stringify(u)}`);
    console.log(`    phases: ${inc.phases.map((p) => `${p.phase} @${seconds(p.atMs)}`).join(" | ")}`);
    incrementals.push(inc);
  }
  before = load();
  const sweep = await child<SyncMeasurement>(["sync", "--mode", "full"], env);
  console.log(
    `  full sync over the stored snapshot (the daily sweep): ${seconds(sweep.syncMs)}; load ${before} → ${load()}`,
  );
  const inc = median(incrementals.map((s) => s.syncMs));
  console.log(`full sync (first load)        ${seconds(full.syncMs)}`);
  console.log(`full sync (sweep)             ${seconds(sweep.syncMs)}`);
  console.log(`incremental (median)          ${seconds(inc)}, ${median(incrementals.map((s) => s.requests))} requests`);
  console.log(
    `ratio incremental ÷ full      ${((inc / full.syncMs) * 100).toFixed(1)} %  (target ≤ 5 %); ÷ sweep ${((inc / sweep.syncMs) * 100).toFixed(1)} %`,
  );
  console.log(`changes recorded exactly      ${exact ? "yes" : "NO"}`);
} finally {
  await db.drop();
  await emulator.stop();
}
