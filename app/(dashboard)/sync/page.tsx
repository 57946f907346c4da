import type { Metadata } from "next";
import Link from "next/link";
import { SignInRequired } from "@/components/layout/sign-in-required";
import { SyncPanel } from "@/components/sync/sync-panel";
import { SyncRunTable } from "@/components/sync/sync-run-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { pageAccess } from "@/lib/auth/require-page-access";
import { isAppError } from "@/lib/errors";
import { listSyncRuns, type SyncRunPage } from "@/lib/data/list-sync-runs";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sync" };

const description = "Every run that read the tenant from Microsoft Graph and Azure Resource Manager, newest first.";

export default async function SyncPage({ searchParams }: { searchParams: Promise<{ before?: string | string[] }> }) {
  const access = pageAccess("read");
  if (!access.allowed) {
    return (
      <>
        <PageHeader title="Sync" description={description} />
        <SignInRequired />
      </>
    );
  }
  const { before } = await searchParams;
  const cursor = typeof before === "string" ? before : null;
  let page: SyncRunPage;
  try {
    page = await listSyncRuns({ before: cursor });
  } catch (error) {
    // A hand-edited or stale `before` is not worth an error page: show the newest runs instead.
    if (!isAppError(error) || error.code !== "invalid_input") throw error;
    page = await listSyncRuns();
  }
  // The live run is on the first page (newest first); an older page has nothing to watch.
  const active = cursor ? undefined : page.runs.find((r) => r.activity === "active");
  return (
    <>
      <PageHeader title="Sync" description={description} />
      <SyncPanel activeRunId={active?.id ?? null} canStart={pageAccess("sync:start").allowed} />
      <h2 className="mb-3 text-lg font-semibold">{cursor ? "Older runs" : "Run history"}</h2>
      {page.runs.length === 0 ? (
        <EmptyState title={cursor ? "No older runs" : "No sync has run yet"}>
          <p>
            Press <strong>Sync now</strong> above, or run <code>npx steward sync</code> with the tenant configured in
            the environment (<code>npm run demo</code> syncs the emulated demo tenant). Each run is listed here with its
            counts, warnings and errors.
          </p>
        </EmptyState>
      ) : (
        <SyncRunTable runs={page.runs} />
      )}
      <nav aria-label="Run history pages" className="mt-4 flex gap-4 text-sm">
        {cursor ? (
          <Link className="text-blue-700 underline underline-offset-2 dark:text-blue-300" href="/sync">
            Newest runs
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link
            className="text-blue-700 underline underline-offset-2 dark:text-blue-300"
            href={`/sync?before=${encodeURIComponent(page.nextCursor)}`}
          >
            Older runs
          </Link>
        ) : null}
      </nav>
    </>
  );
}
