import { NotSyncedYet } from "@/components/sync/not-synced-yet";
import { SyncStatusBadge } from "@/components/sync/sync-status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { StatCard } from "@/components/ui/stat-card";
import { SignInRequired } from "@/components/layout/sign-in-required";
import { pageAccess } from "@/lib/auth/require-page-access";
import { getWorkspaceStatus } from "@/lib/data/get-workspace-status";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  if (!pageAccess().allowed) {
    return (
      <>
        <PageHeader title="Overview" />
        <SignInRequired />
      </>
    );
  }
  const status = await getWorkspaceStatus();
  return (
    <>
      <PageHeader
        title="Overview"
        description="Every managed identity in the tenant, what it can do, and what needs attention."
      />
      {status.hasSynced ? (
        <section aria-label="Inventory" className="grid gap-4 sm:grid-cols-3">
          <StatCard label="Managed identities" value={status.identities.total} />
          <StatCard label="System-assigned" value={status.identities.systemAssigned} />
          <StatCard label="User-assigned" value={status.identities.userAssigned} />
        </section>
      ) : (
        <NotSyncedYet what="Counts, findings and trends" />
      )}
      {status.lastRun ? (
        <p className="mt-6 flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
          Last sync: <SyncStatusBadge status={status.lastRun.status} />
          <time dateTime={status.lastRun.startedAt}>{new Date(status.lastRun.startedAt).toUTCString()}</time>
        </p>
      ) : null}
    </>
  );
}
