// Benchmark: the full sync with the emulator enforcing Microsoft's published limits, against the
// least time those limits allow and against the same sync unthrottled, in the same run.
//   npx tsx bench/sync-throttle.ts [--size 100000] [--db sqlite|postgresql] [--compression 1]
// Limits (emulator/throttle.ts, performance-notes §1–2): Graph 8,000 resource units per 10 s per
// app and tenant; ARM reads 250 per bucket refilled at 25/s, per subscription (and one bucket for
// tenant-level reads); Resource Graph 15 queries per 5 s. `--compression N` runs the buckets N×
// faster (1 = Azure's own pace). The least time the limits allow is the longest any one bucket
// needs for what the sync asked of it; the sync cannot beat its unthrottled time either, so the
// bound it is measured against is the larger of the two.
// Targets (issue 4): throttled ≤ 1.25 × that bound, no lost objects, < 2 % of calls answered 429.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { TracedRequest } from "./sync-child";
import {
  arg,
  child,
  freshDatabase,
  getJson,
  load,
  scratch,
  seconds,
  startEmulator,
  type DatabaseKind,
  type SyncMeasurement,
} from "./sync-lib";

const size = Number(arg("size", "100000"));
const kind = arg("db", "sqlite") as DatabaseKind;
const compression = Number(arg("compression", "1"));

interface ThrottleStats {
  graphRequests: number;
  graphThrottled: number;
  graphResourceUnits: number;
  armRequests: number;
  armThrottled: number;
}

async function run(faults: string | undefined, name: string) {
  const emulator = await startEmulator(size, faults);
  const db = await freshDatabase(kind, `throttle-${name}`);
  const trace = join(scratch, `trace-throttle-${name}.jsonl`);
  try {
    const before = load();
    const s = await child<SyncMeasurement>(["sync", "--mode", "full", "--trace", trace], {
      ...emulator.env,
      DATABASE_URL: db.url,
    });
    if (s.status !== "succeeded") throw new Error(`the ${name} sync failed: ${s.error}`);
    const state = await getJson(
      `${emulator.env.STEWARD_GRAPH_URL}/_emulator/state`,
      readFileSync(emulator.env.NODE_EXTRA_CA_CERTS!, "utf8"),
    );
    console.log(
      `  ${name}: ${seconds(s.syncMs)}, ${s.requests} requests, ${s.throttled} answered 429; load ${before} → ${load()}`,
    );
    const requests = readFileSync(trace, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as TracedRequest);
    return { s, stats: (state.throttle as { stats: ThrottleStats } | null)?.stats, requests };
  } finally {
    await db.drop();
    await emulator.stop();
  }
}

/** The least time each bucket needs for the calls that succeeded (a bucket starts full). */
function floors(requests: TracedRequest[], graphResourceUnits: number) {
  const ok = requests.filter((r) => r.status < 400);
  const graph = Math.max(0, graphResourceUnits - 8000) / (800 * compression);
  const armBuckets = new Map<string, number>();
  let resourceGraph = 0;
  for (const r of ok) {
    if (r.api !== "arm") continue;
    if (r.url.includes("/providers/Microsoft.ResourceGraph/")) {
      resourceGraph++;
      continue;
    }
    const sub = /\/subscriptions\/([^/?]+)/i.exec(new URL(r.url).pathname)?.[1]?.toLowerCase() ?? "tenant";
    armBuckets.set(sub, (armBuckets.get(sub) ?? 0) + 1);
  }
  const busiest = Math.max(0, ...armBuckets.values());
  const arm = Math.max(0, busiest - 250) / (25 * compression);
  const argQueries = Math.max(0, Math.ceil(resourceGraph / 15) - 1) * (5 / compression);
  return { graph, arm, resourceGraph: argQueries, busiest, resourceGraphQueries: resourceGraph };
}

console.log(
  `Full sync of ${size.toLocaleString("en-US")} service principals into ${kind}, unthrottled and at Microsoft's published limits (time compression ${compression}×)`,
);
const free = await run(undefined, "unthrottled");
const limited = await run(`throttle:${compression}`, "throttled");
const stats = limited.stats!;
const f = floors(limited.requests, stats.graphResourceUnits);
const floor = Math.max(f.graph, f.arm, f.resourceGraph) * 1000;
const bound = Math.max(floor, free.s.syncMs);
// Calls as the services count them: every Graph request and $batch step, ARM read and Resource Graph query.
const resourceGraphCalls = limited.requests.filter((r) => r.url.includes("/providers/Microsoft.ResourceGraph/"));
const throttledCalls =
  stats.graphThrottled + stats.armThrottled + resourceGraphCalls.filter((r) => r.status === 429).length;
const calls = stats.graphRequests + stats.armRequests + resourceGraphCalls.length;
const lost = Object.entries(free.s.counts)
  .filter(([name, c]) => (c.added ?? 0) !== (limited.s.counts[name]?.added ?? 0))
  .map(([name, c]) => `${name}: ${c.added ?? 0} vs ${limited.s.counts[name]?.added ?? 0}`);
console.log(
  `Graph resource units charged     ${stats.graphResourceUnits.toLocaleString("en-US")} → needs ${seconds(f.graph * 1000)} beyond the first 8,000`,
);
console.log(`busiest ARM bucket               ${f.busiest} reads → needs ${seconds(f.arm * 1000)} beyond its 250`);
console.log(`Resource Graph queries           ${f.resourceGraphQueries} → needs ${seconds(f.resourceGraph * 1000)}`);
console.log(`least time the limits allow      ${seconds(floor)}`);
console.log(`unthrottled sync (same run)      ${seconds(free.s.syncMs)}`);
console.log(`throttled sync                   ${seconds(limited.s.syncMs)}`);
console.log(`ratio to max(limits, unthrottled) ${(limited.s.syncMs / bound).toFixed(2)}  (target ≤ 1.25)`);
console.log(
  `calls answered 429               ${throttledCalls} of ${calls} (${((throttledCalls / calls) * 100).toFixed(2)} %, target < 2 %)`,
);
console.log(
  `objects lost                     ${lost.length === 0 ? "none (same counts as unthrottled)" : lost.join("; ")}`,
);
