// Every scope at or above an ARM scope, so "on the host's scope or above" is a few map lookups.
import { cached, lc, type SnapshotIndex } from "../index-snapshot";

const ROOT = "/";

/** Subscription id of an ARM id (lower-cased), or null when the id is not under a subscription. */
export function subscriptionOf(armId: string): string | null {
  const match = /^\/subscriptions\/([^/]+)/i.exec(armId);
  return match?.[1] ? lc(match[1]) : null;
}

/** Provider type of a resource id, e.g. microsoft.web/sites/slots for a slot. */
export function resourceTypeOf(armId: string): string | null {
  const segments = lc(armId).split("/");
  const at = segments.lastIndexOf("providers");
  if (at < 0 || at + 3 > segments.length) return null;
  const namespace = segments[at + 1];
  const types: string[] = [];
  for (let i = at + 2; i < segments.length; i += 2) {
    const t = segments[i];
    if (t) types.push(t);
  }
  return namespace && types.length > 0 ? `${namespace}/${types.join("/")}` : null;
}

function managementGroupChain(index: SnapshotIndex, managementGroupId: string | null): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  let current = managementGroupId === null ? null : lc(managementGroupId);
  // A parent cycle would be a corrupt snapshot; stop rather than loop.
  while (current !== null && !seen.has(current)) {
    seen.add(current);
    chain.push(current);
    const parent = index.managementGroupById.get(current)?.parentId ?? null;
    current = parent === null ? null : lc(parent);
  }
  return chain;
}

/**
 * The scope itself, then each parent up to "/" (lower-cased). Resource ids yield every shorter
 * prefix down to the subscription: prefixes that are not real scopes simply hold no assignments.
 */
export function ancestorScopes(index: SnapshotIndex, scope: string): readonly string[] {
  const normalized = lc(scope).replace(/\/+$/, "") || ROOT;
  if (normalized === ROOT) return [ROOT];
  const subscriptionId = subscriptionOf(normalized);
  if (subscriptionId === null) {
    // A management group (or an unknown tenant-level scope).
    return [...managementGroupChain(index, normalized), ROOT].filter((s, i, all) => all.indexOf(s) === i);
  }
  const above = cached(index, `scopes-above-subscription:${subscriptionId}`, () => {
    const sub = index.subscriptionById.get(subscriptionId);
    return [...managementGroupChain(index, sub?.managementGroupId ?? null), ROOT];
  });
  // Every prefix ending before a "/", longest first, down to "/subscriptions/<id>"; slices of the
  // normalized id rather than split-and-join, since this runs for every identity's host.
  const subscriptionEnd = normalized.indexOf("/", "/subscriptions/".length);
  const shortest = subscriptionEnd < 0 ? normalized.length : subscriptionEnd;
  const scopes: string[] = [];
  for (let end = normalized.length; end >= shortest; end = normalized.lastIndexOf("/", end - 1)) {
    const prefix = normalized.slice(0, end);
    if (!prefix.endsWith("/providers") && !prefix.endsWith("/resourcegroups")) scopes.push(prefix);
  }
  return [...scopes, ...above];
}
