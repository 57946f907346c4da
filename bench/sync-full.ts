// Benchmark: a full sync of the emulated tenant against merely downloading the same pages, in the
// same run; the sync's peak memory; requests per 1,000 service principals.
//   npx tsx bench/sync-full.ts [--size 100000] [--db sqlite|postgresql] [--reps 2] [--compare-size 10000]
// Each measurement runs in its own process (bench/sync-child.ts), alternating sync and download,
// against an emulator in a third process. A sync starts from an empty, migrated database.
// Targets (issue 4): sync ≤ 3× download; peak memory of the sync < 512 MiB; with --compare-size,
// peak memory at --size ÷ peak at --compare-size ≤ 1.5.
import { join } from "node:path";
import {
  arg,
  child,
  freshDatabase,
  load,
  median,
  mib,
  scratch,
  seconds,
  startEmulator,
  type DatabaseKind,
  type DownloadMeasurement,
  type SyncMeasurement,
} from "./sync-lib";

const size = Number(arg("size", "100000"));
const kind = arg("db", "sqlite") as DatabaseKind;
const reps = Number(arg("reps", "2"));
const compareSize = process.argv.includes("--compare-size") ? Number(arg("compare-size", "10000")) : null;

async function measure(n: number, repetitions: number) {
  const emulator = await startEmulator(n);
  const trace = join(scratch, `trace-${n}.jsonl`);
  const syncs: SyncMeasurement[] = [];
  const downloads: DownloadMeasurement[] = [];
  try {
    for (let i = 0; i < repetitions; i++) {
      const db = await freshDatabase(kind, `full-${n}`);
      const before = load();
      const s = await child<SyncMeasurement>(["sync", "--mode", "full", "--trace", trace], {
        ...emulator.env,
        DATABASE_URL: db.url,
      });
      await db.drop();
      if (s.status !== "succeeded") throw new Error(`the sync failed: ${s.error}`);
      const d = await child<DownloadMeasurement>(["download", "--trace", trace], { ...emulator.env });
      console.log(
        `  rep ${i + 1}: sync ${seconds(s.syncMs)} (then evaluation ${seconds(s.evaluationMs)}), download ${seconds(d.ms)}, ratio ${(s.syncMs / d.ms).toFixed(2)}; load ${before} → ${load()}`,
      );
      console.log(
        `         phases (start, peak memory): ${s.phases.map((p) => `${p.phase} @${seconds(p.atMs)} ≤${mib(p.maxRss)}`).join(" | ")}`,
      );
      syncs.push(s);
      downloads.push(d);
    }
  } finally {
    await emulator.stop();
  }
  return { syncs, downloads };
}

console.log(
  `Full sync of a ${size.toLocaleString("en-US")}-service-principal tenant into ${kind}, ${reps} repetitions`,
);
const { syncs, downloads } = await measure(size, reps);
const last = syncs.at(-1)!;
const sync = median(syncs.map((s) => s.syncMs));
const download = median(downloads.map((d) => d.ms));
const peakSync = Math.max(...syncs.map((s) => s.peakRssSync));
const peakTotal = Math.max(...syncs.map((s) => s.peakRssTotal));
const sps = last.counts.servicePrincipals?.fetched ?? size;
console.log(`sync to commit (median)      ${seconds(sync)}`);
console.log(
  `download baseline (median)   ${seconds(download)}  (${downloads.at(-1)!.requests} requests, ${mib(downloads.at(-1)!.bytes)})`,
);
console.log(`ratio sync ÷ download        ${(sync / download).toFixed(2)}  (target ≤ 3)`);
console.log(
  `evaluation after the commit  ${seconds(median(syncs.map((s) => s.evaluationMs)))}  (not the sync's; reported)`,
);
console.log(`peak RSS, sync phases        ${mib(peakSync)}  (target < 512 MiB)`);
console.log(`peak RSS, whole command      ${mib(peakTotal)}  (with the evaluation)`);
console.log(
  `requests                     ${last.requests}, ${((last.requests / sps) * 1000).toFixed(0)} per 1,000 service principals (${last.retries} retries, ${last.throttled} throttled)`,
);
if (compareSize) {
  console.log(`Memory at ${compareSize.toLocaleString("en-US")} service principals, for the ratio`);
  const small = await measure(compareSize, 1);
  const peakSmall = small.syncs[0]!.peakRssSync;
  console.log(`peak RSS, sync phases        ${mib(peakSmall)} at ${compareSize}`);
  console.log(`RSS(${size}) ÷ RSS(${compareSize})      ${(peakSync / peakSmall).toFixed(2)}  (target ≤ 1.5)`);
}
