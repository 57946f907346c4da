import { describe, expect, it } from "vitest";
import { syncRunActivity } from "./sync-run-activity";

const now = new Date("2026-12-02T10:00:00Z");
const later = new Date("2026-12-02T10:01:00Z");
const earlier = new Date("2026-12-02T09:59:00Z");

describe("syncRunActivity", () => {
  it("a running run is active while it holds a live lease, stalled once the lease lapsed or passed on", () => {
    const run = { id: "a", status: "running" };
    expect(syncRunActivity(run, { runId: "a", expiresAt: later }, now)).toBe("active");
    expect(syncRunActivity(run, { runId: "a", expiresAt: earlier }, now)).toBe("stalled");
    expect(syncRunActivity(run, { runId: "b", expiresAt: later }, now)).toBe("stalled");
    expect(syncRunActivity(run, null, now)).toBe("stalled");
  });

  it("a committed run is still active while it evaluates under the lease, and has ended once it lets go", () => {
    const run = { id: "a", status: "succeeded" };
    expect(syncRunActivity(run, { runId: "a", expiresAt: later }, now)).toBe("active");
    expect(syncRunActivity(run, null, now)).toBe("ended");
    expect(syncRunActivity({ id: "a", status: "failed" }, { runId: "b", expiresAt: later }, now)).toBe("ended");
  });

  it("takes the stored status at its word when the lease is not known", () => {
    expect(syncRunActivity({ id: "a", status: "running" }, undefined, now)).toBe("active");
    expect(syncRunActivity({ id: "a", status: "succeeded" }, undefined, now)).toBe("ended");
  });
});
