"use client";
// The client side of URL state: read the list's state from the address bar and change it there
// (router.replace, scroll kept), so the server page, the query key and a shared link always agree.
//
//   const { state, issues, update, hrefFor } = useUrlState(identityFiltersSchema, { resets: ["cursor"] });
//   update({ kind: "UserAssigned" });   // also clears the cursor: a new filter starts at page 1
//   update({ cursor: page.nextCursor }); // paging keeps the filters
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useTransition } from "react";
import type { z } from "zod";
import { parseSearchParams, toSearchParams, type ParsedUrlState } from "./search-params";

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface UseUrlStateOptions<T> {
  /** Values left out of the URL when equal (the list's defaults). */
  defaults?: Partial<T>;
  /** Keys cleared by any change that does not set them itself (the paging cursor). */
  resets?: readonly (keyof T & string)[];
}

export interface UrlState<T> {
  state: T;
  issues: ParsedUrlState<T>["issues"];
  /** Merge a change into the URL; `undefined` removes a key. */
  update: (patch: Partial<T>) => void;
  /** The URL a change would lead to (for links). */
  hrefFor: (patch: Partial<T>) => string;
  /** The URL with every invalid parameter removed. */
  cleanHref: string;
  /** true while the router applies a change. */
  pending: boolean;
}

export function useUrlState<S extends AnyObject>(
  schema: S,
  options: UseUrlStateOptions<z.output<S>> = {},
): UrlState<z.output<S>> {
  type T = z.output<S>;
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const { defaults, resets } = options;

  const parsed = useMemo(() => parseSearchParams(schema, searchParams), [schema, searchParams]);

  const hrefFor = useCallback(
    (patch: Partial<T>) => {
      const next: Record<string, unknown> = { ...parsed.value };
      for (const key of resets ?? []) if (!(key in patch)) delete next[key];
      Object.assign(next, patch);
      const query = toSearchParams(schema, next as Partial<T>, defaults).toString();
      return query ? `${pathname}?${query}` : pathname;
    },
    [parsed.value, resets, schema, defaults, pathname],
  );

  const update = useCallback(
    (patch: Partial<T>) => {
      const href = hrefFor(patch);
      startTransition(() => router.replace(href, { scroll: false }));
    },
    [hrefFor, router],
  );

  const cleanHref = useMemo(() => {
    const query = toSearchParams(schema, parsed.value, defaults).toString();
    return query ? `${pathname}?${query}` : pathname;
  }, [schema, parsed.value, defaults, pathname]);

  return { state: parsed.value, issues: parsed.issues, update, hrefFor, cleanHref, pending };
}
