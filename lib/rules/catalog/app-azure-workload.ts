import { credentialStatus } from "../apps/credential-status";
import { listAppPrincipals } from "../apps/list-app-principals";
import { describeRoleAssignments } from "../privilege/describe-role-assignment";
import { listAzureRoleAssignments } from "../privilege/list-azure-role-assignments";
import { getPrivilegeModel } from "../privilege/privilege-model";
import type { Rule } from "../rule";

export const appAzureWorkload: Rule = {
  id: "app-azure-workload",
  title: "Application with secrets or certificates runs against Azure",
  severityDescription: "High (migration priority).",
  rationale:
    "An app that holds Azure role assignments calls Azure Resource Manager or data planes, which managed identities serve without any stored credential. It is the strongest sign that the app's secret or certificate can be removed by moving to a managed identity.",
  remediation: [
    "Follow the migration candidate plan: create the managed identity, replicate the role assignments and app permissions, switch the code to DefaultAzureCredential/ManagedIdentityCredential.",
    "Remove the app's secrets and certificates once the workload runs on the managed identity.",
  ],
  references: [
    {
      title: "What are managed identities for Azure resources?",
      url: "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview",
    },
    {
      title: "Services that support managed identities",
      url: "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identities-status",
    },
  ],
  *evaluate(index, config) {
    const { now } = index.snapshot;
    const privilege = getPrivilegeModel(index, config);
    for (const app of listAppPrincipals(index)) {
      if (app.servicePrincipal === null) continue;
      const credentials = app.credentials.filter((c) => credentialStatus(c, now).active);
      if (credentials.length === 0) continue;
      const assignments = listAzureRoleAssignments(index, app.servicePrincipal.id);
      if (assignments.length === 0) continue;
      yield {
        subjectId: app.subjectId,
        subjectName: app.displayName,
        subjectKind: "Application",
        target: "",
        severity: "high",
        title: `${app.displayName} holds ${assignments.length} Azure role assignment(s) and authenticates with ${credentials.length} stored credential(s)`,
        subscriptionId: assignments[0]?.assignment.subscriptionId ?? null,
        evidence: {
          appId: app.appId,
          servicePrincipalId: app.servicePrincipal.id,
          ...describeRoleAssignments(privilege, assignments),
          credentialKeyIds: credentials.map((c) => c.keyId),
          credentialKinds: [...new Set(credentials.map((c) => c.kind))].sort(),
        },
      };
    }
  },
};
