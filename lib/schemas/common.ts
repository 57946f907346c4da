// Building blocks for validating Graph and ARM payloads before anything reaches the database.
// Objects are not strict: Microsoft adds properties all the time, and unknown ones are dropped.
import { z } from "zod";

/** Graph and ARM timestamps. Accepts ISO 8601 with `Z`, full offsets, and the short `-8:00` form
 * that appears in Microsoft's own sign-in activity samples; ARM's 7-digit fractions too. */
export const dateTime = z.string().transform((value, ctx) => {
  const normalized = value.replace(/([+-])(\d):(\d\d)$/, "$10$2:$3");
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: "custom", message: `not a date-time: '${value}'` });
    return z.NEVER;
  }
  return new Date(ms);
});

export const nullableDateTime = dateTime.nullish().transform((d) => d ?? null);

/** Strings Graph may return as null (the "limited information" form of unreadable objects). */
export const nullableString = z
  .string()
  .nullish()
  .transform((s) => s ?? null);

export const odataPage = <T extends z.ZodType>(item: T) =>
  z.object({
    "@odata.context": z.string().optional(),
    "@odata.nextLink": z.string().optional(),
    "@odata.deltaLink": z.string().optional(),
    "@odata.count": z.number().int().optional(),
    value: z.array(item),
  });

export const armPage = <T extends z.ZodType>(item: T) =>
  z.object({
    value: z.array(item),
    nextLink: z.string().nullish(),
  });

/** The GUID at the end of an ARM id such as `/subscriptions/…/roleDefinitions/<guid>`. */
export function lastSegment(armId: string): string {
  const parts = armId.split("/").filter(Boolean);
  return parts.at(-1) ?? armId;
}
