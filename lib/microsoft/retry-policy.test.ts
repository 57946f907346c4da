import { describe, expect, it } from "vitest";
import { backoffMs, decideRetry, defaultRetryPolicy, parseRetryAfter } from "./retry-policy";

const policy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8000 };
const always1 = () => 1;

describe("Retry-After", () => {
  it("reads delta-seconds, including fractions", () => {
    expect(parseRetryAfter("10")).toBe(10_000);
    expect(parseRetryAfter("0.5")).toBe(500);
  });
  it("reads an HTTP date relative to now", () => {
    const now = Date.parse("Sun, 22 Nov 2026 10:00:00 GMT");
    expect(parseRetryAfter("Sun, 22 Nov 2026 10:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfter("Sun, 22 Nov 2026 09:00:00 GMT", now)).toBe(0);
  });
  it("is null when absent, empty or unreadable (AzureHound aborted on an empty one)", () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("")).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
  });
});

describe("retry decisions", () => {
  it("honours Retry-After on 429 and asks every caller to pause", () => {
    const d = decideRetry({ kind: "http", status: 429, retryAfter: "3" }, 1, policy, () => 0);
    expect(d).toEqual({ retry: true, delayMs: 3000, throttled: true });
  });

  it("backs off exponentially on 429 without Retry-After, capped", () => {
    const delays = [1, 2, 3, 4].map(
      (n) =>
        decideRetry({ kind: "http", status: 429, retryAfter: null }, n, { ...policy, maxAttempts: 10 }, always1)
          .delayMs,
    );
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(policy, 10, always1)).toBe(8000);
  });

  it("spreads backoff with jitter and never waits zero", () => {
    expect(backoffMs(policy, 3, () => 0.5)).toBe(1000);
    expect(backoffMs(policy, 1, () => 0)).toBe(50);
  });

  it("retries 5xx, timeouts, network errors and broken bodies", () => {
    for (const status of [408, 500, 502, 503, 504]) {
      expect(decideRetry({ kind: "http", status, retryAfter: null }, 1, policy, always1).retry).toBe(true);
    }
    expect(decideRetry({ kind: "network", error: new Error("ECONNRESET") }, 1, policy, always1).retry).toBe(true);
    expect(decideRetry({ kind: "invalid-body" }, 1, policy, always1).retry).toBe(true);
  });

  it("treats 503 with Retry-After as throttling, without it as a plain failure", () => {
    expect(decideRetry({ kind: "http", status: 503, retryAfter: "2" }, 1, policy, always1).throttled).toBe(true);
    expect(decideRetry({ kind: "http", status: 503, retryAfter: null }, 1, policy, always1).throttled).toBe(false);
  });

  it("never retries client errors", () => {
    for (const status of [400, 401, 403, 404, 409, 410]) {
      expect(decideRetry({ kind: "http", status, retryAfter: "1" }, 1, policy, always1).retry).toBe(false);
    }
  });

  it("gives up after the last attempt", () => {
    expect(decideRetry({ kind: "http", status: 429, retryAfter: "1" }, 5, policy, always1).retry).toBe(false);
    expect(decideRetry({ kind: "http", status: 500, retryAfter: null }, 4, policy, always1).retry).toBe(true);
  });

  it("has defaults that survive a long storm", () => {
    expect(defaultRetryPolicy.maxAttempts).toBeGreaterThanOrEqual(6);
  });
});
