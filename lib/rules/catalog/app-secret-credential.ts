import { credentialStatus, describeCredential } from "../apps/credential-status";
import { listAppPrincipals } from "../apps/list-app-principals";
import type { Rule } from "../rule";

export const appSecretCredential: Rule = {
  id: "app-secret-credential",
  title: "Application authenticates with a client secret",
  severityDescription:
    "Medium; high when a secret's lifetime exceeds 730 days (configuration) or the app has more than one active secret.",
  rationale:
    "A client secret is a password that can be copied, leaked in code or logs and used from anywhere. Long-lived secrets and several secrets at once (often forgotten rotations) widen that window. Workloads in Azure can use a managed identity instead; others can use a certificate or workload identity federation.",
  remediation: [
    "Move the workload to a managed identity (see its migration candidate plan), or to workload identity federation outside Azure.",
    "Until then, replace the secret with a certificate, keep lifetimes short and remove unused secrets.",
  ],
  references: [
    {
      title: "Best practices for application credentials (Microsoft Entra)",
      url: "https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration#credential-configuration",
    },
    {
      title: "Migrate applications from secrets to managed identities",
      url: "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview",
    },
  ],
  *evaluate(index, config) {
    const { now } = index.snapshot;
    for (const app of listAppPrincipals(index)) {
      const secrets = app.credentials.filter((c) => c.kind === "password" && credentialStatus(c, now).active);
      if (secrets.length === 0) continue;
      const longLived = secrets.filter(
        (c) => (credentialStatus(c, now).lifetimeDays ?? 0) > config.credentialMaxLifetimeDays,
      );
      const reasons = [
        ...(longLived.length > 0 ? [`lifetime over ${config.credentialMaxLifetimeDays} days`] : []),
        ...(secrets.length > 1 ? [`${secrets.length} active secrets`] : []),
      ];
      yield {
        subjectId: app.subjectId,
        subjectName: app.displayName,
        subjectKind: "Application",
        target: "",
        severity: reasons.length > 0 ? "high" : "medium",
        title: `${app.displayName} authenticates with ${secrets.length === 1 ? "a client secret" : `${secrets.length} client secrets`}${reasons.length > 0 ? ` (${reasons.join(", ")})` : ""}`,
        evidence: {
          appId: app.appId,
          applicationObjectId: app.application?.id ?? null,
          servicePrincipalId: app.servicePrincipal?.id ?? null,
          secrets: secrets.map((c) => describeCredential(c, now)),
          longLivedKeyIds: longLived.map((c) => c.keyId),
          maxLifetimeDays: config.credentialMaxLifetimeDays,
        },
      };
    }
  },
};
