"use client";
// What can be done with the rows selected in a list. Actions are data, so a list adds one (assign,
// change status…) without touching the bar; the bar announces its outcome politely.
import type { ReactNode } from "react";

export interface BulkAction {
  id: string;
  label: string;
  onRun: () => void;
  pending?: boolean;
  disabled?: boolean;
  /** Why it is disabled, shown as the button's description. */
  hint?: string;
}

export function BulkActionBar({
  count,
  noun,
  actions,
  onClear,
  message,
  note,
}: {
  count: number;
  noun: { one: string; many: string };
  actions: readonly BulkAction[];
  onClear: () => void;
  /** The outcome of the last action ("Copied 3 ids"), announced to screen readers. */
  message?: string | null;
  note?: ReactNode;
}) {
  return (
    <section
      aria-label="Bulk actions"
      className="sticky top-0 z-20 mb-3 flex flex-wrap items-center gap-3 rounded-lg border border-blue-300 bg-blue-50 px-4 py-2.5 text-sm shadow-sm dark:border-blue-800 dark:bg-blue-950"
    >
      <p className="font-medium text-blue-950 dark:text-blue-100">
        {count.toLocaleString("en-US")} {count === 1 ? noun.one : noun.many} selected
      </p>
      <div className="flex flex-wrap gap-2">
        {actions.map((action) => (
          <button
            key={action.id}
            type="button"
            onClick={action.onRun}
            disabled={action.disabled || action.pending}
            title={action.hint}
            className="rounded-md border border-blue-700 bg-white px-3 py-1.5 font-medium text-blue-900 hover:bg-blue-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:opacity-60 dark:border-blue-400 dark:bg-slate-900 dark:text-blue-100 dark:hover:bg-blue-900"
          >
            {action.pending ? `${action.label}…` : action.label}
          </button>
        ))}
        <button
          type="button"
          onClick={onClear}
          className="rounded-md px-3 py-1.5 font-medium text-blue-900 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-100"
        >
          Clear selection
        </button>
      </div>
      <p role="status" className="text-blue-950 dark:text-blue-100">
        {message ?? ""}
      </p>
      {note ? <p className="w-full text-xs text-blue-900 dark:text-blue-200">{note}</p> : null}
    </section>
  );
}
