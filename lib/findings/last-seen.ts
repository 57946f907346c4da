// A finding the latest evaluation detected is not rewritten by each evaluation: its stored
// `lastSeenAt` is this far-future instant, read as the tenant's `findingsEvaluatedAt`. Only
// findings that stop being detected, or come back, are written (docs/decisions/009). The instant
// sorts after every real one, so the queue's (tenantId, lastSeenAt, id) index still orders by the
// value shown.

/** Stored in `Finding.lastSeenAt` while the tenant's latest evaluation detects the finding. */
export const SEEN_BY_LATEST_EVALUATION = new Date(Date.UTC(9999, 11, 31));

/**
 * When a finding was last detected: the stored instant, or the latest evaluation's time for one
 * still detected. Without an evaluation time (a database that never recorded one) the stored
 * instant is returned as it is.
 */
export function lastSeenOf(stored: Date, evaluatedAt: Date | null | undefined): Date {
  return stored.getTime() === SEEN_BY_LATEST_EVALUATION.getTime() && evaluatedAt ? evaluatedAt : stored;
}
