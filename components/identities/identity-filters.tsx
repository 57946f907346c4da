"use client";
// The identities filter bar. Every control writes to the URL (lib/url-state), never to local state
// alone, so the list, the count, the export link and a shared link all describe the same view.
import Link from "next/link";
import { useId, useRef, useState } from "react";
import type { IdentityFilterOptions } from "@/lib/schemas/identity";
import type { IdentityFilters } from "@/lib/url-state/identities";
import { privilegeLabel } from "./privilege-badge";

const TYPING_DELAY_MS = 350;

const control =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";
const labelClass = "block text-xs font-medium text-slate-700 dark:text-slate-300";

/**
 * A text box that writes to the URL when the user pauses or presses Enter. It keeps its own text
 * while the user types (the URL catching up must not move the caret or drop keystrokes) and takes
 * the URL's value only when that changed elsewhere (Clear filters, the back button).
 */
function DeferredInput({
  label,
  value,
  onCommit,
  placeholder,
  list,
  type = "text",
}: {
  label: string;
  value: string | undefined;
  onCommit: (value: string | undefined) => void;
  placeholder?: string;
  list?: string;
  type?: "text" | "search";
}) {
  const id = useId();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [text, setText] = useState(value ?? "");
  const [shown, setShown] = useState(value);
  const [committed, setCommitted] = useState(value);
  if (value !== shown) {
    setShown(value);
    if (value !== committed) {
      setText(value ?? "");
      setCommitted(value);
    }
  }
  const commit = (raw: string) => {
    if (timer.current) clearTimeout(timer.current);
    const next = raw.trim() || undefined;
    if (next === value) return;
    setCommitted(next);
    onCommit(next);
  };
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input
        id={id}
        type={type}
        list={list}
        value={text}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          const raw = event.currentTarget.value;
          setText(raw);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(raw), TYPING_DELAY_MS);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            commit(event.currentTarget.value);
          }
        }}
        className={control}
      />
    </div>
  );
}

function Select<V extends string>({
  label,
  value,
  onChange,
  options,
  anyLabel,
}: {
  label: string;
  value: V | undefined;
  onChange: (value: V | undefined) => void;
  options: readonly { value: V; label: string }[];
  anyLabel: string;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <select
        id={id}
        value={value ?? ""}
        onChange={(event) => onChange((event.currentTarget.value || undefined) as V | undefined)}
        className={control}
      >
        <option value="">{anyLabel}</option>
        {/* A shared link may name a value the inventory no longer holds: still show what is filtered. */}
        {value !== undefined && !options.some((o) => o.value === value) ? <option value={value}>{value}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

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
        <Select
          label="Kind"
          value={state.kind}
          onChange={(kind) => update({ kind })}
          anyLabel="All kinds"
          options={[
            { value: "SystemAssigned", label: "System-assigned" },
            { value: "UserAssigned", label: "User-assigned" },
          ]}
        />
        <Select
          label="Risk"
          value={state.privilege}
          onChange={(privilege) => update({ privilege })}
          anyLabel="Any risk"
          options={(["critical", "high", "medium", "low", "none"] as const).map((level) => ({
            value: level,
            label: privilegeLabel[level],
          }))}
        />
        <Select
          label="Open findings"
          value={state.findings}
          onChange={(findings) => update({ findings })}
          anyLabel="With or without"
          options={[
            { value: "open", label: "Has open findings" },
            { value: "none", label: "No open findings" },
          ]}
        />
        <Select
          label="Orphaned"
          value={state.orphaned === undefined ? undefined : state.orphaned ? "true" : "false"}
          onChange={(v) => update({ orphaned: v === undefined ? undefined : v === "true" })}
          anyLabel="Orphaned or not"
          options={[
            { value: "true", label: "Orphaned" },
            { value: "false", label: "Not orphaned" },
          ]}
        />
        <Select
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
        <Select
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
