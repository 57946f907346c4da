// Severity order shared by rules, findings and the UI; every mapping over it is an exhaustive record.

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

// Higher is worse; 0 is reserved for "no privilege" in comparisons.
export const severityRank: Record<Severity, number> = {
  critical: 5,
  high: 4,
  medium: 3,
  low: 2,
  info: 1,
};

export const severityLabel: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Info",
};

/** The worse of two severities; `null` means "nothing", so any severity beats it. */
export function maxSeverity(a: Severity | null, b: Severity | null): Severity | null {
  if (a === null) return b;
  if (b === null) return a;
  return severityRank[a] >= severityRank[b] ? a : b;
}

export function rankOf(severity: Severity | null): number {
  return severity === null ? 0 : severityRank[severity];
}

/** Sort comparator: worst first. */
export function compareSeverityDesc(a: Severity, b: Severity): number {
  return severityRank[b] - severityRank[a];
}
