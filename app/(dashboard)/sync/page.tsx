import type { Metadata } from "next";
import { SignInRequired } from "@/components/layout/sign-in-required";
import { SyncPanel } from "@/components/sync/sync-panel";
import { SyncStatusBadge } from "@/components/sync/sync-status-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { pageAccess } from "@/lib/auth/require-page-access";
import { listSyncRuns } from "@/lib/data/list-sync-runs";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sync" };

function formatDuration(ms: number | null) {
  if (ms == null) return "—";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export default async function SyncPage() {
  const access = pageAccess("read");
  if (!access.allowed) {
    return (
      <>
        <PageHeader
          title="Sync"
          description="Every run that read the tenant from Microsoft Graph and Azure Resource Manager."
        />
        <SignInRequired />
      </>
    );
  }
  const runs = await listSyncRuns();
  const running = runs.find((r) => r.status === "running");
  return (
    <>
      <PageHeader
        title="Sync"
        description="Every run that read the tenant from Microsoft Graph and Azure Resource Manager."
      />
      <SyncPanel runningRunId={running?.id ?? null} canStart={pageAccess("sync:start").allowed} />
      {runs.length === 0 ? (
        <EmptyState title="No sync has run yet">
          <p>
            Run <code>npx steward sync</code> with the tenant configured in the environment, or{" "}
            <code>npm run demo</code> to sync the emulated demo tenant. Each run is listed here with its counts,
            warnings and errors.
          </p>
        </EmptyState>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Sync runs, newest first</caption>
          <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">
                Started (UTC)
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Mode
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Status
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Duration
              </th>
              <th scope="col" className="py-2 font-medium">
                Error
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} className="border-b border-slate-100 dark:border-slate-900">
                <td className="py-2 pr-4 tabular-nums">
                  <time dateTime={run.startedAt}>{run.startedAt.replace("T", " ").slice(0, 19)}</time>
                </td>
                <td className="py-2 pr-4">{run.mode}</td>
                <td className="py-2 pr-4">
                  <SyncStatusBadge status={run.status} />
                </td>
                <td className="py-2 pr-4 tabular-nums">{formatDuration(run.durationMs)}</td>
                <td className="py-2">{run.error ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
