// Runs once when the Next.js server starts: the sync schedule, if one is configured.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startSyncSchedule } = await import("./lib/sync/schedule");
  startSyncSchedule();
}
