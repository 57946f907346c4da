import { z } from "zod";
import { currentTenantId } from "@/lib/data/current-tenant";
import { CANDIDATE_MAX_PAGE_SIZE, CANDIDATE_PAGE_SIZE, listCandidates } from "@/lib/data/list-candidates";
import { route } from "@/lib/route";
import { candidateFiltersSchema } from "@/lib/url-state/candidates";
import { requireSearchParams } from "@/lib/url-state/search-params";

export const dynamic = "force-dynamic";

const querySchema = candidateFiltersSchema.extend({
  limit: z.coerce
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(CANDIDATE_MAX_PAGE_SIZE, `must be at most ${CANDIDATE_MAX_PAGE_SIZE}`)
    .optional(),
});

/** GET /api/candidates?q&target&kind&minScore&sort&dir&cursor&limit → { items, nextCursor, prevCursor } */
export const GET = route(
  async ({ request }) => {
    const { limit, ...filters } = requireSearchParams(querySchema, request.nextUrl.searchParams);
    const tenantId = await currentTenantId();
    if (!tenantId) return { items: [], nextCursor: null, prevCursor: null };
    return listCandidates(tenantId, filters, { take: limit ?? CANDIDATE_PAGE_SIZE });
  },
  { permission: "read" },
);
