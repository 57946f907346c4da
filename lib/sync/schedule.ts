// Scheduled syncs in the web server: every STEWARD_SYNC_INTERVAL_MINUTES. Several instances may
// each run the schedule; the tenant's lease lets only one run at a time, the others skip.
import "server-only";
import { env } from "../env";
import { describeError } from "../errors";
import { startSync } from "./start-sync";

let timer: NodeJS.Timeout | undefined;

export function startSyncSchedule(): void {
  const config = env();
  const minutes = config.STEWARD_SYNC_INTERVAL_MINUTES;
  if (timer || minutes === 0 || !config.AZURE_TENANT_ID) return;
  timer = setInterval(() => {
    startSync({ trigger: "schedule" }).then(
      ({ runId }) => console.log(`[sync] scheduled run ${runId} started`),
      (error: unknown) => console.log(`[sync] scheduled run skipped: ${describeError(error)}`),
    );
  }, minutes * 60_000);
  timer.unref();
  console.log(`[sync] scheduled every ${minutes} minute(s)`);
}
