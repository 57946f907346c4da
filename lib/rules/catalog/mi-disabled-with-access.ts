import { listGrants } from "../privilege/list-grants";
import type { Rule } from "../rule";
import { managedIdentitySubject } from "../subjects";

export const miDisabledWithAccess: Rule = {
  id: "mi-disabled-with-access",
  title: "Disabled managed identity still holds grants",
  severityDescription: "Low.",
  rationale:
    "Disabling a service principal stops sign-ins but leaves its role assignments, permissions and group memberships in place; re-enabling it silently restores everything. Grants on a disabled identity are clutter that hides real access in reviews.",
  remediation: [
    "If the identity is retired, remove its grants and delete it (or its host).",
    "If it was disabled by mistake, re-enable it and review its grants.",
  ],
  references: [
    {
      title: "Disable a service principal (accountEnabled)",
      url: "https://learn.microsoft.com/graph/api/resources/serviceprincipal",
    },
  ],
  *evaluate(index) {
    for (const mi of index.managedIdentities) {
      if (mi.accountEnabled) continue;
      const grants = listGrants(index, mi.id);
      if (grants.total === 0) continue;
      yield {
        ...managedIdentitySubject(mi),
        target: "",
        severity: "low",
        title: `${mi.displayName} is disabled but still holds ${grants.total} grant(s)`,
        evidence: { accountEnabled: false, grants },
      };
    }
  },
};
