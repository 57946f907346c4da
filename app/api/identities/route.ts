import { z } from "zod";
import { currentTenantId } from "@/lib/data/current-tenant";
import { IDENTITY_MAX_PAGE_SIZE, IDENTITY_PAGE_SIZE, listIdentities } from "@/lib/data/list-identities";
import { route } from "@/lib/route";
import { identityFiltersSchema } from "@/lib/url-state/identities";
import { requireSearchParams } from "@/lib/url-state/search-params";

export const dynamic = "force-dynamic";

// The API takes any page size up to the maximum; the page offers a few.
const querySchema = identityFiltersSchema.extend({
  limit: z.coerce
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(IDENTITY_MAX_PAGE_SIZE, `must be at most ${IDENTITY_MAX_PAGE_SIZE}`)
    .optional(),
});

/** GET /api/identities?…filters&sort&dir&cursor&limit → { items, nextCursor, prevCursor } */
export const GET = route(
  async ({ request }) => {
    const { limit, ...filters } = requireSearchParams(querySchema, request.nextUrl.searchParams);
    const tenantId = await currentTenantId();
    if (!tenantId) return { items: [], nextCursor: null, prevCursor: null };
    return listIdentities(tenantId, filters, { take: limit ?? IDENTITY_PAGE_SIZE });
  },
  { permission: "read" },
);
