// Fault injection: a small SPEC grammar (see `parseFaultSpec`), a per-request header and a queue
// filled by the control endpoint. Random draws come from the emulator's seed, so a run with the
// same requests in the same order meets the same faults.
import { createRng, deriveSeed, type Rng } from "./tenant/random";

export const FAULT_HEADER = "x-emulator-fault";
/** Set by the server on a request whose plan says "this delta token has expired". */
export const DELTA_EXPIRED_MARK = "x-emulator-delta-expired";

export interface FaultPlan {
  status?: 429 | 500 | 503;
  /** Seconds for Retry-After on a 429; null = send the 429 without Retry-After. */
  retryAfter?: number | null;
  reset?: boolean;
  truncate?: boolean;
  delayMs?: number;
  deltaExpired?: boolean;
}

export interface FaultSpec {
  rate429: number;
  retryAfterSeconds: number;
  rate429NoRetry: number;
  rate500: number;
  rate503: number;
  rateReset: number;
  rateTruncate: number;
  rateSlow: number;
  slowMs: number;
  rateDeltaExpired: number;
  /** Throttle mode: enforce Graph RU and ARM bucket budgets; the value is the time-compression factor. */
  throttle: number | null;
}

export const FAULT_SPEC_HELP = [
  "Fault SPEC: comma-separated items, each KIND[:RATE][:ARG]; RATE is a probability 0..1.",
  "  429:RATE[:Ns]        429 TooManyRequests with Retry-After (default 1s)",
  "  429-noretry:RATE     429 without Retry-After",
  "  500:RATE  503:RATE   server errors in Graph's or ARM's error shape",
  "  reset:RATE           connection reset before any byte is sent",
  "  truncate:RATE        body cut in half, then the connection is closed",
  "  slow:DURATION        every response delayed (200ms, 1s); slow:RATE:DURATION for a share",
  "  delta-expired:RATE   delta tokens refused with 400 syncStateNotFound",
  "  throttle[:FACTOR]    enforce Graph's 8,000 RU/10 s and ARM's 250/25 per s buckets, FACTOR× faster",
  "Example: --faults 429:0.05,reset:0.01,slow:200ms,truncate:0.01",
  `Per request: header '${FAULT_HEADER}: 429|429-noretry|500|503|reset|truncate|slow=500ms|delta-expired'`,
  '(comma-separated). Control endpoints (never faulted): POST /_emulator/faults {"spec":"…"} or',
  '{"next":["429","reset"]} (one fault per following request; {"clear":true} drops the queue),',
  "POST /_emulator/delta/expire.",
].join("\n");

export class FaultSpecError extends Error {}

const EMPTY: FaultSpec = {
  rate429: 0,
  retryAfterSeconds: 1,
  rate429NoRetry: 0,
  rate500: 0,
  rate503: 0,
  rateReset: 0,
  rateTruncate: 0,
  rateSlow: 0,
  slowMs: 0,
  rateDeltaExpired: 0,
  throttle: null,
};

function duration(raw: string, item: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(raw.trim());
  if (!m) throw new FaultSpecError(`'${item}': '${raw}' is not a duration like 200ms or 2s`);
  return Math.round(Number(m[1]) * (m[2] === "s" ? 1000 : 1));
}

function rate(raw: string | undefined, item: string): number {
  if (raw === undefined) throw new FaultSpecError(`'${item}' needs a rate, e.g. ${item}:0.05`);
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new FaultSpecError(`'${item}': rate must be between 0 and 1`);
  return n;
}

export function parseFaultSpec(spec: string | undefined): FaultSpec {
  const out: FaultSpec = { ...EMPTY };
  if (!spec || !spec.trim()) return out;
  for (const item of spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [kind, a, b] = item.split(":");
    switch ((kind ?? "").toLowerCase()) {
      case "429":
        out.rate429 = rate(a, item);
        if (b !== undefined) out.retryAfterSeconds = Math.max(0, Math.round(duration(b, item) / 1000));
        break;
      case "429-noretry":
        out.rate429NoRetry = rate(a, item);
        break;
      case "500":
        out.rate500 = rate(a, item);
        break;
      case "503":
        out.rate503 = rate(a, item);
        break;
      case "reset":
        out.rateReset = rate(a, item);
        break;
      case "truncate":
        out.rateTruncate = rate(a, item);
        break;
      case "slow":
        if (b !== undefined) {
          out.rateSlow = rate(a, item);
          out.slowMs = duration(b, item);
        } else {
          if (a === undefined) throw new FaultSpecError(`'${item}' needs a duration, e.g. slow:200ms`);
          out.rateSlow = 1;
          out.slowMs = duration(a, item);
        }
        break;
      case "delta-expired":
        out.rateDeltaExpired = rate(a, item);
        break;
      case "throttle": {
        const f = a === undefined ? 1 : Number(a.replace(/x$/i, ""));
        if (!Number.isFinite(f) || f <= 0)
          throw new FaultSpecError(`'${item}': the time-compression factor must be a positive number`);
        out.throttle = f;
        break;
      }
      default:
        throw new FaultSpecError(`unknown fault '${kind}' in '${item}'`);
    }
  }
  return out;
}

export function parseFaultHeader(value: string | undefined): FaultPlan | null {
  if (!value) return null;
  const plan: FaultPlan = {};
  for (const part of value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    if (part === "429") {
      plan.status = 429;
      plan.retryAfter = 1;
    } else if (/^429;retry-after=\d+$/.test(part)) {
      plan.status = 429;
      plan.retryAfter = Number(part.split("=")[1]);
    } else if (part === "429-noretry") {
      plan.status = 429;
      plan.retryAfter = null;
    } else if (part === "500" || part === "503") plan.status = Number(part) as 500 | 503;
    else if (part === "reset") plan.reset = true;
    else if (part === "truncate") plan.truncate = true;
    else if (part === "delta-expired") plan.deltaExpired = true;
    else if (part.startsWith("slow"))
      plan.delayMs = part.includes("=") ? duration(part.split("=")[1] ?? "", part) : 1000;
    else throw new FaultSpecError(`unknown fault '${part}' in ${FAULT_HEADER}`);
  }
  return plan;
}

export class FaultInjector {
  spec: FaultSpec;
  private rng: Rng;
  private readonly queue: FaultPlan[] = [];
  readonly stats = { requests: 0, injected: 0 };

  constructor(spec: string | FaultSpec | undefined, seed: number) {
    this.spec = typeof spec === "object" ? spec : parseFaultSpec(spec);
    this.rng = createRng(deriveSeed(seed, "faults"));
  }

  setSpec(spec: string, seed?: number) {
    this.spec = parseFaultSpec(spec);
    if (seed !== undefined) this.rng = createRng(deriveSeed(seed, "faults"));
  }

  enqueue(plans: FaultPlan[]) {
    this.queue.push(...plans);
  }

  /** Drops queued faults a previous test did not use up. */
  clearQueue() {
    this.queue.length = 0;
  }

  get queued() {
    return this.queue.length;
  }

  /** The faults for one request: header first, then the queue, then the random SPEC draws. */
  plan(headers: Record<string, string | undefined>): FaultPlan {
    this.stats.requests++;
    const fromHeader = parseFaultHeader(headers[FAULT_HEADER]);
    const plan = fromHeader ?? this.queue.shift() ?? this.draw();
    if (plan.status || plan.reset || plan.truncate || plan.delayMs || plan.deltaExpired) this.stats.injected++;
    return plan;
  }

  private draw(): FaultPlan {
    const s = this.spec;
    const plan: FaultPlan = {};
    // Always draw every kind so the sequence of outcomes does not depend on earlier ones.
    const r = {
      reset: this.rng.next(),
      r429: this.rng.next(),
      r429n: this.rng.next(),
      r500: this.rng.next(),
      r503: this.rng.next(),
      trunc: this.rng.next(),
      slow: this.rng.next(),
      delta: this.rng.next(),
    };
    if (r.reset < s.rateReset) plan.reset = true;
    else if (r.r429 < s.rate429) {
      plan.status = 429;
      plan.retryAfter = s.retryAfterSeconds;
    } else if (r.r429n < s.rate429NoRetry) {
      plan.status = 429;
      plan.retryAfter = null;
    } else if (r.r500 < s.rate500) plan.status = 500;
    else if (r.r503 < s.rate503) plan.status = 503;
    else if (r.trunc < s.rateTruncate) plan.truncate = true;
    if (r.slow < s.rateSlow) plan.delayMs = s.slowMs;
    if (r.delta < s.rateDeltaExpired) plan.deltaExpired = true;
    return plan;
  }
}
