import { NextResponse } from "next/server";
import { listSyncRuns } from "@/lib/data/list-sync-runs";
import { route } from "@/lib/route";
import { startSync } from "@/lib/sync/start-sync";

export const dynamic = "force-dynamic";

export const GET = route(async () => ({ runs: await listSyncRuns() }), { permission: "read" });

/** Starts a sync; 202 with its run id, or 409 with the id of the run already in progress. */
export const POST = route(
  async ({ principal }) => {
    const { runId } = await startSync({ trigger: "api", triggeredBy: principal?.name });
    return NextResponse.json({ runId }, { status: 202 });
  },
  { permission: "sync:start" },
);
