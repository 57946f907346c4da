import { credentialStatus, describeCredential } from "../apps/credential-status";
import { listAppPrincipals } from "../apps/list-app-principals";
import type { Rule } from "../rule";

export const appCertificateCredential: Rule = {
  id: "app-certificate-credential",
  title: "Application authenticates with a certificate",
  severityDescription: "Low; medium when a certificate's lifetime exceeds 730 days (configuration).",
  rationale:
    "Certificates are stronger than secrets but their private keys still have to be stored, distributed and rotated by someone. Workloads in Azure can drop them for a managed identity. The platform certificate Azure keeps on every managed identity is never reported.",
  remediation: [
    "Move the workload to a managed identity (see its migration candidate plan).",
    "Until then, keep the private key in Key Vault, keep lifetimes at a year or less, and remove unused certificates.",
  ],
  references: [
    {
      title: "Add a certificate credential to an app registration",
      url: "https://learn.microsoft.com/entra/identity-platform/how-to-add-credentials",
    },
    {
      title: "Best practices for application credentials",
      url: "https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration#credential-configuration",
    },
  ],
  *evaluate(index, config) {
    const { now } = index.snapshot;
    for (const app of listAppPrincipals(index)) {
      const certificates = app.credentials.filter((c) => c.kind === "certificate" && credentialStatus(c, now).active);
      if (certificates.length === 0) continue;
      const longLived = certificates.filter(
        (c) => (credentialStatus(c, now).lifetimeDays ?? 0) > config.credentialMaxLifetimeDays,
      );
      yield {
        subjectId: app.subjectId,
        subjectName: app.displayName,
        subjectKind: "Application",
        target: "",
        severity: longLived.length > 0 ? "medium" : "low",
        title: `${app.displayName} authenticates with ${certificates.length === 1 ? "a certificate" : `${certificates.length} certificates`}${longLived.length > 0 ? ` (lifetime over ${config.credentialMaxLifetimeDays} days)` : ""}`,
        evidence: {
          appId: app.appId,
          applicationObjectId: app.application?.id ?? null,
          servicePrincipalId: app.servicePrincipal?.id ?? null,
          certificates: certificates.map((c) => describeCredential(c, now)),
          longLivedKeyIds: longLived.map((c) => c.keyId),
          maxLifetimeDays: config.credentialMaxLifetimeDays,
        },
      };
    }
  },
};
