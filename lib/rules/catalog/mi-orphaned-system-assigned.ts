import { lc } from "../index-snapshot";
import { subscriptionOf } from "../privilege/ancestor-scopes";
import { listGrants } from "../privilege/list-grants";
import type { Rule } from "../rule";
import { isoOrNull, managedIdentitySubject } from "../subjects";

export const miOrphanedSystemAssigned: Rule = {
  id: "mi-orphaned-system-assigned",
  title: "System-assigned identity outlived its host resource",
  severityDescription: "Medium.",
  rationale:
    "A system-assigned identity should be deleted with its resource. One whose host is gone (or whose host now carries a different identity) is a leftover that still shows up in reviews and may keep grants nobody owns. It is only judged where the host's subscription was enumerated completely.",
  remediation: [
    "Check the resource id in the evidence; if the resource was deleted, remove the identity's role assignments and permissions.",
    "Delete the leftover service principal (Remove-MgServicePrincipal) or open a support case if the platform did not.",
  ],
  references: [
    {
      title: "Managed identity lifecycle (system-assigned)",
      url: "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview#managed-identity-types",
    },
    {
      title: "Managed identities: known issues (orphaned identities after moves)",
      url: "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/known-issues",
    },
  ],
  *evaluate(index) {
    for (const mi of index.managedIdentities) {
      if (mi.miKind !== "SystemAssigned" || mi.miResourceId === null) continue;
      const hostId = lc(mi.miResourceId);
      const subscriptionId = subscriptionOf(hostId);
      const subscription = subscriptionId === null ? undefined : index.subscriptionById.get(subscriptionId);
      if (!subscription?.resourcesEnumeratedAt) continue;
      const host = index.resourceById.get(hostId);
      // A host that now reports another principal was recreated (or re-enabled its identity): this one is stale.
      const reason = !host
        ? "host-not-found"
        : host.principalId !== null && lc(host.principalId) !== lc(mi.id)
          ? "host-has-another-identity"
          : null;
      if (reason === null) continue;
      yield {
        ...managedIdentitySubject(mi),
        target: "",
        severity: "medium",
        title:
          reason === "host-not-found"
            ? `${mi.displayName}'s host resource no longer exists`
            : `${mi.displayName}'s host resource now carries another identity`,
        evidence: {
          hostResourceId: hostId,
          reason,
          hostPrincipalId: host?.principalId ?? null,
          subscriptionId,
          resourcesEnumeratedAt: isoOrNull(subscription.resourcesEnumeratedAt),
          grants: listGrants(index, mi.id),
        },
      };
    }
  },
};
