import type { Metadata } from "next";
import { NotSyncedYet } from "@/components/sync/not-synced-yet";
import { PageHeader } from "@/components/ui/page-header";
import { SignInRequired } from "@/components/layout/sign-in-required";
import { pageAccess } from "@/lib/auth/require-page-access";
import { getWorkspaceStatus } from "@/lib/data/get-workspace-status";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Findings" };

export default async function FindingsPage() {
  if (!pageAccess().allowed) {
    return (
      <>
        <PageHeader title="Findings" />
        <SignInRequired />
      </>
    );
  }
  const status = await getWorkspaceStatus();
  return (
    <>
      <PageHeader title="Findings" description="Risk findings to triage, assign and remediate." />
      {status.hasSynced ? null : <NotSyncedYet what="Findings" />}
    </>
  );
}
