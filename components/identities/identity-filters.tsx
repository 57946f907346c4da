"use client";
// The identities filter bar. Every control writes to the URL (lib/url-state), never to local state
// alone, so the list, the count, the export link and a shared link all describe the same view.
import Link from "next/link";
import { useId } from "react";
import { DeferredInput, SelectField } from "@/components/ui/filter-controls";
import type { IdentityFilterOptions } from "@/lib/schemas/identity";
import type { IdentityFilters } from "@/lib/url-state/identities";
import { privilegeLabel } from "./privilege-badge";

export function IdentityFiltersBar({
  state,
  options,
  update,
  clearHref,
}: {
  state: IdentityFilters;
  options: IdentityFilterOptions;
  update: (patch: Partial<IdentityFilters>) => void;
  clearHref: string;
}) {
  const groupsId = useId();
  const active =
    state.q !== undefined ||
    state.kind !== undefined ||
    state.subscription !== undefined ||
    state.resourceGroup !== undefined ||
    state.resourceType !== undefined ||
    state.orphaned !== undefined ||
    state.privilege !== undefined ||
    state.findings !== undefined;
  const count = (n: number) => ` (${n.toLocaleString("en-US")})`;
  return (
    <section aria-label="Filters" className="mb-4 space-y-3">
      <div role="search">
        <DeferredInput
          label="Search"
          type="search"
          value={state.q}
          onCommit={(q) => update({ q })}
          placeholder="Name, object id, client id or ARM resource id"
        />
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <SelectField
          label="Kind"
          value={state.kind}
          onChange={(kind) => update({ kind })}
          anyLabel="All kinds"
          options={[
            { value: "SystemAssigned", label: "System-assigned" },
            { value: "UserAssigned", label: "User-assigned" },
          ]}
        />
        <SelectField
          label="Risk"
          value={state.privilege}
          onChange={(privilege) => update({ privilege })}
          anyLabel="Any risk"
          options={(["critical", "high", "medium", "low", "none"] as const).map((level) => ({
            value: level,
            label: privilegeLabel[level],
          }))}
        />
        <SelectField
          label="Open findings"
          value={state.findings}
          onChange={(findings) => update({ findings })}
          anyLabel="With or without"
          options={[
            { value: "open", label: "Has open findings" },
            { value: "none", label: "No open findings" },
          ]}
        />
        <SelectField
          label="Orphaned"
          value={state.orphaned === undefined ? undefined : state.orphaned ? "true" : "false"}
          onChange={(v) => update({ orphaned: v === undefined ? undefined : v === "true" })}
          anyLabel="Orphaned or not"
          options={[
            { value: "true", label: "Orphaned" },
            { value: "false", label: "Not orphaned" },
          ]}
        />
        <SelectField
          label="Subscription"
          value={state.subscription}
          onChange={(subscription) => update({ subscription })}
          anyLabel="All subscriptions"
          options={options.subscriptions.map((s) => ({ value: s.id, label: `${s.name ?? s.id}${count(s.count)}` }))}
        />
        <DeferredInput
          label="Resource group"
          value={state.resourceGroup}
          onCommit={(resourceGroup) => update({ resourceGroup })}
          list={groupsId}
          placeholder="Any resource group"
        />
        <datalist id={groupsId}>
          {options.resourceGroups.map((g) => (
            <option key={g.name} value={g.name} />
          ))}
        </datalist>
        <SelectField
          label="Resource type"
          value={state.resourceType}
          onChange={(resourceType) => update({ resourceType })}
          anyLabel="All resource types"
          options={options.resourceTypes.map((t) => ({ value: t.type, label: `${t.type}${count(t.count)}` }))}
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
