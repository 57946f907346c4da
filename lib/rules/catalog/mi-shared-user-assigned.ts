import { lc } from "../index-snapshot";
import type { Rule } from "../rule";
import { managedIdentitySubject } from "../subjects";

export const miSharedUserAssigned: Rule = {
  id: "mi-shared-user-assigned",
  title: "User-assigned identity is shared widely",
  severityDescription:
    "Medium when attached to resources in more than one subscription; low when attached to more than 5 resources in one (both limits are configuration).",
  rationale:
    "Every resource carrying the identity can use all of its grants, so the identity's blast radius is the union of what every workload needs, and compromising any one host compromises all. Sharing across subscriptions also crosses ownership boundaries.",
  remediation: [
    "Group the attached resources by workload and give each workload its own user-assigned identity with only its grants.",
    "Detach the identity from resources that do not need it.",
  ],
  references: [
    {
      title: "Managed identity best practices: choosing system- or user-assigned identities",
      url: "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations",
    },
  ],
  *evaluate(index, config) {
    const { maxSubscriptions, maxResources } = config.sharedIdentity;
    for (const mi of index.managedIdentities) {
      if (mi.miKind !== "UserAssigned" || mi.miResourceId === null) continue;
      const attachments = index.attachmentsByIdentityResourceId.get(lc(mi.miResourceId)) ?? [];
      if (attachments.length <= maxResources && attachments.length <= maxSubscriptions) continue;
      const resources = [...new Set(attachments.map((a) => lc(a.resourceId)))].sort();
      const subscriptions = [...new Set(attachments.map((a) => lc(a.subscriptionId)))].sort();
      const acrossSubscriptions = subscriptions.length > maxSubscriptions;
      if (!acrossSubscriptions && resources.length <= maxResources) continue;
      yield {
        ...managedIdentitySubject(mi),
        target: "",
        severity: acrossSubscriptions ? "medium" : "low",
        title: acrossSubscriptions
          ? `${mi.displayName} is attached to resources in ${subscriptions.length} subscriptions`
          : `${mi.displayName} is attached to ${resources.length} resources`,
        evidence: {
          identityResourceId: lc(mi.miResourceId),
          attachedResourceIds: resources,
          subscriptionIds: subscriptions,
          limits: { maxSubscriptions, maxResources },
        },
      };
    }
  },
};
