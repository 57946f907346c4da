import { describe, expect, it } from "vitest";
import { createAppWithPrincipal, createCredential, createManagedIdentity } from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { appCertificateCredential as rule } from "./app-certificate-credential";

describe("app-certificate-credential", () => {
  it("is low for a one-year certificate and names it", () => {
    const { application, principal } = createAppWithPrincipal();
    const cert = createCredential({ ownerId: application.id, kind: "certificate", lifetimeDays: 365 });
    const results = runRule(rule, { applications: [application], servicePrincipals: [principal], credentials: [cert] });
    expect(results).toEqual([expect.objectContaining({ subjectId: principal.id, severity: "low" })]);
    expect(results[0]?.evidence).toMatchObject({ certificates: [expect.objectContaining({ keyId: cert.keyId })] });
  });

  it("is medium above 730 days", () => {
    const { application } = createAppWithPrincipal();
    const cert = createCredential({ ownerId: application.id, kind: "certificate", lifetimeDays: 1095 });
    const results = runRule(rule, { applications: [application], credentials: [cert] });
    expect(results.map((r) => r.severity)).toEqual(["medium"]);
    expect(results[0]?.evidence["longLivedKeyIds"]).toEqual([cert.keyId]);
  });

  it("never reports a managed identity's platform certificate, even one wrongly attached to an app owner", () => {
    const mi = createManagedIdentity();
    const { application } = createAppWithPrincipal();
    const results = runRule(rule, {
      servicePrincipals: [mi],
      applications: [application],
      credentials: [
        createCredential({
          ownerId: mi.id,
          ownerType: "ServicePrincipal",
          kind: "certificate",
          lifetimeDays: 90,
          isPlatformManaged: true,
        }),
        createCredential({ ownerId: application.id, kind: "certificate", isPlatformManaged: true }),
      ],
    });
    expect(results).toEqual([]);
  });

  it("ignores SAML signing keys and secrets", () => {
    const { application, principal } = createAppWithPrincipal();
    const results = runRule(rule, {
      applications: [application],
      servicePrincipals: [principal],
      credentials: [
        createCredential({ ownerId: principal.id, ownerType: "ServicePrincipal", kind: "certificate", usage: "Sign" }),
        createCredential({ ownerId: application.id, kind: "password" }),
      ],
    });
    expect(results).toEqual([]);
  });
});
