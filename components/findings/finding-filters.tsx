"use client";
// The findings queue's filter bar. Every control writes to the URL (lib/url-state/findings.ts).
import Link from "next/link";
import { ChipGroup, DeferredInput, MultiSelectMenu, SelectField } from "@/components/ui/filter-controls";
import { SEVERITIES, severityLabel } from "@/lib/rules/severity";
import type { RuleId } from "@/lib/rules/rule";
import {
  ACTIVE_FINDING_STATUSES,
  FINDING_STATUSES,
  type FindingFilterOptions,
  type FindingStatus,
} from "@/lib/schemas/finding";
import { UNASSIGNED, type FindingDueFilter, type FindingFilters } from "@/lib/url-state/findings";
import { findingStatusLabel } from "./status-badge";

const count = (n: number) => ` (${n.toLocaleString("en-US")})`;

/** The statuses shown: the active queue unless the URL names others. */
function effectiveStatuses(state: FindingFilters): FindingStatus[] {
  return state.status && state.status.length > 0 ? state.status : [...ACTIVE_FINDING_STATUSES];
}

function sameSet(a: readonly string[], b: readonly string[]) {
  return a.length === b.length && a.every((v) => b.includes(v));
}

export function FindingFiltersBar({
  state,
  options,
  update,
  clearHref,
  subjectName,
  rules,
}: {
  state: FindingFilters;
  options: FindingFilterOptions;
  update: (patch: Partial<FindingFilters>) => void;
  clearHref: string;
  /** The name of the subject the queue is narrowed to, when known from the rows. */
  subjectName: string | null;
  /** The catalog's rules in display order (from the server: the registry stays out of the browser). */
  rules: readonly { id: RuleId; title: string }[];
}) {
  const active =
    state.q !== undefined ||
    state.severity !== undefined ||
    state.rule !== undefined ||
    state.status !== undefined ||
    state.owner !== undefined ||
    state.subscription !== undefined ||
    state.due !== undefined ||
    state.subject !== undefined;
  const ruleCounts = new Map(options.rules.map((r) => [r.id, r.count]));
  return (
    <section aria-label="Filters" className="mb-4 space-y-3">
      <div role="search">
        <DeferredInput
          label="Search"
          type="search"
          value={state.q}
          onCommit={(q) => update({ q })}
          placeholder="Title or subject name, finding id or subject object id"
        />
      </div>
      {state.subject ? (
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <span className="rounded-full bg-slate-200 px-3 py-1 dark:bg-slate-800">
            Subject: <strong className="font-semibold">{subjectName ?? state.subject}</strong>
          </span>
          <button
            type="button"
            onClick={() => update({ subject: undefined })}
            className="rounded px-2 py-1 font-medium text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300"
          >
            Show every subject
          </button>
        </p>
      ) : null}
      <div className="flex flex-wrap gap-x-8 gap-y-3">
        <ChipGroup
          legend="Severity"
          options={SEVERITIES.map((s) => ({ value: s, label: severityLabel[s] }))}
          selected={state.severity ?? []}
          onChange={(severity) => update({ severity: severity.length > 0 ? severity : undefined })}
        />
        <ChipGroup
          legend="Status"
          options={FINDING_STATUSES.map((s) => ({ value: s, label: findingStatusLabel[s] }))}
          selected={effectiveStatuses(state)}
          onChange={(status) =>
            // Nothing chosen, or exactly the active queue, is the plain queue: no status in the URL.
            update({
              status: status.length === 0 || sameSet(status, ACTIVE_FINDING_STATUSES) ? undefined : status,
            })
          }
        />
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
        <MultiSelectMenu<RuleId>
          label="Rule"
          noneLabel="All rules"
          options={rules.map((r) => ({
            value: r.id,
            label: r.title,
            hint: `${r.id}${ruleCounts.has(r.id) ? ` · ${ruleCounts.get(r.id)!.toLocaleString("en-US")} open` : ""}`,
          }))}
          selected={state.rule ?? []}
          onChange={(rule) => update({ rule: rule.length > 0 ? rule : undefined })}
        />
        <SelectField
          label="Owner"
          value={state.owner}
          onChange={(owner) => update({ owner })}
          anyLabel="Anyone or no one"
          options={[
            { value: UNASSIGNED, label: "Unassigned" },
            ...options.owners.map((o) => ({ value: o.upn, label: `${o.upn}${count(o.count)}` })),
          ]}
        />
        <SelectField
          label="Subscription"
          value={state.subscription}
          onChange={(subscription) => update({ subscription })}
          anyLabel="All subscriptions"
          options={options.subscriptions.map((s) => ({ value: s.id, label: s.name ?? s.id }))}
        />
        <SelectField<FindingDueFilter>
          label="Due"
          value={state.due}
          onChange={(due) => update({ due })}
          anyLabel="Any due date"
          options={[
            { value: "overdue", label: "Overdue" },
            { value: "7d", label: "Due within 7 days" },
            { value: "30d", label: "Due within 30 days" },
            { value: "none", label: "No due date" },
          ]}
        />
        <div className="flex items-end">
          {active ? (
            <Link
              href={clearHref}
              replace
              scroll={false}
              className="rounded-md px-2 py-1.5 text-sm font-medium text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-300"
            >
              Clear filters
            </Link>
          ) : null}
        </div>
      </div>
    </section>
  );
}
