import { z } from "zod";
import { currentTenantId } from "@/lib/data/current-tenant";
import { FINDING_MAX_PAGE_SIZE, FINDING_PAGE_SIZE, listFindings } from "@/lib/data/list-findings";
import { route } from "@/lib/route";
import { findingFiltersSchema } from "@/lib/url-state/findings";
import { requireSearchParams } from "@/lib/url-state/search-params";

export const dynamic = "force-dynamic";

const querySchema = findingFiltersSchema.extend({
  limit: z.coerce
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(FINDING_MAX_PAGE_SIZE, `must be at most ${FINDING_MAX_PAGE_SIZE}`)
    .optional(),
});

/** GET /api/findings?…filters&sort&dir&cursor&limit → { items, nextCursor, prevCursor } */
export const GET = route(
  async ({ request }) => {
    const { limit, ...filters } = requireSearchParams(querySchema, request.nextUrl.searchParams);
    const tenantId = await currentTenantId();
    if (!tenantId) return { items: [], nextCursor: null, prevCursor: null };
    return listFindings(tenantId, filters, { take: limit ?? FINDING_PAGE_SIZE });
  },
  { permission: "read" },
);
