import { lc } from "../index-snapshot";
import { describeGrant } from "../privilege/describe-grant";
import { getPrivilegeModel } from "../privilege/privilege-model";
import type { Rule } from "../rule";
import { managedIdentitySubject } from "../subjects";

export const miPrivilegedGroupMember: Rule = {
  id: "mi-privileged-group-member",
  title: "Managed identity is a member of a privileged group",
  severityDescription:
    "The severity of what the group grants (its Azure roles by scope, its directory roles); a role-assignable group that grants nothing yet is medium.",
  rationale:
    "Group membership hands the group's roles to every member, directly or through nested groups, and is easy to miss in a review of the identity's own assignments. Role-assignable groups exist to hold Entra roles.",
  remediation: [
    "Follow the path in the evidence and remove the identity (or the nested group) from the group that carries the privilege.",
    "Grant the identity only the narrow role it needs, directly, so reviews see it.",
  ],
  references: [
    {
      title: "Use Microsoft Entra groups to manage role assignments",
      url: "https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept",
    },
    {
      title: "Azure RBAC: assign roles to groups",
      url: "https://learn.microsoft.com/azure/role-based-access-control/role-assignments-steps",
    },
  ],
  *evaluate(index, config) {
    const privilege = getPrivilegeModel(index, config);
    for (const mi of index.managedIdentities) {
      for (const group of privilege.of(mi.id).viaGroups) {
        if (group.severity === null) continue;
        const names = group.path.map((id) => index.groupById.get(lc(id))?.displayName ?? id);
        yield {
          ...managedIdentitySubject(mi),
          target: group.groupId,
          severity: group.severity,
          title:
            group.path.length > 1
              ? `${mi.displayName} is in ${group.groupName} through ${names.slice(0, -1).join(" → ")}`
              : `${mi.displayName} is a direct member of ${group.groupName}`,
          evidence: {
            groupId: group.groupId,
            groupName: group.groupName,
            path: group.path.map((id, i) => ({ groupId: id, displayName: names[i] ?? id })),
            depth: group.path.length,
            grants: group.grants.map(describeGrant),
          },
        };
      }
    }
  },
};
