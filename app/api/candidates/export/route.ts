import { csvResponse } from "@/lib/data/csv-response";
import { currentTenantId } from "@/lib/data/current-tenant";
import { CANDIDATE_EXPORT_FIELDS, exportCandidates } from "@/lib/data/export-candidates";
import { route } from "@/lib/route";
import { candidateFiltersSchema } from "@/lib/url-state/candidates";
import { requireSearchParams } from "@/lib/url-state/search-params";

export const dynamic = "force-dynamic";

/** GET /api/candidates/export?…filters&sort&dir → CSV of the whole view (every page, from the first). */
export const GET = route(
  async ({ request }) => {
    const { cursor: _cursor, ...filters } = requireSearchParams(candidateFiltersSchema, request.nextUrl.searchParams);
    const tenantId = await currentTenantId();
    const records = tenantId ? exportCandidates(tenantId, { filters }) : (async function* () {})();
    return csvResponse(CANDIDATE_EXPORT_FIELDS, records, "candidates");
  },
  { permission: "read" },
);
