// When to retry a Graph or ARM call, and how long to wait. Pure, so it is tested exhaustively.
// Facts: Graph and ARM send 429 with Retry-After (seconds, sometimes an HTTP date, sometimes
// nothing at all); 503/504 may carry it; without it, back off exponentially with jitter.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 60_000 };

export type Outcome =
  | { kind: "http"; status: number; retryAfter: string | null }
  | { kind: "network"; error: unknown }
  | { kind: "invalid-body" };

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
  /** True when the server told us to slow down: every request to this API should wait too. */
  throttled: boolean;
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Parses Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value == null || value.trim() === "") return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** "Full jitter" exponential backoff: uniformly random in [0, min(max, base·2^n)], never 0. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(50, Math.round(ceiling * random()));
}

/** `attempt` is the number of the attempt that just failed (1 for the first). */
export function decideRetry(
  outcome: Outcome,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  now = Date.now(),
): RetryDecision {
  if (attempt >= policy.maxAttempts)
    return { retry: false, delayMs: 0, throttled: outcome.kind === "http" && outcome.status === 429 };
  if (outcome.kind === "network" || outcome.kind === "invalid-body") {
    return { retry: true, delayMs: backoffMs(policy, attempt, random), throttled: false };
  }
  if (!RETRYABLE_STATUS.has(outcome.status)) return { retry: false, delayMs: 0, throttled: false };
  const throttled = outcome.status === 429 || (outcome.status === 503 && outcome.retryAfter != null);
  const told = parseRetryAfter(outcome.retryAfter, now);
  // A told delay is honoured exactly (plus a little jitter so paused callers do not return in lockstep).
  const delayMs =
    told != null ? Math.min(told, 5 * 60_000) + Math.round(250 * random()) : backoffMs(policy, attempt, random);
  return { retry: true, delayMs, throttled };
}
