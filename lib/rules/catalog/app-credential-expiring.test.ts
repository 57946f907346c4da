import { describe, expect, it } from "vitest";
import {
  createAppWithPrincipal,
  createCredential,
  createManagedIdentity,
  daysAfter,
  daysBefore,
  TEST_NOW,
} from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { appCredentialExpiring as rule } from "./app-credential-expiring";

function expiringIn(endDateTime: Date, kind: "password" | "certificate" = "password") {
  const { application, principal } = createAppWithPrincipal();
  const credential = createCredential({ ownerId: application.id, kind, startDateTime: daysBefore(300), endDateTime });
  return {
    principal,
    credential,
    results: runRule(rule, { applications: [application], servicePrincipals: [principal], credentials: [credential] }),
  };
}

describe("app-credential-expiring", () => {
  it("fires (medium) per credential expiring within 30 days, keyed by keyId", () => {
    const { principal, credential, results } = expiringIn(daysAfter(10), "certificate");
    expect(results).toEqual([
      expect.objectContaining({ subjectId: principal.id, target: credential.keyId, severity: "medium" }),
    ]);
    expect(results[0]?.evidence).toMatchObject({
      expired: false,
      credential: expect.objectContaining({ daysLeft: 10 }),
    });
  });

  it("fires for an expired credential still present", () => {
    const { results } = expiringIn(daysBefore(5));
    expect(results[0]?.evidence).toMatchObject({
      expired: true,
      credential: expect.objectContaining({ daysLeft: -5 }),
    });
  });

  it("fires at exactly 30 days and not at 31 (near miss)", () => {
    expect(expiringIn(daysAfter(30)).results).toHaveLength(1);
    expect(expiringIn(daysAfter(31)).results).toEqual([]);
    expect(expiringIn(new Date(TEST_NOW.getTime() + 31 * 86_400_000 - 1)).results).toHaveLength(1);
  });

  it("ignores credentials without an end date and managed identities' platform certificates", () => {
    const { application } = createAppWithPrincipal();
    const mi = createManagedIdentity();
    const results = runRule(rule, {
      applications: [application],
      servicePrincipals: [mi],
      credentials: [
        createCredential({ ownerId: application.id, startDateTime: null, endDateTime: null }),
        createCredential({
          ownerId: mi.id,
          ownerType: "ServicePrincipal",
          kind: "certificate",
          endDateTime: daysAfter(3),
          isPlatformManaged: true,
        }),
      ],
    });
    expect(results).toEqual([]);
  });
});
