// Pages check access the same way route handlers do (lib/route.ts), before reading any data.
import "server-only";
import { getPrincipal, type Principal } from "./get-principal";
import { can, type Permission } from "./permissions";

export function pageAccess(permission: Permission = "read"): { principal: Principal | null; allowed: boolean } {
  const principal = getPrincipal();
  return { principal, allowed: principal !== null && can(principal.roles, permission) };
}
