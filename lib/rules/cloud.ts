// Cloud-specific values for a managed identity used as a federated credential (api-facts §2).
import type { Cloud } from "./snapshot";

const AUTHORITY_HOST: Record<Exclude<Cloud, "custom">, string> = {
  public: "https://login.microsoftonline.com",
  usgov: "https://login.microsoftonline.us",
  china: "https://login.chinacloudapi.cn",
};

const TOKEN_EXCHANGE_AUDIENCE: Record<Cloud, string> = {
  public: "api://AzureADTokenExchange",
  usgov: "api://AzureADTokenExchangeUSGov",
  china: "api://AzureADTokenExchangeChina",
  // A custom cloud (the emulator) mirrors the public one.
  custom: "api://AzureADTokenExchange",
};

/** The issuer an app's federated credential must name to trust this tenant's managed identities. */
export function entraIssuer(cloud: Cloud, tenantId: string, authorityHost?: string): string {
  const host = cloud === "custom" ? (authorityHost ?? AUTHORITY_HOST.public) : AUTHORITY_HOST[cloud];
  return `${host.replace(/\/+$/, "")}/${tenantId}/v2.0`;
}

/**
 * Every issuer under which this tenant's managed identities may be trusted. A custom cloud mirrors
 * the public one (the tenant emulator, or a stack whose apps were configured with Microsoft's
 * public issuer), so both its own authority and the public issuer count there.
 */
export function entraIssuers(cloud: Cloud, tenantId: string, authorityHost?: string): string[] {
  const own = entraIssuer(cloud, tenantId, authorityHost);
  return cloud === "custom" ? [...new Set([own, entraIssuer("public", tenantId)])] : [own];
}

export function tokenExchangeAudience(cloud: Cloud): string {
  return TOKEN_EXCHANGE_AUDIENCE[cloud];
}

/** Issuer URLs compare without a trailing slash and with a case-insensitive host. */
export function normalizeIssuer(issuer: string): string {
  const trimmed = issuer.trim().replace(/\/+$/, "");
  const match = /^(https?:\/\/[^/]+)(.*)$/i.exec(trimmed);
  return match ? `${(match[1] ?? "").toLowerCase()}${match[2] ?? ""}` : trimmed;
}
