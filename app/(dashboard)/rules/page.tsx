import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { rules } from "@/lib/rules/registry";

export const metadata: Metadata = { title: "Rules" };

// The catalog is part of the product, not tenant data: it is readable without sign-in.
export default function RulesPage() {
  return (
    <>
      <PageHeader
        title="Rules"
        description="The checks Identity Steward runs over every synced snapshot. Thresholds are configuration; ids never change."
      />
      <ul className="space-y-4">
        {rules.map((rule) => (
          <li
            key={rule.id}
            id={rule.id}
            className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
          >
            <h2 className="text-base font-semibold">{rule.title}</h2>
            <p className="mt-1 font-mono text-xs text-slate-600 dark:text-slate-400">{rule.id}</p>
            <p className="mt-2 text-sm text-slate-800 dark:text-slate-200">{rule.rationale}</p>
            <p className="mt-2 text-sm">
              <span className="font-medium">Severity: </span>
              {rule.severityDescription}
            </p>
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer font-medium text-blue-800 dark:text-blue-300">How to fix it</summary>
              <ol className="mt-2 list-decimal space-y-1 pl-5">
                {rule.remediation.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
              <ul className="mt-2 space-y-1">
                {rule.references.map((ref) => (
                  <li key={ref.url}>
                    <a
                      className="text-blue-800 underline dark:text-blue-300"
                      href={ref.url}
                      rel="noreferrer noopener"
                      target="_blank"
                    >
                      {ref.title}
                    </a>
                  </li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </>
  );
}
