// App registrations that accept a user-assigned identity's token as their federated credential:
// whoever can become the identity can act as each of these apps.
import { entraIssuers, normalizeIssuer, tokenExchangeAudience } from "../cloud";
import { cached, lc, type SnapshotIndex } from "../index-snapshot";
import type { ApplicationRecord, FederatedCredentialRecord, ServicePrincipalRecord } from "../snapshot";

export interface TrustingApp {
  readonly federatedCredential: FederatedCredentialRecord;
  readonly application: ApplicationRecord | null;
  readonly servicePrincipal: ServicePrincipalRecord | null;
}

export function findTrustingApps(index: SnapshotIndex, identity: ServicePrincipalRecord): TrustingApp[] {
  // Only user-assigned identities can be an app's federated credential (api-facts §2).
  if (identity.miKind !== "UserAssigned") return [];
  const { issuers, audience } = cached(index, "mi-as-fic-values", () => {
    const { cloud, tenantId, authorityHost } = index.snapshot;
    return {
      issuers: new Set(entraIssuers(cloud, tenantId, authorityHost).map(normalizeIssuer)),
      audience: tokenExchangeAudience(cloud),
    };
  });
  const trusting: TrustingApp[] = [];
  // The subject must equal the object id exactly (case-sensitive), so it is looked up as stored.
  for (const fic of index.appFederatedCredentialsBySubject.get(identity.id) ?? []) {
    if (!issuers.has(normalizeIssuer(fic.issuer))) continue;
    if (!fic.audiences.includes(audience)) continue;
    const application = index.applicationById.get(lc(fic.ownerId)) ?? null;
    const servicePrincipal = application ? (index.servicePrincipalByAppId.get(lc(application.appId)) ?? null) : null;
    trusting.push({ federatedCredential: fic, application, servicePrincipal });
  }
  return trusting;
}
