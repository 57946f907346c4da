import type { Metadata } from "next";
import { IdentitiesView } from "@/components/identities/identities-view";
import { SignInRequired } from "@/components/layout/sign-in-required";
import { NotSyncedYet } from "@/components/sync/not-synced-yet";
import { PageHeader } from "@/components/ui/page-header";
import { pageAccess } from "@/lib/auth/require-page-access";
import { currentTenantId } from "@/lib/data/current-tenant";
import { listIdentities } from "@/lib/data/list-identities";
import { listIdentityFilterOptions } from "@/lib/data/list-identity-filter-options";
import { isAppError } from "@/lib/errors";
import { identityQueryString } from "@/lib/queries/identities";
import { identityFiltersSchema } from "@/lib/url-state/identities";
import { parseSearchParams } from "@/lib/url-state/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Identities" };

const DESCRIPTION =
  "Every managed identity in the tenant: where it lives, what it can do, and whether it needs attention.";

export default async function IdentitiesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!pageAccess().allowed) {
    return (
      <>
        <PageHeader title="Identities" />
        <SignInRequired />
      </>
    );
  }
  const tenantId = await currentTenantId();
  if (!tenantId) {
    return (
      <>
        <PageHeader title="Identities" description={DESCRIPTION} />
        <NotSyncedYet what="Managed identities, system- and user-assigned, with where they live and what they can do," />
      </>
    );
  }
  const filters = parseSearchParams(identityFiltersSchema, await searchParams).value;
  const [options, page] = await Promise.all([
    listIdentityFilterOptions(tenantId),
    // A bad cursor is the client's to explain (it shows the API's message and a way back).
    listIdentities(tenantId, filters).catch((error: unknown) => {
      if (isAppError(error) && error.code === "invalid_input") return null;
      throw error;
    }),
  ]);
  return (
    <>
      <PageHeader title="Identities" description={DESCRIPTION} />
      <IdentitiesView options={options} initial={{ query: identityQueryString(filters), page }} />
    </>
  );
}
