import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RuleText } from "@/components/rules/rule-text";
import { ruleDetails } from "@/components/rules/rule-details";
import { PageHeader } from "@/components/ui/page-header";
import { plural } from "@/components/ui/format";
import { pageAccess } from "@/lib/auth/require-page-access";
import { countOpenFindingsByRule } from "@/lib/data/count-open-findings-by-rule";
import { SEVERITY_SLA_DAYS } from "@/lib/findings/finding-lifecycle";
import { defaultRuleConfig } from "@/lib/rules/config";
import { rules } from "@/lib/rules/registry";
import { SEVERITIES, severityLabel } from "@/lib/rules/severity";

export const dynamic = "force-dynamic";

const link =
  "text-blue-700 underline underline-offset-2 hover:text-blue-900 dark:text-blue-300 dark:hover:text-blue-200";
const findRule = (id: string) => rules.find((r) => r.id === id);

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const rule = findRule((await params).id);
  return { title: rule ? rule.title : "Rule not found" };
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-8">
      <h2 id={id} className="mb-2 text-lg font-semibold">
        {title}
      </h2>
      <div className="max-w-3xl text-sm text-slate-800 dark:text-slate-200">{children}</div>
    </section>
  );
}

export default async function RulePage({ params }: { params: Promise<{ id: string }> }) {
  const rule = findRule((await params).id);
  if (!rule) notFound();
  const details = ruleDetails[rule.id];
  const thresholds = details.thresholds(defaultRuleConfig);
  const open = pageAccess().allowed ? ((await countOpenFindingsByRule())[rule.id] ?? 0) : null;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/rules" className={link}>
          Rules
        </Link>{" "}
        <span aria-hidden="true">/</span> <span className="font-mono">{rule.id}</span>
      </p>
      <PageHeader
        title={rule.title}
        actions={
          open === null ? null : open > 0 ? (
            <Link
              href={`/findings?rule=${rule.id}`}
              className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
            >
              {plural(open, "open finding")}
            </Link>
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">No open findings</p>
          )
        }
      />
      <p className="-mt-4 text-sm text-slate-600 dark:text-slate-400">
        <span className="font-mono">{rule.id}</span> · {details.category} rule
      </p>

      <Section id="fires" title="When it fires">
        <p>
          <RuleText text={details.firesWhen} />
        </p>
      </Section>
      <Section id="why" title="Why it matters">
        <p>
          <RuleText text={rule.rationale} />
        </p>
      </Section>
      <Section id="severity" title="Severity">
        <p>{rule.severityDescription}</p>
        <p className="mt-2 text-slate-600 dark:text-slate-400">
          Due dates count from when a finding is first seen:{" "}
          {SEVERITIES.map((s) => {
            const days = SEVERITY_SLA_DAYS[s];
            return `${severityLabel[s].toLowerCase()} ${days === null ? "none" : `${days} days`}`;
          }).join(", ")}
          .
        </p>
      </Section>
      <Section id="thresholds" title="Thresholds in effect">
        {thresholds.length === 0 ? (
          <p>This rule has no thresholds: it fires on the condition above alone.</p>
        ) : (
          <dl className="space-y-3">
            {thresholds.map((t) => (
              <div key={t.key + t.label}>
                <dt className="font-medium">
                  {t.label}{" "}
                  <span className="font-mono text-xs font-normal text-slate-600 dark:text-slate-400">{t.key}</span>
                </dt>
                <dd className="mt-1">
                  {typeof t.value === "string" ? (
                    t.value
                  ) : (
                    <ul className="list-disc space-y-0.5 pl-5">
                      {t.value.map((v) => (
                        <li key={v} className="break-words">
                          {v}
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        )}
        <p className="mt-3 text-slate-600 dark:text-slate-400">These are the defaults this build evaluates with.</p>
      </Section>
      <Section id="fix" title="How to fix it">
        <ol className="list-decimal space-y-1.5 pl-5">
          {rule.remediation.map((step) => (
            <li key={step}>
              <RuleText text={step} />
            </li>
          ))}
        </ol>
      </Section>
      <Section id="docs" title="Microsoft documentation">
        <ul className="space-y-1">
          {rule.references.map((ref) => (
            <li key={ref.url}>
              <a className={link} href={ref.url} rel="noreferrer noopener" target="_blank">
                {ref.title}
              </a>{" "}
              <span className="text-xs text-slate-600 dark:text-slate-400">({new URL(ref.url).hostname})</span>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
