import { getPrivilegeModel, type AzureRoleGrant } from "../privilege/privilege-model";
import type { Rule } from "../rule";
import { severityRank } from "../severity";
import { managedIdentitySubject } from "../subjects";

export const miPrivilegedAzureRole: Rule = {
  id: "mi-privileged-azure-role",
  title: "Managed identity holds a privileged Azure role",
  severityDescription:
    "By the broadest scope of a privileged assignment: root or management group critical, subscription high, resource group medium, resource low.",
  rationale:
    "Owner, Contributor, User Access Administrator, Role Based Access Control Administrator and custom roles that allow `*` or role-assignment writes let whoever runs code as this identity change or take over everything under the scope. A workload rarely needs more than data-plane or narrowly scoped roles.",
  remediation: [
    "Find what the workload actually calls (activity log, resource logs) and grant the narrowest built-in role for it.",
    "Move the assignment down to the resource group or resource the workload uses.",
    "Remove the privileged assignment once the narrower one is in place.",
  ],
  references: [
    {
      title: "Best practices for Azure RBAC",
      url: "https://learn.microsoft.com/azure/role-based-access-control/best-practices",
    },
    {
      title: "Azure built-in roles: privileged administrator roles",
      url: "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged",
    },
    {
      title: "Managed identity best practice recommendations",
      url: "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations",
    },
  ],
  *evaluate(index, config) {
    const privilege = getPrivilegeModel(index, config);
    for (const mi of index.managedIdentities) {
      const grants = privilege.own(mi.id).grants.filter((g): g is AzureRoleGrant => g.kind === "azureRole");
      if (grants.length === 0) continue;
      const broadest = [...grants].sort(
        (a, b) => severityRank[b.severity] - severityRank[a.severity],
      )[0] as AzureRoleGrant;
      const more = grants.length > 1 ? ` (+${grants.length - 1} more)` : "";
      yield {
        ...managedIdentitySubject(mi),
        target: "",
        severity: broadest.severity,
        title: `${mi.displayName} holds ${broadest.roleName} at ${broadest.scopeLevel} scope ${broadest.scope}${more}`,
        evidence: {
          assignments: grants.map((g) => ({
            assignmentId: g.assignmentId,
            roleDefinitionId: g.roleDefinitionId,
            roleName: g.roleName,
            scope: g.scope,
            scopeLevel: g.scopeLevel,
            condition: g.condition,
            privilegedBecause: g.basis,
          })),
        },
      };
    }
  },
};
