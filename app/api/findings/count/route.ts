import { countFindings } from "@/lib/data/count-findings";
import { currentTenantId } from "@/lib/data/current-tenant";
import { route } from "@/lib/route";
import { findingFiltersSchema } from "@/lib/url-state/findings";
import { requireSearchParams } from "@/lib/url-state/search-params";

export const dynamic = "force-dynamic";

/** GET /api/findings/count?…filters → { total } (sort and cursor are ignored). */
export const GET = route(
  async ({ request }) => {
    const {
      sort: _sort,
      dir: _dir,
      cursor: _cursor,
      ...filters
    } = requireSearchParams(findingFiltersSchema, request.nextUrl.searchParams);
    const tenantId = await currentTenantId();
    return { total: tenantId ? await countFindings(tenantId, filters) : 0 };
  },
  { permission: "read" },
);
