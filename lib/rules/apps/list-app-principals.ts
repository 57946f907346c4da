// The non-managed applications of this tenant as one unit each: app registration + its service
// principal (either may be missing), with the credentials held on both objects.
import { cached, lc, type SnapshotIndex } from "../index-snapshot";
import type { ApplicationRecord, CredentialRecord, ServicePrincipalRecord } from "../snapshot";

export interface AppPrincipal {
  /** The service principal's object id when there is one (it holds the grants), else the application's. */
  readonly subjectId: string;
  readonly displayName: string;
  readonly appId: string;
  readonly application: ApplicationRecord | null;
  readonly servicePrincipal: ServicePrincipalRecord | null;
  /** User-added secrets and certificates; platform-managed keys and SAML signing keys are left out. */
  readonly credentials: readonly CredentialRecord[];
  readonly signInAudience: string | null;
}

function userAdded(credential: CredentialRecord): boolean {
  if (credential.isPlatformManaged) return false;
  // A `Sign` key on a service principal signs SAML tokens; it does not authenticate the app.
  return !(credential.kind === "certificate" && credential.usage === "Sign");
}

function build(index: SnapshotIndex): AppPrincipal[] {
  const { tenantId } = index.snapshot;
  const units: AppPrincipal[] = [];
  const seenAppIds = new Set<string>();
  const credentialsOf = (ownerId: string | undefined) =>
    ownerId === undefined ? [] : (index.credentialsByOwner.get(lc(ownerId)) ?? []).filter(userAdded);
  for (const application of index.snapshot.applications) {
    const appId = lc(application.appId);
    if (seenAppIds.has(appId)) continue;
    seenAppIds.add(appId);
    const sp = index.servicePrincipalByAppId.get(appId) ?? null;
    units.push({
      subjectId: sp?.id ?? application.id,
      displayName: application.displayName,
      appId: application.appId,
      application,
      servicePrincipal: sp,
      credentials: [...credentialsOf(application.id), ...credentialsOf(sp?.id)],
      signInAudience: application.signInAudience ?? sp?.signInAudience ?? null,
    });
  }
  // Service principals of apps registered here whose registration was not synced (or is elsewhere in
  // this tenant's view); managed identities never belong here.
  for (const sp of index.snapshot.servicePrincipals) {
    if (sp.miKind !== null || sp.servicePrincipalType === "ManagedIdentity") continue;
    if (seenAppIds.has(lc(sp.appId))) continue;
    if (sp.appOwnerOrganizationId === null || lc(sp.appOwnerOrganizationId) !== lc(tenantId)) continue;
    seenAppIds.add(lc(sp.appId));
    units.push({
      subjectId: sp.id,
      displayName: sp.displayName,
      appId: sp.appId,
      application: null,
      servicePrincipal: sp,
      credentials: credentialsOf(sp.id),
      signInAudience: sp.signInAudience,
    });
  }
  return units;
}

export function listAppPrincipals(index: SnapshotIndex): readonly AppPrincipal[] {
  return cached(index, "app-principals", () => build(index));
}
