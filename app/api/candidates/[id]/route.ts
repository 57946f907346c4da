import { z } from "zod";
import { getCandidate } from "@/lib/data/get-candidate";
import { route } from "@/lib/route";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string().min(1).max(200) });

/** One migration candidate with every reason, the target's reasoning and the plan. */
export const GET = route<{ id: string }>(async (ctx) => getCandidate(params.parse(ctx.params).id), {
  permission: "read",
});
