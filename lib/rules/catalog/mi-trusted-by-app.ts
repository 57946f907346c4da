import { describeGrant } from "../privilege/describe-grant";
import { findTrustingApps } from "../privilege/find-trusting-apps";
import { getPrivilegeModel } from "../privilege/privilege-model";
import type { Rule } from "../rule";
import { managedIdentitySubject } from "../subjects";

export const miTrustedByApp: Rule = {
  id: "mi-trusted-by-app",
  title: "An app registration trusts this managed identity as a federated credential",
  severityDescription:
    "The app's own computed privilege (Azure roles by scope, directory roles, Graph permissions, groups); low when the app holds nothing privileged.",
  rationale:
    "With a federated credential whose issuer is this tenant and whose subject is the identity's object id, the identity can exchange its token for the app's. Whoever controls the identity controls the app, including in other tenants when the app is multi-tenant.",
  remediation: [
    "Confirm the trust is intended and owned by the app's team.",
    "Restrict who can operate or run code as the identity to the people allowed to act as the app.",
    "Reduce the app's permissions, or remove the federated credential if it is no longer used.",
  ],
  references: [
    {
      title: "Configure an application to trust a managed identity",
      url: "https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity",
    },
  ],
  *evaluate(index, config) {
    const privilege = getPrivilegeModel(index, config);
    for (const mi of index.managedIdentities) {
      for (const { federatedCredential: fic, application: app, servicePrincipal: appPrincipal } of findTrustingApps(
        index,
        mi,
      )) {
        const appPrivilege = appPrincipal ? privilege.of(appPrincipal.id) : null;
        const appName = app?.displayName ?? fic.ownerId;
        yield {
          ...managedIdentitySubject(mi),
          target: fic.id,
          severity: appPrivilege?.severity ?? config.trustedByUnprivilegedAppSeverity,
          title: `${mi.displayName} can act as app ${appName}`,
          evidence: {
            federatedCredentialId: fic.id,
            federatedCredentialName: fic.name,
            issuer: fic.issuer,
            subject: fic.subject,
            audiences: [...fic.audiences],
            applicationObjectId: fic.ownerId,
            appId: app?.appId ?? null,
            appDisplayName: appName,
            appSignInAudience: app?.signInAudience ?? null,
            appServicePrincipalId: appPrincipal?.id ?? null,
            appPrivilege: appPrivilege
              ? {
                  severity: appPrivilege.severity,
                  grants: appPrivilege.direct.grants.map(describeGrant),
                  viaGroups: appPrivilege.viaGroups.map((g) => ({
                    groupId: g.groupId,
                    path: g.path,
                    severity: g.severity,
                  })),
                }
              : null,
          },
        };
      }
    }
  },
};
