import { getPrivilegeModel } from "../privilege/privilege-model";
import type { Rule } from "../rule";
import { DAY_MS, isoOrNull, managedIdentitySubject } from "../subjects";

export const miInactivePrivileged: Rule = {
  id: "mi-inactive-privileged",
  title: "Privileged managed identity has not signed in recently",
  severityDescription: "Low.",
  rationale:
    "Privilege nobody uses is pure risk: an identity with no sign-in for the inactivity period (90 days by default) can usually lose its roles without breaking anything. Only judged where the tenant reports sign-in activity; an identity never seen signing in is judged once it has existed for the whole period.",
  remediation: [
    "Confirm with the owner whether the workload still runs (it may run less often than the period).",
    "Remove the privileged assignments, or delete the identity and its host if the workload is retired.",
  ],
  references: [
    {
      title: "Service principal sign-in activity report",
      url: "https://learn.microsoft.com/graph/api/resources/serviceprincipalsigninactivity?view=graph-rest-beta",
    },
    {
      title: "Govern inactive workload identities",
      url: "https://learn.microsoft.com/entra/id-governance/access-reviews-application-preparation",
    },
  ],
  *evaluate(index, config) {
    if (!index.snapshot.signInActivityAvailable) return;
    const privilege = getPrivilegeModel(index, config);
    const cutoff = index.snapshot.now.getTime() - config.inactivityDays * DAY_MS;
    for (const mi of index.managedIdentities) {
      const lastActive = mi.lastSignInAt ?? null;
      if (lastActive !== null && lastActive.getTime() >= cutoff) continue;
      // Never seen signing in: only inactive once it has existed for the whole period.
      if (lastActive === null && (mi.firstSeenAt === null || mi.firstSeenAt.getTime() > cutoff)) continue;
      const held = privilege.of(mi.id);
      if (held.severity === null) continue;
      yield {
        ...managedIdentitySubject(mi),
        target: "",
        severity: "low",
        title:
          lastActive === null
            ? `${mi.displayName} holds ${held.severity} privilege and has never signed in`
            : `${mi.displayName} holds ${held.severity} privilege and last signed in ${lastActive.toISOString().slice(0, 10)}`,
        evidence: {
          lastSignInAt: isoOrNull(lastActive),
          firstSeenAt: isoOrNull(mi.firstSeenAt),
          inactivityDays: config.inactivityDays,
          privilegeSeverity: held.severity,
          privilegedAssignmentIds: [
            ...held.direct.grants.map((g) => ("assignmentId" in g ? g.assignmentId : g.groupId)),
            ...held.viaGroups.map((g) => `group:${g.groupId}`),
          ],
        },
      };
    }
  },
};
