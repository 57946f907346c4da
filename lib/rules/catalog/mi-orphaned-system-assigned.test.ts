import { describe, expect, it } from "vitest";
import { createHostFor, createId, createManagedIdentity, createSubscription } from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { miOrphanedSystemAssigned as rule } from "./mi-orphaned-system-assigned";

describe("mi-orphaned-system-assigned", () => {
  it("fires (medium) when the host is gone from a fully enumerated subscription", () => {
    const mi = createManagedIdentity({ kind: "SystemAssigned" });
    const results = runRule(rule, { servicePrincipals: [mi] });
    expect(results).toEqual([
      expect.objectContaining({ subjectId: mi.id, subjectKind: "SystemAssigned", severity: "medium" }),
    ]);
    expect(results[0]?.evidence).toMatchObject({ hostResourceId: mi.miResourceId, reason: "host-not-found" });
  });

  it("fires when the host now carries a different identity", () => {
    const mi = createManagedIdentity({ kind: "SystemAssigned" });
    const host = createHostFor(mi, { principalId: createId() });
    const results = runRule(rule, { servicePrincipals: [mi], resources: [host] });
    expect(results[0]?.evidence).toMatchObject({
      reason: "host-has-another-identity",
      hostPrincipalId: host.principalId,
    });
  });

  it("does not fire while the host exists, whatever the casing of its id", () => {
    const mi = createManagedIdentity({ kind: "SystemAssigned" });
    const host = createHostFor(mi, { id: (mi.miResourceId ?? "").toUpperCase(), principalId: mi.id.toUpperCase() });
    expect(runRule(rule, { servicePrincipals: [mi], resources: [host] })).toEqual([]);
  });

  it("does not judge subscriptions that were not enumerated completely, or are unknown", () => {
    const mi = createManagedIdentity({ kind: "SystemAssigned" });
    expect(
      runRule(rule, { servicePrincipals: [mi], subscriptions: [createSubscription({ resourcesEnumeratedAt: null })] }),
    ).toEqual([]);
    expect(runRule(rule, { servicePrincipals: [mi], subscriptions: [] })).toEqual([]);
  });

  it("ignores user-assigned identities", () => {
    expect(runRule(rule, { servicePrincipals: [createManagedIdentity({ kind: "UserAssigned" })] })).toEqual([]);
  });
});
