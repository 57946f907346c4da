import { describe, expect, it } from "vitest";
import { createFederatedCredential, createManagedIdentity, TEST_TENANT_ID } from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { miFederatedCredentialRisk as rule } from "./mi-federated-credential-risk";

function withFic(fields: { issuer?: string; subject?: string }) {
  const mi = createManagedIdentity();
  const fic = createFederatedCredential({ ownerId: mi.miResourceId ?? "", ...fields });
  return { mi, fic, results: runRule(rule, { servicePrincipals: [mi], federatedCredentials: [fic] }) };
}

describe("mi-federated-credential-risk", () => {
  it("fires (high) for a GitHub pull_request subject and names the credential", () => {
    const { mi, fic, results } = withFic({ subject: "repo:contoso/app:pull_request" });
    expect(results).toEqual([expect.objectContaining({ subjectId: mi.id, target: fic.id, severity: "high" })]);
    expect(results[0]?.evidence).toMatchObject({ federatedCredentialId: fic.id, problems: ["pull-request-subject"] });
  });

  it("fires for a wildcard subject", () => {
    expect(withFic({ subject: "repo:contoso/*" }).results[0]?.evidence["problems"]).toEqual(["wildcard-subject"]);
  });

  it("fires for an issuer outside the allowed list, including a look-alike host", () => {
    expect(withFic({ issuer: "https://token.actions.githubusercontent.com.evil.example" }).results).toHaveLength(1);
    expect(withFic({ issuer: "https://gitlab.com" }).results[0]?.evidence["problems"]).toEqual(["issuer-not-allowed"]);
  });

  it("accepts allowed issuers: GitHub, this tenant's AKS OIDC issuer, this tenant's Entra issuer (trailing slash ignored)", () => {
    expect(withFic({ issuer: "https://token.actions.githubusercontent.com/" }).results).toEqual([]);
    expect(
      withFic({
        issuer: `https://westeurope.oic.prod-aks.azure.com/${TEST_TENANT_ID}/0e2f5c1a-1111-4222-8333-444455556666/`,
      }).results,
    ).toEqual([]);
    expect(withFic({ issuer: `https://login.microsoftonline.com/${TEST_TENANT_ID}/v2.0` }).results).toEqual([]);
    // The issuer form api-facts §4 shows for AKS workload identity.
    expect(
      withFic({ issuer: `https://oidc.prod-aks.azure.com/${TEST_TENANT_ID}/0e2f5c1a-1111-4222-8333-444455556666/` })
        .results,
    ).toEqual([]);
  });

  it("does not accept another tenant's AKS or Entra issuer", () => {
    const other = "99999999-9999-4999-8999-999999999999";
    expect(withFic({ issuer: `https://login.microsoftonline.com/${other}/v2.0` }).results).toHaveLength(1);
    expect(withFic({ issuer: `https://eastus.oic.prod-aks.azure.com/${other}/abc/` }).results).toHaveLength(1);
    expect(withFic({ issuer: `https://oidc.prod-aks.azure.com/${other}/abc/` }).results).toHaveLength(1);
  });

  it("does not fire for branch, environment or tag subjects (pull_request must be the event, not a name)", () => {
    expect(withFic({ subject: "repo:contoso/app:environment:production" }).results).toEqual([]);
    expect(withFic({ subject: "repo:contoso/app:ref:refs/heads/pull_request_fixes" }).results).toEqual([]);
  });

  it("honours a configured allow-list", () => {
    const mi = createManagedIdentity();
    const fic = createFederatedCredential({ ownerId: mi.miResourceId ?? "", issuer: "https://gitlab.com" });
    expect(
      runRule(
        rule,
        { servicePrincipals: [mi], federatedCredentials: [fic] },
        { allowedFederatedIssuers: ["https://gitlab.com"] },
      ),
    ).toEqual([]);
  });

  it("ignores federated credentials on app registrations", () => {
    const mi = createManagedIdentity();
    const fic = createFederatedCredential({ ownerId: mi.miResourceId ?? "", ownerType: "Application", subject: "*" });
    expect(runRule(rule, { servicePrincipals: [mi], federatedCredentials: [fic] })).toEqual([]);
  });
});
