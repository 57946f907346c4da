import { describe, expect, it } from "vitest";
import {
  createAppWithPrincipal,
  createCredential,
  createManagedIdentity,
  createServicePrincipal,
  daysBefore,
  daysAfter,
} from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { appSecretCredential as rule } from "./app-secret-credential";

describe("app-secret-credential", () => {
  it("is medium for one short-lived secret on the app registration, subject being the service principal", () => {
    const { application, principal } = createAppWithPrincipal();
    const secret = createCredential({ ownerId: application.id, lifetimeDays: 180 });
    const results = runRule(rule, {
      applications: [application],
      servicePrincipals: [principal],
      credentials: [secret],
    });
    expect(results).toEqual([
      expect.objectContaining({ subjectId: principal.id, subjectKind: "Application", severity: "medium" }),
    ]);
    expect(results[0]?.evidence).toMatchObject({
      secrets: [expect.objectContaining({ keyId: secret.keyId, lifetimeDays: 180 })],
    });
  });

  it("is high above 730 days, not at exactly 730", () => {
    const { application } = createAppWithPrincipal();
    expect(
      runRule(rule, {
        applications: [application],
        credentials: [createCredential({ ownerId: application.id, lifetimeDays: 731 })],
      }).map((r) => r.severity),
    ).toEqual(["high"]);
    expect(
      runRule(rule, {
        applications: [application],
        credentials: [createCredential({ ownerId: application.id, lifetimeDays: 730 })],
      }).map((r) => r.severity),
    ).toEqual(["medium"]);
  });

  it("is high with two active secrets, counting those on the service principal too", () => {
    const { application, principal } = createAppWithPrincipal();
    const results = runRule(rule, {
      applications: [application],
      servicePrincipals: [principal],
      credentials: [
        createCredential({ ownerId: application.id }),
        createCredential({ ownerId: principal.id, ownerType: "ServicePrincipal" }),
      ],
    });
    expect(results.map((r) => r.severity)).toEqual(["high"]);
  });

  it("ignores expired and not-yet-valid secrets, certificates, managed identities and other tenants' apps", () => {
    const { application } = createAppWithPrincipal();
    const mi = createManagedIdentity();
    const foreign = createServicePrincipal({ appOwnerOrganizationId: "f8cdef31-a31e-4b4a-93e4-5f571e91255a" });
    const results = runRule(rule, {
      applications: [application],
      servicePrincipals: [mi, foreign],
      credentials: [
        createCredential({ ownerId: application.id, startDateTime: daysBefore(400), endDateTime: daysBefore(1) }),
        createCredential({ ownerId: application.id, startDateTime: daysAfter(1), endDateTime: daysAfter(100) }),
        createCredential({ ownerId: application.id, kind: "certificate" }),
        createCredential({ ownerId: mi.id, ownerType: "ServicePrincipal" }),
        createCredential({ ownerId: foreign.id, ownerType: "ServicePrincipal" }),
      ],
    });
    expect(results).toEqual([]);
  });

  it("covers a service principal of this tenant whose registration was not synced", () => {
    const sp = createServicePrincipal();
    expect(
      runRule(rule, {
        servicePrincipals: [sp],
        credentials: [createCredential({ ownerId: sp.id, ownerType: "ServicePrincipal" })],
      }),
    ).toEqual([expect.objectContaining({ subjectId: sp.id })]);
  });
});
