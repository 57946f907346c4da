import type { Metadata } from "next";
import Link from "next/link";
import { RuleText } from "@/components/rules/rule-text";
import { ruleDetails } from "@/components/rules/rule-details";
import { PageHeader } from "@/components/ui/page-header";
import { plural } from "@/components/ui/format";
import { pageAccess } from "@/lib/auth/require-page-access";
import { countOpenFindingsByRule } from "@/lib/data/count-open-findings-by-rule";
import { rules } from "@/lib/rules/registry";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Rules" };

const link =
  "text-blue-700 underline underline-offset-2 hover:text-blue-900 dark:text-blue-300 dark:hover:text-blue-200";

// The catalog is part of the product, not tenant data: it is readable without sign-in. The open
// finding counts are tenant data, shown only to those who may read it.
export default async function RulesPage() {
  const counts = pageAccess().allowed ? await countOpenFindingsByRule() : null;
  const managed = rules.filter((r) => ruleDetails[r.id].category === "Managed identity").length;
  return (
    <>
      <PageHeader
        title="Rules"
        description={`The checks Identity Steward runs over every synced snapshot: ${managed} about managed identities, ${rules.length - managed} about apps and accounts that could move to one. Thresholds are configuration; ids never change.`}
      />
      <ul className="space-y-4">
        {rules.map((rule) => {
          const details = ruleDetails[rule.id];
          const open = counts?.[rule.id] ?? 0;
          return (
            <li
              key={rule.id}
              id={rule.id}
              className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
            >
              <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
                <h2 className="text-base font-semibold">
                  <Link href={`/rules/${rule.id}`} className={link}>
                    {rule.title}
                  </Link>
                </h2>
                {counts ? (
                  open > 0 ? (
                    <Link href={`/findings?rule=${rule.id}`} className={`text-sm ${link}`}>
                      {plural(open, "open finding")}
                    </Link>
                  ) : (
                    <span className="text-sm text-slate-600 dark:text-slate-400">no open findings</span>
                  )
                ) : null}
              </div>
              <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                <span className="font-mono">{rule.id}</span> · {details.category}
              </p>
              <p className="mt-2 text-sm text-slate-800 dark:text-slate-200">
                <RuleText text={details.firesWhen} />
              </p>
              <p className="mt-2 text-sm">
                <span className="font-medium">Severity: </span>
                {rule.severityDescription}
              </p>
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer font-medium text-blue-800 dark:text-blue-300">How to fix it</summary>
                <ol className="mt-2 list-decimal space-y-1 pl-5">
                  {rule.remediation.map((step) => (
                    <li key={step}>
                      <RuleText text={step} />
                    </li>
                  ))}
                </ol>
                <p className="mt-2">
                  <Link href={`/rules/${rule.id}`} className={link}>
                    Why it matters, thresholds and Microsoft documentation
                  </Link>
                </p>
              </details>
            </li>
          );
        })}
      </ul>
    </>
  );
}
