import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { SignInRequired } from "@/components/layout/sign-in-required";
import { SyncRunView } from "@/components/sync/sync-run-view";
import { PageHeader } from "@/components/ui/page-header";
import { formatInstant } from "@/components/ui/format";
import { pageAccess } from "@/lib/auth/require-page-access";
import { getSyncRun } from "@/lib/data/get-sync-run";
import { isAppError } from "@/lib/errors";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sync run" };

export default async function SyncRunPage({ params }: { params: Promise<{ id: string }> }) {
  if (!pageAccess().allowed) {
    return (
      <>
        <PageHeader title="Sync run" />
        <SignInRequired />
      </>
    );
  }
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const run = await getSyncRun(id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/sync" className="text-blue-700 underline underline-offset-2 dark:text-blue-300">
          Sync
        </Link>{" "}
        <span aria-hidden="true">/</span> Run
      </p>
      <PageHeader title={`Sync run of ${formatInstant(run.startedAt)}`} />
      <SyncRunView initial={run} />
    </>
  );
}
