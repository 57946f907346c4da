import { countCandidates } from "@/lib/data/count-candidates";
import { currentTenantId } from "@/lib/data/current-tenant";
import { route } from "@/lib/route";
import { candidateFiltersSchema } from "@/lib/url-state/candidates";
import { requireSearchParams } from "@/lib/url-state/search-params";

export const dynamic = "force-dynamic";

/** GET /api/candidates/count?…filters → { total } (sort and cursor are ignored). */
export const GET = route(
  async ({ request }) => {
    const {
      sort: _sort,
      dir: _dir,
      cursor: _cursor,
      ...filters
    } = requireSearchParams(candidateFiltersSchema, request.nextUrl.searchParams);
    const tenantId = await currentTenantId();
    return { total: tenantId ? await countCandidates(tenantId, filters) : 0 };
  },
  { permission: "read" },
);
