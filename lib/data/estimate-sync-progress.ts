// How far a running sync is, estimated from the previous successful run of the same mode: while
// reading, by the objects read against what that run read; in the phases that read nothing
// (applying, evaluating), by the time elapsed against that run's duration. Each phase keeps to its
// own band, so the estimate never moves backwards. Pure, so it is tested without a clock.
import type { SyncCollectionCounts } from "../schemas/sync-run";

/** Share of a run spent before the end of each phase, roughly as measured at 10k–100k (README). */
export const PHASE_BANDS: Readonly<Record<string, readonly [number, number]>> = {
  starting: [0, 0.02],
  "reading Entra ID": [0.02, 0.6],
  "reading users": [0.6, 0.65],
  applying: [0.65, 0.75],
  evaluating: [0.75, 0.99],
};

/** Collections read by the "reading users" phase; everything else is read before it. */
const USER_COLLECTIONS = new Set(["users"]);
const MAX_WHILE_ACTIVE = 0.99;

export interface SyncProgressInput {
  phase: string;
  counts: Readonly<Record<string, SyncCollectionCounts>>;
  elapsedMs: number;
  previous: { counts: Readonly<Record<string, SyncCollectionCounts>>; durationMs: number } | null;
}

export interface SyncProgressResult {
  fraction: number;
  /** Objects the previous run read in the collections the current phase reads (0 outside reading). */
  previousFetched: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Read so far against the previous run, per collection capped at what that run read. */
function readFraction(
  counts: SyncProgressInput["counts"],
  previous: SyncProgressInput["counts"],
  include: (collection: string) => boolean,
): { fraction: number; total: number } {
  let done = 0;
  let total = 0;
  for (const [collection, before] of Object.entries(previous)) {
    if (!include(collection) || !(before.fetched > 0)) continue;
    total += before.fetched;
    done += Math.min(counts[collection]?.fetched ?? 0, before.fetched);
  }
  return { fraction: total === 0 ? 0 : done / total, total };
}

/** null when there is nothing to estimate from (a first run, or a previous run without a duration). */
export function estimateSyncProgress(input: SyncProgressInput): SyncProgressResult | null {
  const { previous } = input;
  if (!previous || !(previous.durationMs > 0)) return null;
  const timeFraction = clamp(input.elapsedMs / previous.durationMs, 0, MAX_WHILE_ACTIVE);
  const band = PHASE_BANDS[input.phase];
  // A phase this build does not know: time alone is the honest estimate.
  if (!band) return { fraction: timeFraction, previousFetched: 0 };
  const [from, to] = band;
  const within = (f: number) => from + (to - from) * clamp(f, 0, 1);

  if (input.phase === "reading Entra ID" || input.phase === "reading users") {
    const reading = readFraction(
      input.counts,
      previous.counts,
      input.phase === "reading users" ? (c) => USER_COLLECTIONS.has(c) : (c) => !USER_COLLECTIONS.has(c),
    );
    if (reading.total > 0) return { fraction: within(reading.fraction), previousFetched: reading.total };
  }
  return { fraction: clamp(timeFraction, from, to), previousFetched: 0 };
}
