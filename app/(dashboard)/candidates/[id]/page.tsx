import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CandidatePlan } from "@/components/candidates/candidate-plan";
import { ScoreMeter } from "@/components/candidates/score-meter";
import { targetLabel } from "@/components/candidates/target-label";
import { SeverityBadge } from "@/components/findings/severity-badge";
import { SignInRequired } from "@/components/layout/sign-in-required";
import { PageHeader } from "@/components/ui/page-header";
import { formatInstant } from "@/components/ui/format";
import { pageAccess } from "@/lib/auth/require-page-access";
import { getCandidate } from "@/lib/data/get-candidate";
import { isAppError } from "@/lib/errors";
import type { Severity } from "@/lib/rules/severity";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Migration candidate" };

const link =
  "text-blue-700 underline underline-offset-2 hover:text-blue-900 dark:text-blue-300 dark:hover:text-blue-200";
const card = "rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";

export default async function CandidatePage({ params }: { params: Promise<{ id: string }> }) {
  if (!pageAccess().allowed) {
    return (
      <>
        <PageHeader title="Migration candidate" />
        <SignInRequired />
      </>
    );
  }
  const { id } = await params;
  if (id.length > 200) notFound();
  const candidate = await getCandidate(id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/candidates" className={link}>
          Candidates
        </Link>{" "}
        <span aria-hidden="true">/</span> Plan
      </p>
      <PageHeader title={candidate.displayName} />
      <div className="-mt-3 mb-6 flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
        <span className="flex items-center gap-2">
          Score <ScoreMeter score={candidate.score} />
        </span>
        <span>{candidate.principalKind === "User" ? "User account" : "Application"}</span>
        <span>{candidate.credentialSummary}</span>
        <span className="text-slate-600 dark:text-slate-400">
          Object id <code>{candidate.id}</code>
          {candidate.appId ? (
            <>
              {" "}
              · app id <code>{candidate.appId}</code>
            </>
          ) : null}
        </span>
      </div>

      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="min-w-0 space-y-6">
          <section aria-labelledby="target" className={card}>
            <h2 id="target" className="text-base font-semibold">
              Recommended: {targetLabel[candidate.recommendedTarget]}
            </h2>
            {candidate.targetReasoning.length > 0 ? (
              <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
                {candidate.targetReasoning.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ) : null}
          </section>
          <section aria-labelledby="plan">
            <h2 id="plan" className="mb-3 text-lg font-semibold">
              The plan
            </h2>
            {candidate.plan ? (
              <CandidatePlan candidate={candidate} plan={candidate.plan} />
            ) : (
              <p className={`${card} text-sm`}>
                The stored plan was written by another version of Identity Steward and cannot be shown; the next sync
                recomputes it.
              </p>
            )}
          </section>
        </div>
        <div className="min-w-0 space-y-6">
          <section aria-labelledby="reasons" className={card}>
            <h2 id="reasons" className="mb-2 text-base font-semibold">
              Why it is a candidate
            </h2>
            <ul className="list-disc space-y-1.5 pl-5 text-sm">
              {candidate.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
            <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">
              Computed {formatInstant(candidate.computedAt)}, after the last sync.
            </p>
          </section>
          <section aria-labelledby="findings" className={card}>
            <h2 id="findings" className="mb-2 text-base font-semibold">
              Open findings
            </h2>
            {candidate.openFindings.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">None open.</p>
            ) : (
              <ul className="space-y-2 text-sm">
                {candidate.openFindings.map((f) => (
                  <li key={f.id} className="flex items-start gap-2">
                    <SeverityBadge severity={f.severity as Severity} />
                    <Link href={`/findings/${encodeURIComponent(f.id)}`} className={link}>
                      {f.title}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
