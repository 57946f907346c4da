// Decides whether an Azure role is privileged from what it allows, not from its name.
import type { RuleConfig } from "../config";
import type { ResolvedRoleDefinition } from "./resolve-role-definition";
import { actionMatches, roleAllowsAction } from "./role-allows-action";

export type AzureRoleBasis = "privileged-role-id" | "grants-access-control" | "all-actions";

export interface AzureRoleClassification {
  readonly privileged: boolean;
  /** Why it is privileged; null when it is not. */
  readonly basis: AzureRoleBasis | null;
}

// Writing role assignments or role definitions is what `Microsoft.Authorization/*/write` buys; a role
// that keeps only lock or policy writes after its notActions cannot hand out access.
const ACCESS_CONTROL_ACTIONS = [
  "Microsoft.Authorization/roleAssignments/write",
  "Microsoft.Authorization/roleDefinitions/write",
];

const ANY_PROVIDER_WRITE = "Steward.Probe/anyResource/write";

export function classifyAzureRole(definition: ResolvedRoleDefinition, config: RuleConfig): AzureRoleClassification {
  if (config.privilegedAzureRoleIds.includes(definition.id)) return { privileged: true, basis: "privileged-role-id" };
  // `*` is Contributor-like unless its own notActions take every write back (`*` or `*/write`), which
  // a write on a provider no notAction names can only be caught by.
  const allActions = definition.permissions.some(
    (p) => p.actions.includes("*") && !p.notActions.some((n) => actionMatches(n, ANY_PROVIDER_WRITE)),
  );
  if (allActions) return { privileged: true, basis: "all-actions" };
  if (ACCESS_CONTROL_ACTIONS.some((action) => roleAllowsAction(definition.permissions, action))) {
    return { privileged: true, basis: "grants-access-control" };
  }
  return { privileged: false, basis: null };
}
