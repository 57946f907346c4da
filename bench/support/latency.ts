// Latency sampling for the API benchmarks: alternate the cases being compared (A/B/A/B…) so load
// from other work on the machine falls on all of them alike, and report percentiles.
import { loadavg } from "node:os";

export interface LatencyStats {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function stats(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? NaN };
}

/**
 * Runs every case `rounds` times, interleaved, after `warmup` untimed rounds; each case's result is
 * checked by `check` on the first round so a benchmark never times a wrong answer.
 */
export async function interleaved<K extends string, R>(
  cases: Record<K, () => Promise<R>>,
  options: { rounds: number; warmup: number; check?: (key: K, result: R) => void },
): Promise<Record<K, LatencyStats>> {
  const keys = Object.keys(cases) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let round = -options.warmup; round < options.rounds; round += 1) {
    for (const key of round % 2 === 0 ? keys : [...keys].reverse()) {
      const started = performance.now();
      const result = await cases[key]();
      const elapsed = performance.now() - started;
      if (round === -options.warmup) options.check?.(key, result);
      if (round >= 0) samples[key].push(elapsed);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, stats(samples[k])])) as Record<K, LatencyStats>;
}

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

export const ms = (n: number) => `${n.toFixed(2)} ms`;
