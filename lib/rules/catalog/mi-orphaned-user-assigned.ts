import { lc } from "../index-snapshot";
import { subscriptionOf } from "../privilege/ancestor-scopes";
import { listGrants } from "../privilege/list-grants";
import type { Rule } from "../rule";
import { isoOrNull, managedIdentitySubject } from "../subjects";

export const miOrphanedUserAssigned: Rule = {
  id: "mi-orphaned-user-assigned",
  title: "User-assigned identity is attached to no resource",
  severityDescription:
    "Medium if it still holds any grant (Azure role, directory role, app permission, group); otherwise low.",
  rationale:
    "An unattached user-assigned identity has no workload, yet keeps its grants: anyone who can assign it (Managed Identity Operator on it or above) inherits them by attaching it to a resource they control. Identities used through a federated credential are not orphaned and are skipped.",
  remediation: [
    "Confirm with the owner that nothing deploys with this identity (check infrastructure-as-code and deployment pipelines).",
    "Remove its role assignments and permissions, then delete the identity.",
  ],
  references: [
    {
      title: "Manage user-assigned managed identities",
      url: "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-manage-user-assigned-managed-identities",
    },
    {
      title: "Managed identity best practice recommendations",
      url: "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations",
    },
  ],
  *evaluate(index) {
    for (const mi of index.managedIdentities) {
      if (mi.miKind !== "UserAssigned" || mi.miResourceId === null) continue;
      const resourceId = lc(mi.miResourceId);
      if ((index.attachmentsByIdentityResourceId.get(resourceId)?.length ?? 0) > 0) continue;
      // A federated credential is how workloads outside Azure (GitHub, AKS) use an identity with no attachment.
      if ((index.federatedCredentialsByOwner.get(resourceId)?.length ?? 0) > 0) continue;
      // Attachments are only known where resources were enumerated completely.
      const subscriptionId = subscriptionOf(resourceId);
      const subscription = subscriptionId === null ? undefined : index.subscriptionById.get(subscriptionId);
      if (!subscription?.resourcesEnumeratedAt) continue;
      const grants = listGrants(index, mi.id);
      yield {
        ...managedIdentitySubject(mi),
        target: "",
        severity: grants.total > 0 ? "medium" : "low",
        title:
          grants.total > 0
            ? `${mi.displayName} is attached to no resource but still holds ${grants.total} grant(s)`
            : `${mi.displayName} is attached to no resource`,
        evidence: {
          identityResourceId: resourceId,
          attachedResourceCount: 0,
          federatedCredentialCount: 0,
          subscriptionId,
          resourcesEnumeratedAt: isoOrNull(subscription.resourcesEnumeratedAt),
          grants,
        },
      };
    }
  },
};
