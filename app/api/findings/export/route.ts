import { z } from "zod";
import { csvResponse } from "@/lib/data/csv-response";
import { currentTenantId } from "@/lib/data/current-tenant";
import { exportFindings, FINDING_EXPORT_FIELDS } from "@/lib/data/export-findings";
import { route } from "@/lib/route";
import { FINDING_SELECTION_MAX } from "@/lib/schemas/finding";
import { findingFiltersSchema } from "@/lib/url-state/findings";
import { requireSearchParams } from "@/lib/url-state/search-params";

export const dynamic = "force-dynamic";

const none = async function* () {};

/** GET /api/findings/export?…filters&sort&dir → CSV of the whole view (every page, from the first). */
export const GET = route(
  async ({ request }) => {
    const { cursor: _cursor, ...filters } = requireSearchParams(findingFiltersSchema, request.nextUrl.searchParams);
    const tenantId = await currentTenantId();
    return csvResponse(FINDING_EXPORT_FIELDS, tenantId ? exportFindings(tenantId, { filters }) : none(), "findings");
  },
  { permission: "read" },
);

const selectionSchema = z
  .object({
    ids: z
      .array(z.string().min(1).max(200))
      .min(1, "select at least one finding")
      .max(FINDING_SELECTION_MAX, `select at most ${FINDING_SELECTION_MAX} findings`),
  })
  .strict();

/** POST /api/findings/export { ids } → CSV of the selected findings (the queue's bulk action). */
export const POST = route(
  async ({ request }) => {
    const body: unknown = await request.json().catch(() => null);
    const { ids } = selectionSchema.parse(body);
    const tenantId = await currentTenantId();
    const records = tenantId ? exportFindings(tenantId, { ids: [...new Set(ids)] }) : none();
    return csvResponse(FINDING_EXPORT_FIELDS, records, "findings-selection");
  },
  { permission: "read" },
);
