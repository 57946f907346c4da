// Azure RBAC action matching: wildcards in actions, minus notActions, compared case-insensitively.
import type { AzurePermission } from "../snapshot";

const compiled = new Map<string, RegExp>();

function patternToRegExp(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (re) return re;
  const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  // `a/*/assign/action` must also cover `a/assign/action` (how Managed Identity Operator is written),
  // so a `/*/` segment may collapse to a single `/`.
  const source = pattern
    .toLowerCase()
    .split("/*/")
    .map((part) => part.split("*").map(escape).join(".*"))
    .join("/(?:.*/)?");
  re = new RegExp(`^${source}$`);
  compiled.set(pattern, re);
  return re;
}

export function actionMatches(pattern: string, action: string): boolean {
  return patternToRegExp(pattern).test(action.toLowerCase());
}

/**
 * Whether a role's permission blocks allow a concrete control-plane action. Azure grants the union
 * of the blocks, each block being its actions minus its own notActions.
 */
export function roleAllowsAction(permissions: readonly AzurePermission[], action: string): boolean {
  return permissions.some(
    (p) => p.actions.some((a) => actionMatches(a, action)) && !p.notActions.some((n) => actionMatches(n, action)),
  );
}
