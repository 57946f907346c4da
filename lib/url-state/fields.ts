// zod fields for URL parameters. Every field is optional (absent = no filter) and reads the text a
// URL carries; messages are written for people, since they are shown when a link is not understood.
import { z } from "zod";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Free text (a search box), trimmed, bounded. */
export const urlText = (max = 200) => z.string().trim().max(max, `must be at most ${max} characters`).optional();

/** One of a fixed set of values. */
export const urlEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(", ")}` }).optional();

/** Several of a fixed set, written as a comma list (`severity=critical,high`); duplicates dropped. */
export const urlEnumList = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => [
      ...new Set(
        s
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.enum(values, { error: `each value must be one of ${values.join(", ")}` })).min(1))
    .optional();

/** `true` or `false`. */
export const urlBoolean = () =>
  z
    .enum(["true", "false"], { error: "must be true or false" })
    .transform((v) => v === "true")
    .optional();

/** A GUID (subscription, object id), compared lower-cased as Entra and ARM do. */
export const urlGuid = () =>
  z
    .string()
    .regex(GUID, "must be a GUID such as 00000000-0000-0000-0000-000000000000")
    .transform((v) => v.toLowerCase())
    .optional();

export const urlSortDirection = () => urlEnum(["asc", "desc"]);

/** An opaque paging cursor (lib/data/keyset.ts checks what is inside). */
export const urlCursor = () =>
  z
    .string()
    .max(4096, "is too long")
    .regex(/^[A-Za-z0-9_-]+$/, "is not a paging cursor")
    .optional();
