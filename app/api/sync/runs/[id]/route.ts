import { z } from "zod";
import { getSyncRun } from "@/lib/data/get-sync-run";
import { route } from "@/lib/route";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.uuid() });

export const GET = route<{ id: string }>(async (ctx) => getSyncRun(params.parse(ctx.params).id), {
  permission: "read",
});
