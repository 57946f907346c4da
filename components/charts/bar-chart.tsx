// A horizontal bar chart whose bars are links to the list they summarise. The chart is a list of
// links (each reads "label, value unit"), the bars are drawn in SVG, and the same figures are offered
// as a table for anyone who would rather read them. No chart library: this is all a chart needs.
import Link from "next/link";

export interface BarDatum {
  key: string;
  label: string;
  value: number;
  /** Where the bar leads: the filtered list it counts. */
  href?: string;
  /** Fill class for the bar, e.g. a severity colour. */
  barClassName?: string;
}

export function BarChart({
  id,
  title,
  data,
  category,
  unit,
  empty,
}: {
  id: string;
  title: string;
  data: readonly BarDatum[];
  /** What the bars are, for the table's first column ("Severity"). */
  category: string;
  unit: { one: string; many: string };
  empty: string;
}) {
  const max = Math.max(0, ...data.map((d) => d.value));
  return (
    <figure aria-labelledby={`${id}-title`} className="min-w-0">
      <figcaption id={`${id}-title`} className="text-base font-semibold">
        {title}
      </figcaption>
      {data.length === 0 || max === 0 ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">{empty}</p>
      ) : (
        <>
          <ul className="mt-3 space-y-1.5">
            {data.map((d) => {
              const width = d.value === 0 ? 0 : Math.max(1, (d.value / max) * 100);
              const row = (
                <>
                  <span className="min-w-0 truncate" title={d.label}>
                    {d.label}
                  </span>
                  <svg aria-hidden="true" viewBox="0 0 100 10" preserveAspectRatio="none" className="h-3 w-full">
                    <rect x="0" y="0" width="100" height="10" rx="1" className="fill-slate-100 dark:fill-slate-800" />
                    <rect
                      x="0"
                      y="0"
                      width={width}
                      height="10"
                      rx="1"
                      className={d.barClassName ?? "fill-blue-600 dark:fill-blue-400"}
                    />
                  </svg>
                  <span className="text-right tabular-nums">{d.value.toLocaleString("en-US")}</span>
                </>
              );
              const layout =
                "grid grid-cols-[minmax(6rem,40%)_1fr_3.5rem] items-center gap-3 rounded px-1 py-1 text-sm";
              return (
                <li key={d.key}>
                  {d.href ? (
                    <Link
                      href={d.href}
                      aria-label={`${d.label}: ${d.value.toLocaleString("en-US")} ${d.value === 1 ? unit.one : unit.many}`}
                      className={`${layout} hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:hover:bg-slate-800`}
                    >
                      {row}
                    </Link>
                  ) : (
                    <div className={layout}>
                      {row}
                      <span className="sr-only"> {d.value === 1 ? unit.one : unit.many}</span>
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer text-slate-700 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-300">
              Show as a table
            </summary>
            <table className="mt-2 w-full text-left">
              <caption className="sr-only">{title}</caption>
              <thead>
                <tr>
                  <th scope="col" className="py-1 pr-3 font-semibold">
                    {category}
                  </th>
                  <th scope="col" className="py-1 text-right font-semibold">
                    {capitalize(unit.many)}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.map((d) => (
                  <tr key={d.key} className="border-t border-slate-200 dark:border-slate-800">
                    <th scope="row" className="py-1 pr-3 font-normal">
                      {d.label}
                    </th>
                    <td className="py-1 text-right tabular-nums">{d.value.toLocaleString("en-US")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}

function capitalize(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
