import { lc, type SnapshotIndex } from "../index-snapshot";
import { findIdentityControllers, type IdentityController } from "../privilege/find-identity-controllers";
import { findTrustingApps } from "../privilege/find-trusting-apps";
import { getPrivilegeModel } from "../privilege/privilege-model";
import type { Rule } from "../rule";
import { maxSeverity, rankOf } from "../severity";
import { managedIdentitySubject } from "../subjects";

function principalName(index: SnapshotIndex, id: string): string {
  return (
    index.userById.get(id)?.userPrincipalName ??
    index.servicePrincipalById.get(id)?.displayName ??
    index.groupById.get(id)?.displayName ??
    id
  );
}

export const miEscalationPath: Rule = {
  id: "mi-escalation-path",
  title: "A less privileged principal can become this managed identity",
  severityDescription: "High.",
  rationale:
    "Anyone who can write the host resource (deploy code, run commands, add extensions) or assign / add federated credentials to a user-assigned identity can obtain its tokens. When that principal holds less privilege than the identity, the identity is a privilege escalation path.",
  remediation: [
    "Reduce the identity's privilege to what the workload needs.",
    "Or restrict control of the host (or of the identity) to principals that already hold equivalent privilege.",
    "Prefer separate identities for highly privileged automation, hosted where only administrators can deploy.",
  ],
  references: [
    {
      title: "Managed identities: security considerations (who can use an identity)",
      url: "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations",
    },
    {
      title: "Managed Identity Operator role",
      url: "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/identity#managed-identity-operator",
    },
  ],
  *evaluate(index, config) {
    const privilege = getPrivilegeModel(index, config);
    for (const mi of index.managedIdentities) {
      // Becoming the identity also means acting as every app that trusts it as a federated credential.
      const actsAs = findTrustingApps(index, mi).flatMap(({ servicePrincipal, application }) => {
        const severity = servicePrincipal ? privilege.severityOf(servicePrincipal.id) : null;
        return severity === null
          ? []
          : [{ appId: application?.appId ?? null, servicePrincipalId: servicePrincipal?.id ?? null, severity }];
      });
      let severity = privilege.severityOf(mi.id);
      for (const app of actsAs) severity = maxSeverity(severity, app.severity);
      if (severity === null) continue;
      const identityPrivilege = { severity };
      const byController = new Map<string, IdentityController[]>();
      for (const c of findIdentityControllers(index, privilege, mi, rankOf(identityPrivilege.severity))) {
        const list = byController.get(c.principalId);
        if (list) list.push(c);
        else byController.set(c.principalId, [c]);
      }
      for (const [controllerId, routes] of byController) {
        const controllerPrivilege = { severity: privilege.severityOf(controllerId) };
        if (rankOf(controllerPrivilege.severity) >= rankOf(identityPrivilege.severity)) continue;
        const name = principalName(index, lc(controllerId));
        yield {
          ...managedIdentitySubject(mi),
          target: controllerId,
          severity: "high",
          title: `${name} can become ${mi.displayName} (${identityPrivilege.severity}) while holding ${controllerPrivilege.severity ?? "no"} privilege`,
          evidence: {
            controller: {
              principalId: controllerId,
              principalType: routes[0]?.principalType ?? null,
              displayName: name,
              privilegeSeverity: controllerPrivilege.severity,
            },
            routes: routes.map((r) => ({
              route: r.route,
              assignmentId: r.assignmentId,
              roleDefinitionId: r.roleDefinitionId,
              roleName: r.roleName,
              scope: r.scope,
              scopeLevel: r.scopeLevel,
              action: r.action,
              targetResourceId: r.targetResourceId,
            })),
            identityPrivilegeSeverity: identityPrivilege.severity,
            identityActsAsApps: actsAs,
            identityResourceId: mi.miResourceId,
          },
        };
      }
    }
  },
};
