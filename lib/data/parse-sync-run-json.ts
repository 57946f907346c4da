// The JSON columns of a sync run (counts, warnings) read defensively: the sync writes them with raw
// SQL, SQLite may hand them back as text, and an old row must never break the history page.
import type { SyncCollectionCounts, SyncRunWarning } from "../schemas/sync-run";

/** Json columns written by the sync's raw SQL may come back as text on SQLite. */
function json(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

export function parseSyncCounts(value: unknown): Record<string, SyncCollectionCounts> {
  const parsed = json(value);
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
  const counts: Record<string, SyncCollectionCounts> = {};
  for (const [name, raw] of Object.entries(parsed as Record<string, unknown>)) {
    if (!raw || typeof raw !== "object") continue;
    const c = raw as Record<string, unknown>;
    const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
    counts[name] = { fetched: n(c.fetched) ?? 0, added: n(c.added), removed: n(c.removed), changed: n(c.changed) };
  }
  return counts;
}

export function parseSyncWarnings(value: unknown): SyncRunWarning[] {
  const parsed = json(value);
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((w): w is Record<string, unknown> => !!w && typeof w === "object")
    .map((w) => ({ code: String(w.code ?? "warning"), message: String(w.message ?? ""), at: String(w.at ?? "") }));
}

