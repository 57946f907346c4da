import type { Metadata } from "next";
import { CandidatesView } from "@/components/candidates/candidates-view";
import { SignInRequired } from "@/components/layout/sign-in-required";
import { NotSyncedYet } from "@/components/sync/not-synced-yet";
import { PageHeader } from "@/components/ui/page-header";
import { pageAccess } from "@/lib/auth/require-page-access";
import { currentTenantId } from "@/lib/data/current-tenant";
import { listCandidates } from "@/lib/data/list-candidates";
import { isAppError } from "@/lib/errors";
import { candidateQueryString } from "@/lib/queries/candidates";
import { candidateFiltersSchema } from "@/lib/url-state/candidates";
import { parseSearchParams } from "@/lib/url-state/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Candidates" };

const DESCRIPTION =
  "Applications and accounts still using secrets or certificates that could become managed identities, the most worthwhile first.";

export default async function CandidatesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!pageAccess().allowed) {
    return (
      <>
        <PageHeader title="Candidates" />
        <SignInRequired />
      </>
    );
  }
  const tenantId = await currentTenantId();
  if (!tenantId) {
    return (
      <>
        <PageHeader title="Candidates" description={DESCRIPTION} />
        <NotSyncedYet what="Migration candidates, with the plan to move each to a managed identity," />
      </>
    );
  }
  const filters = parseSearchParams(candidateFiltersSchema, await searchParams).value;
  const page = await listCandidates(tenantId, filters).catch((error: unknown) => {
    if (isAppError(error) && error.code === "invalid_input") return null;
    throw error;
  });
  return (
    <>
      <PageHeader title="Candidates" description={DESCRIPTION} />
      <CandidatesView initial={{ query: candidateQueryString(filters), page }} />
    </>
  );
}
