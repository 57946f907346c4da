// Throttling at Microsoft's published rates: Graph's resource-unit budget per app+tenant and
// ARM's per-subscription/per-principal read token bucket (performance-notes §1, §2), with a
// time-compression factor so benchmarks see the same shape of throttling in less wall time.

export interface ThrottleOptions {
  /** Enforce the budgets (answer 429 when exhausted); otherwise only report headers. */
  enforce: boolean;
  /** 50 means buckets refill 50× faster than in Azure. */
  timeCompression?: number;
  /** Graph RU per 10 s per app+tenant (8,000 for tenants with more than 500 users). */
  graphBudget?: number;
  armBucket?: number;
  armRefillPerSecond?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export type ThrottleDecision =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; retryAfterSeconds: number; headers: Record<string, string> };

class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly capacity: number,
    private readonly refillPerMs: number,
    private readonly now: () => number,
  ) {}

  take(key: string, cost: number, enforce: boolean): { ok: boolean; remaining: number; waitMs: number } {
    const now = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: this.capacity, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.capacity, b.tokens + (now - b.at) * this.refillPerMs);
    b.at = now;
    if (b.tokens < cost && enforce) {
      return { ok: false, remaining: Math.floor(b.tokens), waitMs: (cost - b.tokens) / this.refillPerMs };
    }
    b.tokens = Math.max(0, b.tokens - cost);
    return { ok: true, remaining: Math.floor(b.tokens), waitMs: 0 };
  }
}

export class Throttle {
  readonly enforce: boolean;
  readonly compression: number;
  private readonly graph: TokenBuckets;
  private readonly arm: TokenBuckets;
  private readonly graphBudget: number;
  private readonly now: () => number;
  private readonly argWindows = new Map<string, { start: number; used: number }>();
  /** Counters for `/_emulator/state`, so a benchmark can report its 429 share. */
  readonly stats = { graphRequests: 0, graphThrottled: 0, graphResourceUnits: 0, armRequests: 0, armThrottled: 0 };

  constructor(options: ThrottleOptions) {
    const now = options.now ?? Date.now;
    this.now = now;
    this.enforce = options.enforce;
    this.compression = options.timeCompression ?? 1;
    this.graphBudget = options.graphBudget ?? 8000;
    this.graph = new TokenBuckets(this.graphBudget, (this.graphBudget / 10_000) * this.compression, now);
    const armBucket = options.armBucket ?? 250;
    this.arm = new TokenBuckets(armBucket, ((options.armRefillPerSecond ?? 25) / 1000) * this.compression, now);
  }

  /**
   * Retry-After is whole seconds, so under time compression it overstates the wait; the precise
   * wait also goes out as `x-ms-retry-after-ms`, which Azure SDK clients honour.
   */
  private retryAfter(waitMs: number) {
    return Math.max(1, Math.ceil(waitMs / 1000));
  }

  /** Charges a Graph request of `cost` RU to the app+tenant pair. */
  chargeGraph(appId: string, tenantId: string, cost: number): ThrottleDecision {
    this.stats.graphRequests++;
    const r = this.graph.take(`${appId}/${tenantId}`, cost, this.enforce);
    const headers: Record<string, string> = { "x-ms-resource-unit": String(cost) };
    const used = 1 - r.remaining / this.graphBudget;
    if (used > 0.8) headers["x-ms-throttle-limit-percentage"] = Math.min(1, used).toFixed(1);
    if (!r.ok) {
      this.stats.graphThrottled++;
      const retryAfterSeconds = this.retryAfter(r.waitMs);
      return {
        ok: false,
        retryAfterSeconds,
        headers: {
          ...headers,
          "Retry-After": String(retryAfterSeconds),
          "x-ms-retry-after-ms": String(Math.ceil(r.waitMs)),
          "x-ms-throttle-scope": `Tenant_Application/ReadWrite/${appId}/${tenantId}`,
          "x-ms-throttle-information": "ResourceUnitLimitExceeded",
          "x-ms-throttle-limit-percentage": "1.0",
        },
      };
    }
    this.stats.graphResourceUnits += cost;
    return { ok: true, headers };
  }

  /**
   * Azure Resource Graph's per-user quota: 15 queries per 5-second window (guidance for throttled
   * requests), reported in `x-ms-user-quota-remaining` / `x-ms-user-quota-resets-after`.
   */
  chargeResourceGraph(principalId: string): ThrottleDecision {
    const now = this.now();
    const windowMs = 5000 / this.compression;
    let w = this.argWindows.get(principalId);
    if (!w || now - w.start >= windowMs) {
      w = { start: now, used: 0 };
      this.argWindows.set(principalId, w);
    }
    const resetsMs = Math.max(0, w.start + windowMs - now);
    const resets = new Date(Math.ceil(resetsMs / 1000) * 1000).toISOString().slice(11, 19);
    if (w.used >= 15 && this.enforce) {
      const retryAfterSeconds = this.retryAfter(resetsMs);
      return {
        ok: false,
        retryAfterSeconds,
        headers: {
          "x-ms-user-quota-remaining": "0",
          "x-ms-user-quota-resets-after": resets,
          "Retry-After": String(retryAfterSeconds),
          "x-ms-retry-after-ms": String(Math.ceil(resetsMs)),
        },
      };
    }
    w.used++;
    return {
      ok: true,
      headers: {
        "x-ms-user-quota-remaining": String(Math.max(0, 15 - w.used)),
        "x-ms-user-quota-resets-after": resets,
      },
    };
  }

  /** Charges one ARM read to the subscription bucket of the principal, or its tenant bucket. */
  chargeArm(principalId: string, subscriptionId: string | undefined): ThrottleDecision {
    this.stats.armRequests++;
    const key = subscriptionId ? `s/${subscriptionId.toLowerCase()}/${principalId}` : `t/${principalId}`;
    const r = this.arm.take(key, 1, this.enforce);
    const header = subscriptionId
      ? "x-ms-ratelimit-remaining-subscription-reads"
      : "x-ms-ratelimit-remaining-tenant-reads";
    if (!r.ok) {
      this.stats.armThrottled++;
      const retryAfterSeconds = this.retryAfter(r.waitMs);
      return {
        ok: false,
        retryAfterSeconds,
        headers: {
          [header]: "0",
          "Retry-After": String(retryAfterSeconds),
          "x-ms-retry-after-ms": String(Math.ceil(r.waitMs)),
        },
      };
    }
    return { ok: true, headers: { [header]: String(r.remaining) } };
  }
}

/**
 * Graph's published cost of a request (throttling-limits: identity and access): base cost by
 * path, −1 with $select, +1 with $expand, −1 with $top below 20, never below 1.
 */
export function graphRequestCost(method: string, path: string, query: URLSearchParams): number {
  const p = path.toLowerCase().replace(/\/+$/, "");
  let cost = 1;
  if (method !== "GET") cost = 1;
  else if (/^\/applications(\/|$|\()/.test(p) && !/\/federatedidentitycredentials/.test(p)) cost = 2;
  else if (/^\/users$/.test(p)) cost = 2;
  else if (/\/approleassignments$/.test(p)) cost = 2;
  else if (/^\/groups\/[^/]+\/members/.test(p)) cost = 3;
  else if (/^\/groups\/[^/]+\/transitivemembers/.test(p)) cost = 5;
  else if (/^\/(me|users\/[^/]+)\/memberof/.test(p)) cost = 2;
  else if (/getbyids$/.test(p)) cost = 5;
  if (query.has("$select")) cost -= 1;
  if (query.has("$expand")) cost += 1;
  const top = Number(query.get("$top"));
  if (query.has("$top") && top < 20) cost -= 1;
  return Math.max(1, cost);
}
