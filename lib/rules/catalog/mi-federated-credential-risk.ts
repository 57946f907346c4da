import { lc } from "../index-snapshot";
import { issuerAllowed } from "../issuer-allowed";
import type { Rule } from "../rule";
import { managedIdentitySubject } from "../subjects";

type FicProblem = "wildcard-subject" | "pull-request-subject" | "issuer-not-allowed";

// GitHub's subject for pull_request-triggered runs: any fork's PR can mint a token for it.
const PULL_REQUEST_SUBJECT = /:pull_request(?:$|:)/i;

export const miFederatedCredentialRisk: Rule = {
  id: "mi-federated-credential-risk",
  title: "User-assigned identity trusts a risky federated credential",
  severityDescription: "High.",
  rationale:
    "A federated credential lets any workload that can present a matching token from the issuer act as the identity. Wildcard subjects and GitHub pull_request subjects match code that has not been reviewed (including forks), and an issuer outside the allowed list is an external party you have not vetted.",
  remediation: [
    "Pin the subject to a protected branch, tag or deployment environment (e.g. repo:org/repo:environment:production).",
    "Use an issuer from the allowed list, or add the issuer to the list after review.",
    "Delete the federated credential if nothing uses it.",
  ],
  references: [
    {
      title: "Configure a user-assigned managed identity to trust an external identity provider",
      url: "https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust-user-assigned-managed-identity",
    },
    {
      title: "Workload identity federation: considerations",
      url: "https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations",
    },
    {
      title: "GitHub: about security hardening with OpenID Connect (subject claims)",
      url: "https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect",
    },
  ],
  *evaluate(index, config) {
    const tenantId = index.snapshot.tenantId;
    for (const mi of index.managedIdentities) {
      if (mi.miKind !== "UserAssigned" || mi.miResourceId === null) continue;
      for (const fic of index.federatedCredentialsByOwner.get(lc(mi.miResourceId)) ?? []) {
        if (fic.ownerType !== "UserAssignedIdentity") continue;
        const problems: FicProblem[] = [];
        if (fic.subject.includes("*")) problems.push("wildcard-subject");
        if (PULL_REQUEST_SUBJECT.test(fic.subject)) problems.push("pull-request-subject");
        if (!issuerAllowed(fic.issuer, config.allowedFederatedIssuers, tenantId)) problems.push("issuer-not-allowed");
        if (problems.length === 0) continue;
        yield {
          ...managedIdentitySubject(mi),
          target: fic.id,
          severity: "high",
          title: `${mi.displayName} trusts federated credential ${fic.name} (${problems.join(", ")})`,
          evidence: {
            federatedCredentialId: fic.id,
            name: fic.name,
            issuer: fic.issuer,
            subject: fic.subject,
            audiences: [...fic.audiences],
            problems,
          },
        };
      }
    }
  },
};
