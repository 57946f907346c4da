import { getPrivilegeModel, type AppPermissionGrant } from "../privilege/privilege-model";
import type { Rule } from "../rule";
import { maxSeverity, type Severity } from "../severity";
import { managedIdentitySubject } from "../subjects";

export const miDangerousGraphPermission: Rule = {
  id: "mi-dangerous-graph-permission",
  title: "Managed identity holds a high-risk Microsoft Graph application permission",
  severityDescription:
    "Critical for RoleManagement.ReadWrite.Directory, AppRoleAssignment.ReadWrite.All, Application.ReadWrite.All and Directory.ReadWrite.All; high for the other high-risk permissions.",
  rationale:
    "Application permissions act tenant-wide with no user present. The critical ones let the holder grant itself any role or permission, or add credentials to any application, which is a path to Global Administrator.",
  remediation: [
    "List the Graph calls the workload makes and pick the least-privileged permission for each (e.g. Application.ReadWrite.OwnedBy, Sites.Selected, RBAC for applications in Exchange).",
    "Grant the narrower permission to the managed identity with New-MgServicePrincipalAppRoleAssignment.",
    "Remove the high-risk app role assignment.",
  ],
  references: [
    {
      title: "Microsoft Graph permissions reference",
      url: "https://learn.microsoft.com/graph/permissions-reference",
    },
    {
      title: "Assign Microsoft Graph permissions to a managed identity",
      url: "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-assign-app-role-managed-identity",
    },
  ],
  *evaluate(index, config) {
    const privilege = getPrivilegeModel(index, config);
    for (const mi of index.managedIdentities) {
      const grants = privilege.own(mi.id).grants.filter((g): g is AppPermissionGrant => g.kind === "appPermission");
      if (grants.length === 0) continue;
      let severity: Severity | null = null;
      for (const g of grants) severity = maxSeverity(severity, g.severity);
      const worst = grants.find((g) => g.severity === severity) ?? (grants[0] as AppPermissionGrant);
      yield {
        ...managedIdentitySubject(mi),
        target: "",
        severity: worst.severity,
        title: `${mi.displayName} holds ${worst.permission}${grants.length > 1 ? ` (+${grants.length - 1} more)` : ""}`,
        evidence: {
          appRoleAssignments: grants.map((g) => ({
            assignmentId: g.assignmentId,
            resourceAppId: g.resourceAppId,
            resourceDisplayName: g.resourceDisplayName,
            appRoleId: g.appRoleId,
            permission: g.permission,
          })),
        },
      };
    }
  },
};
