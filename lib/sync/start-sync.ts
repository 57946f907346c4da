// Starting a sync from the web server (the API and the schedule): returns as soon as the run is
// recorded, and the run goes on in the background of this process.
import "server-only";
import { env } from "../env";
import { AppError, describeError } from "../errors";
import { runSync } from "./run-sync";

export async function startSync(options: {
  trigger: "api" | "schedule";
  triggeredBy?: string;
  mode?: "full" | "incremental" | "auto";
}): Promise<{ runId: string }> {
  const config = env();
  if (!config.AZURE_TENANT_ID)
    throw new AppError("config", "No tenant is configured: set AZURE_TENANT_ID and credentials (see the README).");
  return new Promise((resolve, reject) => {
    let started = false;
    runSync({
      databaseUrl: config.DATABASE_URL,
      env: config,
      mode: options.mode ?? "auto",
      trigger: options.trigger,
      triggeredBy: options.triggeredBy,
      onStarted: (runId) => {
        started = true;
        resolve({ runId });
      },
    }).then(
      (result) => {
        if (!started) reject(new AppError("internal", result.error ?? "The sync ended before it started."));
        else if (result.status === "failed") console.error(`[sync] run ${result.runId} failed: ${result.error}`);
      },
      (error: unknown) => {
        if (!started) reject(error);
        else console.error(`[sync] run failed: ${describeError(error)}`);
      },
    );
  });
}
