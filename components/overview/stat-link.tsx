import Link from "next/link";

/** A headline figure that opens the list it counts. */
export function StatLink({
  label,
  value,
  href,
  detail,
  tone = "neutral",
}: {
  label: string;
  value: number;
  href: string;
  detail?: string;
  tone?: "neutral" | "warning" | "danger";
}) {
  const accent =
    tone === "danger"
      ? "border-l-red-600 dark:border-l-red-500"
      : tone === "warning"
        ? "border-l-amber-500 dark:border-l-amber-400"
        : "border-l-blue-600 dark:border-l-blue-400";
  return (
    <Link
      href={href}
      className={`block rounded-lg border border-l-4 border-slate-200 bg-white p-4 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-800 dark:bg-slate-900 dark:hover:bg-slate-800 ${accent}`}
    >
      <span className="block text-sm text-slate-600 dark:text-slate-400">{label}</span>
      <span className="mt-1 block text-3xl font-semibold tabular-nums">{value.toLocaleString("en-US")}</span>
      {detail ? <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400">{detail}</span> : null}
    </Link>
  );
}
