import type { Metadata } from "next";
import { NotSyncedYet } from "@/components/sync/not-synced-yet";
import { PageHeader } from "@/components/ui/page-header";
import { SignInRequired } from "@/components/layout/sign-in-required";
import { pageAccess } from "@/lib/auth/require-page-access";
import { getWorkspaceStatus } from "@/lib/data/get-workspace-status";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Identities" };

export default async function IdentitiesPage() {
  if (!pageAccess().allowed) {
    return (
      <>
        <PageHeader title="Identities" />
        <SignInRequired />
      </>
    );
  }
  const status = await getWorkspaceStatus();
  return (
    <>
      <PageHeader title="Identities" description="Every managed identity" />
      {status.hasSynced ? null : (
        <NotSyncedYet what=" system- and user-assigned, where it lives and what it can do.:Managed identities" />
      )}
    </>
  );
}
