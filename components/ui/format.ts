// Numbers, durations and instants as every page shows them. Instants are UTC so the server
// render and the browser agree (and an audit trail reads the same for everyone).

export function formatNumber(n: number): string {
  return n.toLocaleString("en-US");
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const totalSeconds = Math.round(s);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const sec = totalSeconds % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min ${sec} s`;
}

/** "2026-12-02 03:19:28 UTC" (or without seconds). */
export function formatInstant(iso: string | null | undefined, options: { seconds?: boolean } = {}): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  const text = d.toISOString().replace("T", " ");
  return `${options.seconds === false ? text.slice(0, 16) : text.slice(0, 19)} UTC`;
}

/** "2026-12-02" */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "—" : d.toISOString().slice(0, 10);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}
