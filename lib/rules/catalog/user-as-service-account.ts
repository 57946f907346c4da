import { lc } from "../index-snapshot";
import { describeRoleAssignments } from "../privilege/describe-role-assignment";
import { listAzureRoleAssignments } from "../privilege/list-azure-role-assignments";
import { getPrivilegeModel } from "../privilege/privilege-model";
import type { Rule } from "../rule";
import { isoOrNull } from "../subjects";
import { detectServiceAccount } from "../users/detect-service-account";

export const userAsServiceAccount: Rule = {
  id: "user-as-service-account",
  title: "User account used as a service account for Azure",
  severityDescription: "Medium.",
  rationale:
    "A user account running automation has a password someone stores in a script or pipeline, usually excluded from MFA and Conditional Access, and it is tied to a person's lifecycle. Workloads in Azure should use a managed identity; elsewhere a workload identity.",
  remediation: [
    "Identify the automation that signs in as this account (sign-in logs: non-interactive sign-ins, client app).",
    "Create a managed identity for it (see the migration candidate plan) and replicate the role assignments.",
    "Remove the user's Azure role assignments, then disable or delete the account.",
  ],
  references: [
    {
      title: "Securing service accounts in Microsoft Entra ID",
      url: "https://learn.microsoft.com/entra/architecture/secure-service-accounts",
    },
    {
      title: "Secure user-based service accounts",
      url: "https://learn.microsoft.com/entra/architecture/secure-user-based-service-accounts",
    },
  ],
  *evaluate(index, config) {
    const { now, signInActivityAvailable } = index.snapshot;
    const privilege = getPrivilegeModel(index, config);
    for (const user of index.snapshot.users) {
      if (!user.accountEnabled) continue;
      // The cheap test first: most users hold roles through their groups, few look like services.
      const detection = detectServiceAccount(user, config, now, signInActivityAvailable);
      if (detection === null) continue;
      const assignments = listAzureRoleAssignments(index, lc(user.id));
      if (assignments.length === 0) continue;
      yield {
        subjectId: user.id,
        subjectName: user.userPrincipalName,
        subjectKind: "User",
        target: "",
        severity: "medium",
        title: `${user.userPrincipalName} looks like a service account (${detection.signals.join(", ")}) and holds ${assignments.length} Azure role assignment(s)`,
        subscriptionId: assignments[0]?.assignment.subscriptionId ?? null,
        evidence: {
          userPrincipalName: user.userPrincipalName,
          signals: detection.signals,
          matchedPattern: detection.matchedPattern,
          lastSignInAt: isoOrNull(user.lastSignInAt),
          lastNonInteractiveSignInAt: isoOrNull(user.lastNonInteractiveSignInAt),
          ...describeRoleAssignments(privilege, assignments),
        },
      };
    }
  },
};
