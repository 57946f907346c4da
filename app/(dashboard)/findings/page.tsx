import type { Metadata } from "next";
import { FindingsView } from "@/components/findings/findings-view";
import { SignInRequired } from "@/components/layout/sign-in-required";
import { NotSyncedYet } from "@/components/sync/not-synced-yet";
import { PageHeader } from "@/components/ui/page-header";
import { pageAccess } from "@/lib/auth/require-page-access";
import { currentTenantId } from "@/lib/data/current-tenant";
import { listFindingFilterOptions } from "@/lib/data/list-finding-filter-options";
import { listFindings } from "@/lib/data/list-findings";
import { isAppError } from "@/lib/errors";
import { findingQueryString } from "@/lib/queries/findings";
import { rules } from "@/lib/rules/registry";
import { findingFiltersSchema } from "@/lib/url-state/findings";
import { parseSearchParams } from "@/lib/url-state/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Findings" };

const DESCRIPTION = "Risk findings to triage, assign and remediate, worst first.";

export default async function FindingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!pageAccess().allowed) {
    return (
      <>
        <PageHeader title="Findings" />
        <SignInRequired />
      </>
    );
  }
  const tenantId = await currentTenantId();
  if (!tenantId) {
    return (
      <>
        <PageHeader title="Findings" description={DESCRIPTION} />
        <NotSyncedYet what="Findings, with their evidence and how to fix them," />
      </>
    );
  }
  const filters = parseSearchParams(findingFiltersSchema, await searchParams).value;
  const [options, page] = await Promise.all([
    listFindingFilterOptions(tenantId),
    // A bad cursor is the client's to explain (it shows the API's message and a way back).
    listFindings(tenantId, filters).catch((error: unknown) => {
      if (isAppError(error) && error.code === "invalid_input") return null;
      throw error;
    }),
  ]);
  return (
    <>
      <PageHeader title="Findings" description={DESCRIPTION} />
      <FindingsView
        options={options}
        rules={rules.map((r) => ({ id: r.id, title: r.title }))}
        initial={{ query: findingQueryString(filters), page }}
      />
    </>
  );
}
