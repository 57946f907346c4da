import { z } from "zod";
import { getFinding } from "@/lib/data/get-finding";
import { route } from "@/lib/route";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string().min(1).max(200) });

/** One finding with its evidence, owner, dates, audit history and comments. */
export const GET = route<{ id: string }>(async (ctx) => getFinding(params.parse(ctx.params).id), {
  permission: "read",
});
