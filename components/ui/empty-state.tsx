import type { ReactNode } from "react";

/** What a page shows when there is nothing to show yet: why, and the next step to take. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section
      aria-label={title}
      className="rounded-lg border border-dashed border-slate-300 bg-white p-8 dark:border-slate-700 dark:bg-slate-900"
    >
      <h2 className="text-lg font-semibold">{title}</h2>
      <div className="mt-2 max-w-2xl space-y-2 text-sm text-slate-700 dark:text-slate-300">{children}</div>
    </section>
  );
}
