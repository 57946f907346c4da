import type { Metadata } from "next";
import { NotSyncedYet } from "@/components/sync/not-synced-yet";
import { PageHeader } from "@/components/ui/page-header";
import { SignInRequired } from "@/components/layout/sign-in-required";
import { pageAccess } from "@/lib/auth/require-page-access";
import { getWorkspaceStatus } from "@/lib/data/get-workspace-status";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Candidates" };

export default async function CandidatesPage() {
  if (!pageAccess().allowed) {
    return (
      <>
        <PageHeader title="Candidates" />
        <SignInRequired />
      </>
    );
  }
  const status = await getWorkspaceStatus();
  return (
    <>
      <PageHeader
        title="Candidates"
        description="Applications and accounts still using secrets or certificates that could become managed identities."
      />
      {status.hasSynced ? null : <NotSyncedYet what="Migration candidates" />}
    </>
  );
}
