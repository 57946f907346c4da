import { currentTenantId } from "@/lib/data/current-tenant";
import { getOverview } from "@/lib/data/get-overview";
import { route } from "@/lib/route";

export const dynamic = "force-dynamic";

/** GET /api/overview → inventory counts, findings by severity and rule, the trend, top identities and candidates. */
export const GET = route(async () => getOverview(await currentTenantId()), { permission: "read" });
