import { SeverityBadge } from "@/components/findings/severity-badge";
import type { PrivilegeLevelName } from "@/lib/url-state/identities";

export const privilegeLabel: Record<PrivilegeLevelName, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  none: "None",
};

/** An identity's risk: the highest severity among its open findings (styled as that severity). */
export function PrivilegeBadge({ level }: { level: PrivilegeLevelName }) {
  if (level !== "none") return <SeverityBadge severity={level} />;
  return (
    <span className="inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-inset ring-slate-300 dark:text-slate-300 dark:ring-slate-600">
      None
    </span>
  );
}
