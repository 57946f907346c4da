// Matches a federated credential's issuer against the configured allow-list.
import { normalizeIssuer } from "./cloud";

const compiled = new Map<string, RegExp>();

function toRegExp(pattern: string, tenantId: string): RegExp {
  const key = `${tenantId}|${pattern}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  const normalized = normalizeIssuer(pattern.replaceAll("{tenantId}", tenantId));
  // `*` stays inside one path segment or host label run, so `https://*.example` cannot swallow a path.
  const source = normalized
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]*");
  const re = new RegExp(`^${source}$`, "i");
  compiled.set(key, re);
  return re;
}

export function issuerAllowed(issuer: string, patterns: readonly string[], tenantId: string): boolean {
  const candidate = normalizeIssuer(issuer);
  return patterns.some((p) => toRegExp(p, tenantId).test(candidate));
}
