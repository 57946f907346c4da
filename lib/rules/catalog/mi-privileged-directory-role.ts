import { getPrivilegeModel, type DirectoryRoleGrant } from "../privilege/privilege-model";
import type { Rule } from "../rule";
import { maxSeverity, type Severity } from "../severity";
import { managedIdentitySubject } from "../subjects";

export const miPrivilegedDirectoryRole: Rule = {
  id: "mi-privileged-directory-role",
  title: "Managed identity holds a privileged Entra directory role",
  severityDescription:
    "Critical for Global Administrator, Privileged Role Administrator, Privileged Authentication Administrator, Application Administrator and Cloud Application Administrator; high for the other privileged roles.",
  rationale:
    "A directory role held by a managed identity is usable by anyone who can run code on its host or operate the identity, without MFA or Conditional Access for users. The critical roles can grant themselves any other role or add credentials to any application.",
  remediation: [
    "Replace the directory role with the narrowest Microsoft Graph application permission the workload needs.",
    "If a role is unavoidable, scope it to an administrative unit or a single application.",
    "Remove the role assignment and confirm the workload still runs.",
  ],
  references: [
    {
      title: "Microsoft Entra built-in roles (privileged roles)",
      url: "https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference",
    },
    {
      title: "Best practices for Microsoft Entra roles",
      url: "https://learn.microsoft.com/entra/identity/role-based-access-control/best-practices",
    },
  ],
  *evaluate(index, config) {
    const privilege = getPrivilegeModel(index, config);
    for (const mi of index.managedIdentities) {
      const grants = privilege.own(mi.id).grants.filter((g): g is DirectoryRoleGrant => g.kind === "directoryRole");
      if (grants.length === 0) continue;
      let severity: Severity | null = null;
      for (const g of grants) severity = maxSeverity(severity, g.severity);
      const worst = grants.find((g) => g.severity === severity) ?? (grants[0] as DirectoryRoleGrant);
      yield {
        ...managedIdentitySubject(mi),
        target: "",
        severity: worst.severity,
        title: `${mi.displayName} holds the ${worst.roleName} directory role${grants.length > 1 ? ` (+${grants.length - 1} more)` : ""}`,
        evidence: {
          assignments: grants.map((g) => ({
            assignmentId: g.assignmentId,
            roleDefinitionId: g.roleDefinitionId,
            templateId: g.templateId,
            roleName: g.roleName,
            directoryScopeId: g.directoryScopeId,
          })),
        },
      };
    }
  },
};
