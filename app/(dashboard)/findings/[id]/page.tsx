import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { EvidenceView } from "@/components/findings/evidence-view";
import { FindingHistory } from "@/components/findings/finding-history";
import { SeverityBadge } from "@/components/findings/severity-badge";
import { FindingStatusBadge } from "@/components/findings/status-badge";
import { SignInRequired } from "@/components/layout/sign-in-required";
import { RuleText } from "@/components/rules/rule-text";
import { PageHeader } from "@/components/ui/page-header";
import { formatDay, formatInstant } from "@/components/ui/format";
import { pageAccess } from "@/lib/auth/require-page-access";
import { getFinding } from "@/lib/data/get-finding";
import { isAppError } from "@/lib/errors";
import { rules } from "@/lib/rules/registry";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Finding" };

const link =
  "text-blue-700 underline underline-offset-2 hover:text-blue-900 dark:text-blue-300 dark:hover:text-blue-200";
const MANAGED_KINDS = new Set(["SystemAssigned", "UserAssigned"]);
const kindLabel: Record<string, string> = {
  SystemAssigned: "System-assigned managed identity",
  UserAssigned: "User-assigned managed identity",
  Application: "Application",
  User: "User account",
};

function Card({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby={id}
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={id} className="mb-3 text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-0.5 min-w-0 break-words">{children}</dd>
    </div>
  );
}

export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  if (!pageAccess().allowed) {
    return (
      <>
        <PageHeader title="Finding" />
        <SignInRequired />
      </>
    );
  }
  const { id } = await params;
  if (id.length > 200) notFound();
  const finding = await getFinding(id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const rule = rules.find((r) => r.id === finding.ruleId);
  const subjectHref = MANAGED_KINDS.has(finding.subjectKind)
    ? `/identities/${encodeURIComponent(finding.subjectId)}`
    : finding.subjectIsCandidate
      ? `/candidates/${encodeURIComponent(finding.subjectId)}`
      : null;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/findings" className={link}>
          Findings
        </Link>{" "}
        <span aria-hidden="true">/</span> Finding
      </p>
      <PageHeader title={finding.title} />
      <div className="-mt-3 mb-6 flex flex-wrap items-center gap-3 text-sm">
        <SeverityBadge severity={finding.severity} />
        <FindingStatusBadge status={finding.status} />
        {finding.dueDate ? (
          finding.overdue ? (
            <span className="rounded bg-red-50 px-2 py-0.5 font-medium text-red-800 ring-1 ring-inset ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800">
              Overdue since {formatDay(finding.dueDate)}
            </span>
          ) : (
            <span className="text-slate-700 dark:text-slate-300">Due {formatDay(finding.dueDate)}</span>
          )
        ) : null}
        <span className="text-slate-700 dark:text-slate-300">
          Owner: {finding.ownerUpn ? finding.ownerUpn : <span className="italic">unassigned</span>}
        </span>
      </div>

      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-6">
          <Card id="evidence" title="Evidence">
            <EvidenceView evidence={finding.evidence} />
          </Card>
          {rule ? (
            <>
              <Card id="why" title="Why it matters">
                <p className="text-sm">
                  <RuleText text={rule.rationale} />
                </p>
                <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Severity: {rule.severityDescription}</p>
              </Card>
              <Card id="fix" title="How to fix it">
                <ol className="list-decimal space-y-1.5 pl-5 text-sm">
                  {rule.remediation.map((step) => (
                    <li key={step}>
                      <RuleText text={step} />
                    </li>
                  ))}
                </ol>
                <h3 className="mt-4 text-sm font-semibold">Microsoft documentation</h3>
                <ul className="mt-1 space-y-1 text-sm">
                  {rule.references.map((ref) => (
                    <li key={ref.url}>
                      <a className={link} href={ref.url} rel="noreferrer noopener" target="_blank">
                        {ref.title}
                      </a>
                    </li>
                  ))}
                </ul>
              </Card>
            </>
          ) : (
            <Card id="why" title="Rule">
              <p className="text-sm">
                This finding was raised by rule <code>{finding.ruleId}</code>, which this version of Identity Steward no
                longer knows.
              </p>
            </Card>
          )}
        </div>

        <div className="min-w-0 space-y-6">
          <Card id="details" title="Details">
            <dl className="space-y-3 text-sm">
              <Fact label="Subject">
                {subjectHref ? (
                  <Link href={subjectHref} className={link}>
                    {finding.subjectName}
                  </Link>
                ) : (
                  finding.subjectName
                )}
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  {kindLabel[finding.subjectKind] ?? finding.subjectKind} · <code>{finding.subjectId}</code>
                </span>
              </Fact>
              <Fact label="Rule">
                <Link href={`/rules/${finding.ruleId}`} className={link}>
                  {rule?.title ?? finding.ruleId}
                </Link>
              </Fact>
              {finding.subscriptionId ? (
                <Fact label="Subscription">
                  <code>{finding.subscriptionId}</code>
                </Fact>
              ) : null}
              <Fact label="Owner">
                {finding.ownerUpn ? (
                  <>
                    {finding.ownerDisplayName ? `${finding.ownerDisplayName} · ` : ""}
                    {finding.ownerUpn}
                  </>
                ) : (
                  "Unassigned"
                )}
              </Fact>
              <Fact label="Due">
                {finding.dueDate ? (
                  <span className={finding.overdue ? "font-medium text-red-700 dark:text-red-300" : undefined}>
                    {formatDay(finding.dueDate)}
                    {finding.overdue ? " (overdue)" : ""}
                  </span>
                ) : (
                  "No due date"
                )}
              </Fact>
              <Fact label="First seen">{formatInstant(finding.firstSeenAt)}</Fact>
              <Fact label="Last seen">{formatInstant(finding.lastSeenAt)}</Fact>
              {finding.resolvedAt ? (
                <Fact label="Resolved">
                  {formatInstant(finding.resolvedAt)}
                  {finding.resolvedReason === "no_longer_detected" ? " (no longer detected)" : ""}
                </Fact>
              ) : null}
              {finding.status === "risk_accepted" ? (
                <Fact label="Risk accepted">
                  {finding.acceptedUntil ? `until ${formatDay(finding.acceptedUntil)}` : "with no expiry"}
                  {finding.acceptanceReason ? (
                    <span className="block text-slate-700 dark:text-slate-300">{finding.acceptanceReason}</span>
                  ) : null}
                </Fact>
              ) : null}
              <Fact label="Finding id">
                <code className="break-all">{finding.id}</code>
              </Fact>
            </dl>
          </Card>
          <Card id="history" title="History">
            <FindingHistory firstSeenAt={finding.firstSeenAt} history={finding.history} comments={finding.comments} />
          </Card>
        </div>
      </div>
    </>
  );
}
