import type { Metadata } from "next";
import { NotSyncedYet } from "@/components/sync/not-synced-yet";
import { PageHeader } from "@/components/ui/page-header";
import { getWorkspaceStatus } from "@/lib/data/get-workspace-status";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Findings" };

export default async function FindingsPage() {
  const status = await getWorkspaceStatus();
  return (
    <>
      <PageHeader title="Findings" description="Risk findings to triage, assign and remediate." />
      {status.hasSynced ? null : <NotSyncedYet what="Findings" />}
    </>
  );
}
