import type { SyncRunStatus, SyncRunSummary } from "@/lib/schemas/sync-run";

export type SyncDisplayStatus = "running" | "evaluating" | "stalled" | "succeeded" | "failed";

/** What to call a run: its stored status, refined by whether it is still going on. */
export function syncDisplayStatus(run: Pick<SyncRunSummary, "status" | "phase" | "activity">): SyncDisplayStatus {
  if (run.activity === "stalled") return "stalled";
  if (run.activity === "active") return run.status === "succeeded" ? "evaluating" : "running";
  return run.status === "running" ? "stalled" : run.status;
}

const styles: Record<SyncDisplayStatus, string> = {
  running: "bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200",
  evaluating: "bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200",
  stalled: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  succeeded: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  failed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
};

/** Give it the run to tell a live run from a stalled one; a bare stored `status` is shown as it is. */
export function SyncStatusBadge(
  props: { run: Pick<SyncRunSummary, "status" | "phase" | "activity"> } | { status: SyncRunStatus },
) {
  const status = "run" in props ? syncDisplayStatus(props.run) : props.status;
  return (
    <span className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${styles[status]}`}>
      {status}
    </span>
  );
}
