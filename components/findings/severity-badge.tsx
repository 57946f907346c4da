import { severityLabel, type Severity } from "@/lib/rules/severity";

// Exhaustive: a new severity cannot render unstyled (CONVENTIONS §11).
const styles: Record<Severity, string> = {
  critical: "bg-red-700 text-white dark:bg-red-600",
  high: "bg-orange-100 text-orange-950 ring-1 ring-inset ring-orange-300 dark:bg-orange-950 dark:text-orange-100 dark:ring-orange-800",
  medium:
    "bg-amber-50 text-amber-950 ring-1 ring-inset ring-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-800",
  low: "bg-sky-50 text-sky-950 ring-1 ring-inset ring-sky-300 dark:bg-sky-950 dark:text-sky-100 dark:ring-sky-800",
  info: "bg-slate-100 text-slate-800 ring-1 ring-inset ring-slate-300 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-600",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-semibold ${styles[severity]}`}>
      {severityLabel[severity]}
    </span>
  );
}
