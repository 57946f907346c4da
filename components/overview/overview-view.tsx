// The overview: what the inventory holds, what needs attention and how that changes per sync. Every
// figure and chart bar links to the filtered list it summarises (the URL contract of the lists).
import Link from "next/link";
import type { ReactNode } from "react";
import { BarChart } from "@/components/charts/bar-chart";
import { LineChart } from "@/components/charts/line-chart";
import { PrivilegeBadge } from "@/components/identities/privilege-badge";
import { kindLabel } from "@/components/identities/kind-label";
import { SyncStatusBadge } from "@/components/sync/sync-status-badge";
import { formatDay, formatDuration, formatInstant, formatNumber } from "@/components/ui/format";
import { SEVERITIES, severityLabel, type Severity } from "@/lib/rules/severity";
import type { Overview } from "@/lib/schemas/overview";
import { StatLink } from "./stat-link";

const severityFill: Record<Severity, string> = {
  critical: "fill-red-700 dark:fill-red-500",
  high: "fill-orange-500 dark:fill-orange-400",
  medium: "fill-amber-400 dark:fill-amber-300",
  low: "fill-sky-500 dark:fill-sky-400",
  info: "fill-slate-400 dark:fill-slate-500",
};

const link =
  "font-medium text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-300";

const targetLabel: Record<string, string> = {
  SystemAssigned: "System-assigned identity",
  UserAssigned: "User-assigned identity",
  ManagedIdentityAsFederatedCredential: "Managed identity as federated credential",
};

function Panel({ children, className = "" }: { children: ReactNode; className?: string }) {
  return (
    <div
      className={`min-w-0 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900 ${className}`}
    >
      {children}
    </div>
  );
}

/** Days when the syncs fall on different days; day and time when several share one. */
function trendLabels(trend: Overview["trend"]): string[] {
  const days = trend.map((p) => formatDay(p.at));
  if (new Set(days).size === days.length) return days;
  return trend.map((p) => formatInstant(p.at, { seconds: false }).slice(5, 16));
}

function trendSummary(trend: Overview["trend"]): string {
  if (trend.length === 0) return "No syncs evaluated yet.";
  const first = trend[0]!;
  const last = trend[trend.length - 1]!;
  if (trend.length === 1) return `One sync so far: ${last.open} open and ${last.resolved} resolved findings.`;
  return `Over the last ${trend.length} syncs, open findings went from ${first.open} to ${last.open} and resolved findings from ${first.resolved} to ${last.resolved}.`;
}

export function OverviewView({ overview }: { overview: Overview }) {
  const { identities, findings, trend, mostExposed, candidates, lastRun } = overview;
  return (
    <div className="space-y-6">
      {lastRun ? (
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
          <span>Last sync:</span>
          <SyncStatusBadge status={lastRun.status} />
          <span>
            {lastRun.mode}, started <time dateTime={lastRun.startedAt}>{formatInstant(lastRun.startedAt)}</time>
            {lastRun.durationMs !== null ? `, took ${formatDuration(lastRun.durationMs)}` : ""}
            {lastRun.warnings.length > 0
              ? `, ${lastRun.warnings.length} warning${lastRun.warnings.length === 1 ? "" : "s"}`
              : ""}
            .
          </span>
          {lastRun.status === "failed" && overview.lastSuccessfulSyncAt ? (
            <span>
              Showing the last good sync of{" "}
              <time dateTime={overview.lastSuccessfulSyncAt}>{formatInstant(overview.lastSuccessfulSyncAt)}</time>.
            </span>
          ) : null}
          <Link href="/sync" className={link}>
            Sync history
          </Link>
        </p>
      ) : null}

      <section aria-label="Headline figures" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-6">
        <StatLink label="Managed identities" value={identities.total} href="/identities" />
        <StatLink
          label="System-assigned"
          value={identities.systemAssigned}
          href="/identities?kind=SystemAssigned"
          detail={`${formatNumber(identities.orphanedSystemAssigned)} orphaned`}
        />
        <StatLink
          label="User-assigned"
          value={identities.userAssigned}
          href="/identities?kind=UserAssigned"
          detail={`${formatNumber(identities.orphanedUserAssigned)} orphaned`}
        />
        <StatLink
          label="Orphaned identities"
          value={identities.orphaned}
          href="/identities?orphaned=true"
          tone={identities.orphaned > 0 ? "warning" : "neutral"}
          detail="Outlived their resource or attached to none"
        />
        <StatLink
          label="Open findings"
          value={findings.active}
          href="/findings"
          tone={findings.bySeverity.critical > 0 ? "danger" : "neutral"}
          detail={`${formatNumber(identities.withOpenFindings)} identities affected`}
        />
        <StatLink
          label="Overdue findings"
          value={findings.overdue}
          href="/findings?due=overdue"
          tone={findings.overdue > 0 ? "danger" : "neutral"}
          detail="Past the due date of their severity"
        />
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel>
          <BarChart
            id="by-severity"
            title="Open findings by severity"
            category="Severity"
            unit={{ one: "finding", many: "findings" }}
            empty="No open findings."
            data={SEVERITIES.map((s) => ({
              key: s,
              label: severityLabel[s],
              value: findings.bySeverity[s],
              href: `/findings?severity=${s}`,
              barClassName: severityFill[s],
            }))}
          />
        </Panel>
        <Panel>
          <LineChart
            id="trend"
            title="Open and resolved findings per sync"
            labels={trendLabels(trend)}
            summary={trendSummary(trend)}
            empty="The trend starts with the first evaluated sync."
            series={[
              {
                key: "open",
                label: "Open",
                values: trend.map((p) => p.open),
                className: "stroke-red-700 dark:stroke-red-400",
                dotClassName: "fill-red-700 dark:fill-red-400",
              },
              {
                key: "resolved",
                label: "Resolved",
                values: trend.map((p) => p.resolved),
                className: "stroke-emerald-700 dark:stroke-emerald-400",
                dotClassName: "fill-emerald-700 dark:fill-emerald-400",
                dashed: true,
              },
            ]}
          />
        </Panel>
      </div>

      <Panel>
        <BarChart
          id="by-rule"
          title="Open findings by rule"
          category="Rule"
          unit={{ one: "finding", many: "findings" }}
          empty="No rule has an open finding."
          data={findings.byRule.map((r) => ({
            key: r.ruleId,
            label: r.title,
            value: r.count,
            href: `/findings?rule=${encodeURIComponent(r.ruleId)}`,
          }))}
        />
      </Panel>

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel>
          <section aria-labelledby="exposed-title">
            <h2 id="exposed-title" className="text-base font-semibold">
              Most exposed identities
            </h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              Highest risk first: the worst severity among each identity&apos;s open findings.
            </p>
            {mostExposed.length > 0 ? (
              <ol className="mt-3 divide-y divide-slate-200 dark:divide-slate-800">
                {mostExposed.map((i) => (
                  <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                    <span className="flex min-w-0 flex-col">
                      <Link href={`/identities/${encodeURIComponent(i.id)}`} className={`${link} truncate`}>
                        {i.displayName}
                      </Link>
                      <span className="text-xs text-slate-600 dark:text-slate-400">
                        {kindLabel[i.kind]} · {i.subscriptionName ?? i.subscriptionId ?? "no subscription"}
                      </span>
                    </span>
                    <span className="flex items-center gap-2">
                      <PrivilegeBadge level={i.privilege} />
                      <Link
                        href={`/findings?subject=${encodeURIComponent(i.id)}`}
                        className={`${link} tabular-nums`}
                        aria-label={`${i.openFindingCount} open findings for ${i.displayName}`}
                      >
                        {i.openFindingCount} open
                      </Link>
                    </span>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">No identity has an open finding.</p>
            )}
            <p className="mt-3 text-sm">
              <Link href="/identities?sort=privilege&dir=desc&findings=open" className={link}>
                All identities with open findings, riskiest first
              </Link>
            </p>
          </section>
        </Panel>
        <Panel>
          <section aria-labelledby="candidates-title">
            <h2 id="candidates-title" className="text-base font-semibold">
              Candidates to migrate
            </h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              Applications and accounts that authenticate with secrets or certificates and could use a managed identity
              instead.
            </p>
            <p className="mt-3 text-3xl font-semibold tabular-nums">{formatNumber(candidates.total)}</p>
            {candidates.top.length > 0 ? (
              <ol className="mt-3 divide-y divide-slate-200 dark:divide-slate-800">
                {candidates.top.map((c) => (
                  <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                    <span className="flex min-w-0 flex-col">
                      <Link href={`/candidates/${encodeURIComponent(c.id)}`} className={`${link} truncate`}>
                        {c.displayName}
                      </Link>
                      <span className="text-xs text-slate-600 dark:text-slate-400">
                        {c.principalKind} → {targetLabel[c.recommendedTarget] ?? c.recommendedTarget}
                      </span>
                    </span>
                    <span className="tabular-nums">Score {c.score}</span>
                  </li>
                ))}
              </ol>
            ) : null}
            <p className="mt-3 text-sm">
              <Link href="/candidates" className={link}>
                All candidates
              </Link>
            </p>
          </section>
        </Panel>
      </div>
    </div>
  );
}
