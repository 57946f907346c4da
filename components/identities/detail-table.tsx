import type { ReactNode } from "react";

/** A small, static table for the detail page: captioned, headed, scrolling inside itself when narrow. */
export function DetailTable({
  caption,
  headers,
  rows,
}: {
  caption: string;
  headers: readonly string[];
  /** Each row's first cell is its header (names the row for screen readers). */
  rows: readonly { key: string; cells: readonly ReactNode[] }[];
}) {
  return (
    <div
      role="region"
      aria-label={caption}
      tabIndex={0}
      className="overflow-x-auto rounded-lg border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-800 dark:bg-slate-900"
    >
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 dark:bg-slate-800">
          <tr>
            {headers.map((h) => (
              <th
                key={h}
                scope="col"
                className="whitespace-nowrap border-b border-slate-200 px-3 py-2 font-semibold text-slate-700 dark:border-slate-700 dark:text-slate-200"
              >
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className="align-top">
              {row.cells.map((cell, i) =>
                i === 0 ? (
                  <th
                    key={i}
                    scope="row"
                    className="border-b border-slate-100 px-3 py-2 font-medium dark:border-slate-800"
                  >
                    {cell}
                  </th>
                ) : (
                  <td key={i} className="border-b border-slate-100 px-3 py-2 dark:border-slate-800">
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A titled part of the detail page, reachable from its table of contents by id. */
export function DetailSection({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-title`} id={id} className="scroll-mt-6">
      <h2 id={`${id}-title`} className="text-lg font-semibold tracking-tight">
        {title}
      </h2>
      {description ? <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p> : null}
      <div className="mt-3 space-y-3">{children}</div>
    </section>
  );
}

export function Muted({ children }: { children: ReactNode }) {
  return <p className="text-sm text-slate-600 dark:text-slate-400">{children}</p>;
}

/** Long ids (ARM ids, GUIDs) wrap anywhere rather than widening the page. */
export function Id({ children }: { children: string }) {
  return <code className="break-all">{children}</code>;
}
