import Link from "next/link";
import { SignInRequired } from "@/components/layout/sign-in-required";
import { OverviewView } from "@/components/overview/overview-view";
import { NotSyncedYet } from "@/components/sync/not-synced-yet";
import { SyncStatusBadge } from "@/components/sync/sync-status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { pageAccess } from "@/lib/auth/require-page-access";
import { currentTenantId } from "@/lib/data/current-tenant";
import { getOverview } from "@/lib/data/get-overview";

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
  const overview = await getOverview(await currentTenantId());
  return (
    <>
      <PageHeader
        title="Overview"
        description="Every managed identity in the tenant, what it can do, and what needs attention."
      />
      {overview.hasSynced ? (
        <OverviewView overview={overview} />
      ) : (
        <>
          {overview.lastRun ? (
            <p className="mb-4 flex flex-wrap items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
              Last sync attempt: <SyncStatusBadge status={overview.lastRun.status} />
              <Link href="/sync" className="font-medium text-blue-800 underline dark:text-blue-300">
                See what happened
              </Link>
            </p>
          ) : null}
          <NotSyncedYet what="Counts, findings and trends" />
        </>
      )}
    </>
  );
}
