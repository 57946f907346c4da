import { currentTenantId } from "@/lib/data/current-tenant";
import { getIdentity } from "@/lib/data/get-identity";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/route";

export const dynamic = "force-dynamic";

/** GET /api/identities/<object id> → the identity with its grants, controllers, findings and timeline. */
export const GET = route<{ id: string }>(
  async ({ params }) => {
    const tenantId = await currentTenantId();
    if (!tenantId) throw new AppError("not_found", "No tenant has been synced yet.");
    return getIdentity(tenantId, params.id);
  },
  { permission: "read" },
);
