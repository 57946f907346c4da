// ARM resource ids: compared case-insensitively (real data mixes `resourceGroups` and
// `resourcegroups`), so the sync stores them lower-cased and keeps the original for display.

export interface ArmIdParts {
  /** Lower-cased id without a trailing slash. */
  id: string;
  subscriptionId: string | null;
  resourceGroup: string | null;
  /** Lower-cased `namespace/type[/subtype…]`, e.g. microsoft.compute/virtualmachines. */
  type: string | null;
  name: string | null;
}

export function normalizeArmId(id: string): string {
  return id.trim().replace(/\/+$/, "").toLowerCase();
}

export function parseArmId(raw: string): ArmIdParts {
  const id = normalizeArmId(raw);
  const segs = id.split("/").filter(Boolean);
  const at = (name: string) => {
    const i = segs.indexOf(name);
    return i >= 0 ? (segs[i + 1] ?? null) : null;
  };
  const subscriptionId = at("subscriptions");
  const resourceGroup = at("resourcegroups");
  let type: string | null = null;
  let name: string | null = null;
  const p = segs.lastIndexOf("providers");
  if (p >= 0 && segs.length > p + 2) {
    const namespace = segs[p + 1]!;
    const rest = segs.slice(p + 2);
    // rest alternates type/name/subtype/subname…
    type = [namespace, ...rest.filter((_, i) => i % 2 === 0)].join("/");
    name = rest.length % 2 === 0 ? (rest.at(-1) ?? null) : null;
  }
  return { id, subscriptionId, resourceGroup, type, name };
}

export type ScopeLevel = "root" | "managementGroup" | "subscription" | "resourceGroup" | "resource";

/** Where an Azure role assignment applies: "/" is the tenant root. */
export function scopeLevel(scope: string): ScopeLevel {
  const s = normalizeArmId(scope);
  if (s === "" || s === "/") return "root";
  if (s.startsWith("/providers/microsoft.management/managementgroups/")) return "managementGroup";
  const segs = s.split("/").filter(Boolean);
  if (segs[0] !== "subscriptions") return "resource";
  if (segs.length === 2) return "subscription";
  if (segs.length === 4 && segs[2] === "resourcegroups") return "resourceGroup";
  return "resource";
}
