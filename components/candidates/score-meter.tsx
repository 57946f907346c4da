/** A 0–100 score as a number with a small bar (the number is what screen readers hear). */
export function ScoreMeter({ score }: { score: number }) {
  const clamped = Math.max(0, Math.min(100, score));
  const colour =
    clamped >= 75 ? "bg-red-600" : clamped >= 50 ? "bg-orange-500" : clamped >= 25 ? "bg-amber-400" : "bg-slate-400";
  return (
    <span className="flex items-center gap-2">
      <span className="w-7 text-right font-semibold tabular-nums">{clamped}</span>
      <span aria-hidden="true" className="h-1.5 w-12 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700">
        <span className={`block h-full ${colour}`} style={{ width: `${clamped}%` }} />
      </span>
    </span>
  );
}
