import { NextResponse } from "next/server";
import { z } from "zod";
import { listSyncRuns } from "@/lib/data/list-sync-runs";
import { route } from "@/lib/route";
import { startSync } from "@/lib/sync/start-sync";

export const dynamic = "force-dynamic";

const query = z.object({
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
});

/** The run history, newest first: `{ runs, nextCursor }`; pass nextCursor as `before` for older runs. */
export const GET = route(
  async ({ request }) => listSyncRuns(query.parse(Object.fromEntries(request.nextUrl.searchParams))),
  { permission: "read" },
);

/** Starts a sync; 202 with its run id, or 409 with the id of the run already in progress. */
export const POST = route(
  async ({ principal }) => {
    const { runId } = await startSync({ trigger: "api", triggeredBy: principal?.name });
    return NextResponse.json({ runId }, { status: 202 });
  },
  { permission: "sync:start" },
);
