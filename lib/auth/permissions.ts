// What each Identity Steward app role may do. Pure, so pages, routes and tests share it.
export const ROLES = ["Steward.Reader", "Steward.Remediator", "Steward.Admin"] as const;
export type Role = (typeof ROLES)[number];

export type Permission = "read" | "findings:write" | "sync:start";

const grants: Record<Role, readonly Permission[]> = {
  "Steward.Reader": ["read"],
  "Steward.Remediator": ["read", "findings:write"],
  "Steward.Admin": ["read", "findings:write", "sync:start"],
};

export function can(roles: readonly string[], permission: Permission): boolean {
  return roles.some((r) => (grants as Record<string, readonly Permission[] | undefined>)[r]?.includes(permission));
}
