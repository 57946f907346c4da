import { credentialStatus, describeCredential } from "../apps/credential-status";
import { listAppPrincipals } from "../apps/list-app-principals";
import type { Rule } from "../rule";

export const appCredentialExpiring: Rule = {
  id: "app-credential-expiring",
  title: "Application credential expires soon or has expired",
  severityDescription: "Medium.",
  rationale:
    "An expiring secret or certificate is an outage waiting to happen, and the rotation is the natural moment to move the workload to a managed identity instead. An expired credential that is still present is clutter that hides which credentials are in use.",
  remediation: [
    "If the workload runs in Azure, migrate it to a managed identity now instead of rotating (see its candidate plan).",
    "Otherwise rotate: add the new credential, deploy it, then remove the old one.",
    "Remove expired credentials.",
  ],
  references: [
    {
      title: "Add and manage application credentials",
      url: "https://learn.microsoft.com/entra/identity-platform/how-to-add-credentials",
    },
  ],
  *evaluate(index, config) {
    const { now } = index.snapshot;
    for (const app of listAppPrincipals(index)) {
      for (const credential of app.credentials) {
        const status = credentialStatus(credential, now);
        if (status.daysLeft === null || status.daysLeft > config.credentialExpiryWarningDays) continue;
        const what = credential.kind === "password" ? "secret" : "certificate";
        yield {
          subjectId: app.subjectId,
          subjectName: app.displayName,
          subjectKind: "Application",
          target: credential.keyId,
          severity: "medium",
          title: status.expired
            ? `${app.displayName} still carries an expired ${what} (${credential.keyId})`
            : `${app.displayName}'s ${what} ${credential.keyId} expires in ${status.daysLeft} day(s)`,
          evidence: {
            appId: app.appId,
            credential: describeCredential(credential, now),
            expired: status.expired,
            warningDays: config.credentialExpiryWarningDays,
          },
        };
      }
    }
  },
};
