// Who is calling. Entra ID sign-in (auth code + PKCE, and bearer tokens for automation) is not
// built yet, so the only caller this build can recognise is the local operator of a deployment
// that explicitly runs without sign-in (STEWARD_AUTH_MODE=none: `npm run demo`, a laptop).
// Everything else is anonymous and may not change anything.
import "server-only";
import { env } from "../env";
import type { Role } from "./permissions";

export interface Principal {
  /** tid.oid for Entra callers; "local" for the operator of an auth-less deployment. */
  id: string;
  name: string;
  roles: Role[];
}

export function getPrincipal(): Principal | null {
  if (env().STEWARD_AUTH_MODE === "none") return { id: "local", name: "Local operator", roles: ["Steward.Admin"] };
  return null;
}
