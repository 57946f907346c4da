// A line chart of a few series over evenly spaced points (one per sync), drawn in SVG with a text
// summary for screen readers and the figures as a table. Series differ by dash as well as colour.
export interface LineSeries {
  key: string;
  label: string;
  values: readonly number[];
  /** Stroke classes for the line, fill classes for its dots. */
  className: string;
  dotClassName: string;
  dashed?: boolean;
}

const W = 480;
const H = 200;
const M = { top: 12, right: 12, bottom: 28, left: 40 };

/** A round upper bound for the y axis: 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].map((m) => m * power).find((v) => v >= value) ?? value) as number;
}

export function LineChart({
  id,
  title,
  labels,
  series,
  summary,
  empty,
}: {
  id: string;
  title: string;
  /** One label per point (dates), oldest first. */
  labels: readonly string[];
  series: readonly LineSeries[];
  /** One sentence saying what the lines show, for those who cannot see them. */
  summary: string;
  empty: string;
}) {
  const n = labels.length;
  const top = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (i: number) => M.left + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  const ticks = [0, top / 2, top];
  // First, middle and last dates; enough to read the span without crowding.
  const xTicks = [...new Set([0, Math.floor((n - 1) / 2), n - 1])].filter((i) => i >= 0 && i < n);

  return (
    <figure aria-labelledby={`${id}-title`} className="min-w-0">
      <figcaption id={`${id}-title`} className="text-base font-semibold">
        {title}
      </figcaption>
      {n === 0 ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">{empty}</p>
      ) : (
        <>
          <ul className="mt-2 flex flex-wrap gap-4 text-sm" aria-hidden="true">
            {series.map((s) => (
              <li key={s.key} className="flex items-center gap-2">
                <svg viewBox="0 0 24 8" className="h-2 w-6">
                  <line
                    x1="0"
                    y1="4"
                    x2="24"
                    y2="4"
                    strokeWidth="3"
                    strokeDasharray={s.dashed ? "5 3" : undefined}
                    className={s.className}
                  />
                </svg>
                {s.label}
              </li>
            ))}
          </ul>
          <svg
            role="img"
            aria-labelledby={`${id}-title`}
            aria-describedby={`${id}-desc`}
            viewBox={`0 0 ${W} ${H}`}
            className="mt-2 h-auto w-full max-w-2xl text-slate-600 dark:text-slate-400"
          >
            <desc id={`${id}-desc`}>{summary}</desc>
            {ticks.map((t) => (
              <g key={t}>
                <line
                  x1={M.left}
                  x2={W - M.right}
                  y1={y(t)}
                  y2={y(t)}
                  className="stroke-slate-200 dark:stroke-slate-700"
                  strokeWidth="1"
                />
                <text
                  x={M.left - 6}
                  y={y(t)}
                  textAnchor="end"
                  dominantBaseline="middle"
                  fontSize="12"
                  fill="currentColor"
                >
                  {Number.isInteger(t) ? t.toLocaleString("en-US") : t.toFixed(1)}
                </text>
              </g>
            ))}
            {xTicks.map((i) => (
              <text
                key={i}
                x={x(i)}
                y={H - 8}
                textAnchor={n === 1 ? "middle" : i === 0 ? "start" : i === n - 1 ? "end" : "middle"}
                fontSize="12"
                fill="currentColor"
              >
                {labels[i]}
              </text>
            ))}
            {series.map((s) => (
              <g key={s.key}>
                {n > 1 ? (
                  <polyline
                    fill="none"
                    strokeWidth="2.5"
                    strokeLinejoin="round"
                    strokeDasharray={s.dashed ? "7 4" : undefined}
                    points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(" ")}
                    className={s.className}
                  />
                ) : null}
                {n <= 40
                  ? s.values.map((v, i) => <circle key={i} cx={x(i)} cy={y(v)} r="3.5" className={s.dotClassName} />)
                  : null}
              </g>
            ))}
          </svg>
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer text-slate-700 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-300">
              Show as a table
            </summary>
            <div className="mt-2 max-h-64 overflow-auto" tabIndex={0} role="region" aria-label={`${title}, table`}>
              <table className="w-full text-left">
                <caption className="sr-only">{title}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="py-1 pr-3 font-semibold">
                      Sync
                    </th>
                    {series.map((s) => (
                      <th key={s.key} scope="col" className="py-1 pr-3 text-right font-semibold">
                        {s.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {labels.map((label, i) => (
                    <tr key={`${label}-${i}`} className="border-t border-slate-200 dark:border-slate-800">
                      <th scope="row" className="py-1 pr-3 font-normal">
                        {label}
                      </th>
                      {series.map((s) => (
                        <td key={s.key} className="py-1 pr-3 text-right tabular-nums">
                          {(s.values[i] ?? 0).toLocaleString("en-US")}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </figure>
  );
}
