import { countIdentities } from "@/lib/data/count-identities";
import { currentTenantId } from "@/lib/data/current-tenant";
import { route } from "@/lib/route";
import { identityFiltersSchema } from "@/lib/url-state/identities";
import { requireSearchParams } from "@/lib/url-state/search-params";

export const dynamic = "force-dynamic";

/** GET /api/identities/count?…filters → { total } (sort and cursor are ignored). */
export const GET = route(
  async ({ request }) => {
    const filters = requireSearchParams(identityFiltersSchema, request.nextUrl.searchParams);
    const tenantId = await currentTenantId();
    return { total: tenantId ? await countIdentities(tenantId, filters) : 0 };
  },
  { permission: "read" },
);
