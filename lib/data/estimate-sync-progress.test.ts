import { describe, expect, it } from "vitest";
import { estimateSyncProgress, PHASE_BANDS, type SyncProgressInput } from "./estimate-sync-progress";

const previous = {
  durationMs: 100_000,
  counts: {
    servicePrincipals: { fetched: 1_000 },
    roleAssignments: { fetched: 3_000 },
    users: { fetched: 50 },
    transitiveMemberships: { fetched: 0, added: 10 },
  },
};

describe("estimateSyncProgress", () => {
  it("has nothing to say about a first run", () => {
    expect(estimateSyncProgress({ phase: "reading Entra ID", counts: {}, elapsedMs: 5_000, previous: null })).toBeNull();
    expect(
      estimateSyncProgress({ phase: "applying", counts: {}, elapsedMs: 5_000, previous: { counts: {}, durationMs: 0 } }),
    ).toBeNull();
  });

  it("places reading by objects read against the previous run, inside the reading band", () => {
    const [from, to] = PHASE_BANDS["reading Entra ID"]!;
    const half = estimateSyncProgress({
      phase: "reading Entra ID",
      counts: { servicePrincipals: { fetched: 1_000 }, roleAssignments: { fetched: 1_000 } },
      elapsedMs: 1,
      previous,
    });
    expect(half?.previousFetched).toBe(4_000); // users belong to the next phase
    expect(half?.fraction).toBeCloseTo(from + (to - from) * 0.5);
  });

  it("caps each collection at what the previous run read, so a grown tenant does not overshoot", () => {
    const [, to] = PHASE_BANDS["reading Entra ID"]!;
    const grown = estimateSyncProgress({
      phase: "reading Entra ID",
      counts: { servicePrincipals: { fetched: 9_000 }, roleAssignments: { fetched: 0 } },
      elapsedMs: 1,
      previous,
    });
    expect(grown!.fraction).toBeLessThan(to);
    expect(grown!.fraction).toBeCloseTo(PHASE_BANDS["reading Entra ID"]![0] + (to - 0.02) * 0.25);
  });

  it("moves through the phases that read nothing by time, within their bands", () => {
    const applying = PHASE_BANDS.applying!;
    expect(estimateSyncProgress({ phase: "applying", counts: {}, elapsedMs: 10_000, previous })!.fraction).toBe(
      applying[0],
    );
    expect(estimateSyncProgress({ phase: "applying", counts: {}, elapsedMs: 70_000, previous })!.fraction).toBeCloseTo(
      0.7,
    );
    expect(estimateSyncProgress({ phase: "applying", counts: {}, elapsedMs: 99_000, previous })!.fraction).toBe(
      applying[1],
    );
  });

  it("never moves backwards from one phase to the next, and never reaches 100 % while running", () => {
    const steps: Omit<SyncProgressInput, "previous">[] = [
      { phase: "starting", counts: {}, elapsedMs: 0 },
      { phase: "reading Entra ID", counts: { servicePrincipals: { fetched: 10 } }, elapsedMs: 5_000 },
      {
        phase: "reading Entra ID",
        counts: { servicePrincipals: { fetched: 1_000 }, roleAssignments: { fetched: 3_000 } },
        elapsedMs: 90_000,
      },
      { phase: "reading users", counts: { users: { fetched: 10 } }, elapsedMs: 91_000 },
      { phase: "applying", counts: {}, elapsedMs: 92_000 },
      { phase: "evaluating", counts: {}, elapsedMs: 500_000 },
    ];
    const fractions = steps.map((s) => estimateSyncProgress({ ...s, previous })!.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);
    expect(fractions.at(-1)).toBeLessThan(1);
  });

  it("falls back to elapsed time for a phase it does not know", () => {
    expect(
      estimateSyncProgress({ phase: "reconciling", counts: {}, elapsedMs: 25_000, previous })!.fraction,
    ).toBeCloseTo(0.25);
  });
});
