import { describe, expect, it } from "vitest";
import {
  auditHash,
  canonicalJson,
  dueDateFor,
  nextStatus,
  NO_LONGER_DETECTED,
  type AuditEntryContent,
  type StoredFindingState,
} from "./finding-lifecycle";

const now = new Date("2026-11-22T10:00:00.000Z");
const state = (over: Partial<StoredFindingState>): StoredFindingState => ({
  status: "open",
  resolvedReason: null,
  acceptedUntil: null,
  ...over,
});

describe("dueDateFor", () => {
  it("follows the severity SLA: 7, 30, 90, 180 days, none for info", () => {
    const days = (d: Date | null) => (d === null ? null : (d.getTime() - now.getTime()) / 86_400_000);
    expect(days(dueDateFor("critical", now))).toBe(7);
    expect(days(dueDateFor("high", now))).toBe(30);
    expect(days(dueDateFor("medium", now))).toBe(90);
    expect(days(dueDateFor("low", now))).toBe(180);
    expect(dueDateFor("info", now)).toBeNull();
  });
});

describe("nextStatus", () => {
  it("resolves open and in-progress findings that are no longer detected", () => {
    for (const status of ["open", "in_progress"] as const) {
      expect(nextStatus(state({ status }), false, now)).toEqual({
        action: "finding.auto_resolved",
        status: "resolved",
        resolvedReason: NO_LONGER_DETECTED,
        resolvedAt: now,
        clearAcceptance: false,
      });
      expect(nextStatus(state({ status }), true, now)).toBeNull();
    }
  });

  it("reopens a finding the system resolved when it comes back, not one a person resolved", () => {
    expect(nextStatus(state({ status: "resolved", resolvedReason: NO_LONGER_DETECTED }), true, now)).toMatchObject({
      action: "finding.reopened",
      status: "open",
      resolvedAt: null,
      resolvedReason: null,
    });
    expect(nextStatus(state({ status: "resolved", resolvedReason: NO_LONGER_DETECTED }), false, now)).toBeNull();
    expect(nextStatus(state({ status: "resolved", resolvedReason: "manual" }), true, now)).toBeNull();
  });

  it("reopens an expired acceptance when still detected, resolves it when not, keeps one in force", () => {
    const expired = state({ status: "risk_accepted", acceptedUntil: new Date(now.getTime() - 1) });
    expect(nextStatus(expired, true, now)).toMatchObject({
      action: "finding.acceptance_expired",
      status: "open",
      clearAcceptance: true,
    });
    expect(nextStatus(expired, false, now)).toMatchObject({
      action: "finding.acceptance_expired",
      status: "resolved",
      resolvedReason: NO_LONGER_DETECTED,
      clearAcceptance: true,
    });
    const inForce = state({ status: "risk_accepted", acceptedUntil: new Date(now.getTime() + 60_000) });
    expect(nextStatus(inForce, true, now)).toBeNull();
    expect(nextStatus(inForce, false, now)).toBeNull();
    expect(nextStatus(state({ status: "risk_accepted", acceptedUntil: null }), false, now)).toBeNull();
  });

  it("leaves false positives alone", () => {
    expect(nextStatus(state({ status: "false_positive" }), true, now)).toBeNull();
    expect(nextStatus(state({ status: "false_positive" }), false, now)).toBeNull();
  });
});

describe("audit hash chain", () => {
  const entry: AuditEntryContent = {
    tenantId: "t",
    at: now,
    actorId: "system",
    actorName: null,
    action: "finding.auto_resolved",
    entityType: "finding",
    entityId: "f1",
    before: { status: "open", b: 1 },
    after: { status: "resolved" },
    requestId: "run-1",
  };

  it("canonical JSON sorts keys at every level", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("does not depend on key order but on every field and on the previous hash", () => {
    const h = auditHash(entry, null);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash({ ...entry, before: { b: 1, status: "open" } }, null)).toBe(h);
    expect(auditHash({ ...entry, after: { status: "open" } }, null)).not.toBe(h);
    expect(auditHash(entry, h)).not.toBe(h);
    expect(auditHash(entry, "0".repeat(64))).not.toBe(auditHash(entry, h));
  });
});
