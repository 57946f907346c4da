// Which database a Prisma client talks to, for the few query options that differ (PostgreSQL
// compares text case-sensitively unless told otherwise; SQLite's LIKE already ignores ASCII case).
import "server-only";
import type { Db } from "../db";

export function isPostgres(db: Db): boolean {
  // Both generated clients carry their provider; there is no public accessor for it.
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql";
}

/** Whether LIKE would read part of the text as a pattern (Prisma passes `contains` through unescaped). */
export function hasLikeWildcards(text: string): boolean {
  return /[%_\\]/.test(text);
}

/**
 * A case-insensitive "contains" filter. On PostgreSQL the LIKE wildcards are escaped (backslash is
 * its default escape). SQLite's LIKE has no escape character unless the SQL names one, so there
 * a text with wildcards matches a superset; callers that care refine it (see identityWhere).
 */
export function containsText(db: Db, text: string): { contains: string } {
  if (isPostgres(db)) {
    return { contains: text.replace(/[\\%_]/g, (c) => `\\${c}`), mode: "insensitive" } as { contains: string };
  }
  return { contains: text };
}
