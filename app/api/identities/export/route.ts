import { csvResponse } from "@/lib/data/csv-response";
import { currentTenantId } from "@/lib/data/current-tenant";
import { exportIdentities, IDENTITY_EXPORT_FIELDS } from "@/lib/data/export-identities";
import { route } from "@/lib/route";
import { identityFiltersSchema } from "@/lib/url-state/identities";
import { requireSearchParams } from "@/lib/url-state/search-params";

export const dynamic = "force-dynamic";

/** GET /api/identities/export?…filters&sort&dir → CSV of the whole view (every page, from the first). */
export const GET = route(
  async ({ request }) => {
    const {
      cursor: _cursor,
      limit: _limit,
      ...filters
    } = requireSearchParams(identityFiltersSchema, request.nextUrl.searchParams);
    const tenantId = await currentTenantId();
    const records = tenantId ? exportIdentities(tenantId, { filters }) : (async function* () {})();
    return csvResponse(IDENTITY_EXPORT_FIELDS, records, "identities");
  },
  { permission: "read" },
);
