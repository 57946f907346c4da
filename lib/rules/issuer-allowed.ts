// Matches a federated credential's issuer against the configured allow-list.
import { normalizeIssuer } from "./cloud";

function toRegExp(pattern: string, tenantId: string): RegExp {
  const normalized = normalizeIssuer(pattern.replaceAll("{tenantId}", tenantId));
  // `*` stays inside one path segment or host label run, so `https://*.example` cannot swallow a path.
  const source = normalized
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]*");
  return new RegExp(`^${source}$`, "i");
}

export function issuerAllowed(issuer: string, patterns: readonly string[], tenantId: string): boolean {
  const candidate = normalizeIssuer(issuer);
  return patterns.some((p) => toRegExp(p, tenantId).test(candidate));
}
