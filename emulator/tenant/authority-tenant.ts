// The tenant as the token endpoints see it (emulator/identity/types.ts): applications with their
// secrets and granted Graph permissions, managed identities, and the people who can sign in.
import type { AuthorityApplication, AuthorityManagedIdentity, AuthorityTenant, AuthorityUser } from "../identity/types";
import { GRAPH_APP_ID } from "./catalog";
import { STEWARD_IDENTITY_NAME, STEWARD_WEB_APP_NAME } from "./generate";
import { lower, type ServicePrincipal, type Tenant } from "./model";

/** Values of the app roles granted to a principal on Microsoft Graph (what its tokens carry as `roles`). */
export function graphRolesOf(tenant: Tenant, principalId: string): string[] {
  const graph = tenant.spByAppId.get(GRAPH_APP_ID);
  if (!graph) return [];
  const byId = new Map((graph.appRoles ?? []).map((r) => [r.id, r.value]));
  const out: string[] = [];
  for (const a of tenant.appRoleAssignmentsByPrincipal.get(principalId) ?? []) {
    const v = a.resourceId === graph.id ? byId.get(a.appRoleId) : undefined;
    if (v) out.push(v);
  }
  return out;
}

export function createAuthorityTenant(tenant: Tenant): AuthorityTenant {
  const steward = () =>
    tenant.servicePrincipals.find(
      (sp) => !sp.deleted && sp.miKind === "UserAssigned" && sp.displayName === STEWARD_IDENTITY_NAME,
    );
  const webSp = () =>
    tenant.servicePrincipals.find(
      (sp) => !sp.deleted && sp.servicePrincipalType === "Application" && sp.displayName === STEWARD_WEB_APP_NAME,
    );
  const mi = (sp: ServicePrincipal | undefined): AuthorityManagedIdentity | undefined =>
    sp && !sp.deleted && sp.accountEnabled && sp.servicePrincipalType === "ManagedIdentity" && sp.armId
      ? { objectId: sp.id, appId: sp.appId, resourceId: sp.armId, roles: graphRolesOf(tenant, sp.id) }
      : undefined;

  return {
    tenantId: tenant.tenantId,
    findApplication(clientId: string): AuthorityApplication | undefined {
      const app = tenant.appByAppId.get(clientId);
      const sp = tenant.spByAppId.get(clientId);
      if (!app || !sp || sp.deleted || !sp.accountEnabled) return undefined;
      return {
        appId: app.appId,
        objectId: sp.id,
        displayName: app.displayName,
        secrets: app.passwordCredentials.map((c) => ({
          secretText: c.secretText,
          endDateTime: new Date(c.end).toISOString(),
        })),
        certificatesPem: app.keyCredentials.flatMap((k) => (k.pem ? [k.pem] : [])),
        redirectUris: app.redirectUris,
        roles: graphRolesOf(tenant, sp.id),
        multiTenant: app.signInAudience !== "AzureADMyOrg",
      };
    },
    findManagedIdentity(query) {
      // The emulator's endpoint acts as the host of the product, so "system" is the product's identity.
      if (query === "system") return mi(steward());
      if (query.objectId) return mi(tenant.spById.get(query.objectId));
      if (query.clientId) return mi(tenant.spByAppId.get(query.clientId));
      if (query.resourceId) {
        const id = lower(query.resourceId);
        return mi(
          tenant.servicePrincipals.find((sp) => sp.armId !== undefined && lower(sp.armId) === id && !sp.deleted),
        );
      }
      return undefined;
    },
    users(): AuthorityUser[] {
      const web = webSp();
      const roleValues = new Map((web?.appRoles ?? []).map((r) => [r.id, r.value]));
      const out: AuthorityUser[] = [];
      // Named demo users first (people with a Steward role, and one without to see a 403), never the whole directory.
      for (const user of tenant.users.slice(0, 6)) {
        const roles = (tenant.appRoleAssignmentsByPrincipal.get(user.id) ?? [])
          .filter((a) => a.resourceId === web?.id)
          .flatMap((a) => {
            const v = roleValues.get(a.appRoleId);
            return v ? [v] : [];
          });
        out.push({ id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName, roles });
      }
      return out;
    },
  };
}
