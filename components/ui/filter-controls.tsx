"use client";
// Filter controls for server-filtered lists. Each reports a change for the caller to write to the URL
// (lib/url-state), so the list, its count, its export and a shared link describe the same view.
import { useId, useRef, useState, type KeyboardEvent } from "react";

const TYPING_DELAY_MS = 350;

export const filterControlClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";
export const filterLabelClass = "block text-xs font-medium text-slate-700 dark:text-slate-300";

/**
 * A text box that reports its value when the user pauses typing or presses Enter. It keeps its own text
 * while the user types (the URL catching up must not move the caret or drop keystrokes) and takes
 * the URL's value only when that changed elsewhere (Clear filters, the back button).
 */
export function DeferredInput({
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
      <label htmlFor={id} className={filterLabelClass}>
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
        className={filterControlClass}
      />
    </div>
  );
}

/** One value or none ("any"). A value the options no longer hold (an old link) still shows. */
export function SelectField<V extends string>({
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
      <label htmlFor={id} className={filterLabelClass}>
        {label}
      </label>
      <select
        id={id}
        value={value ?? ""}
        onChange={(event) => onChange((event.currentTarget.value || undefined) as V | undefined)}
        className={filterControlClass}
      >
        <option value="">{anyLabel}</option>
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

function toggle<V>(list: readonly V[], value: V): V[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** A few values, any number of them, shown as toggle chips (severity, status). */
export function ChipGroup<V extends string>({
  legend,
  options,
  selected,
  onChange,
}: {
  legend: string;
  options: readonly { value: V; label: string }[];
  selected: readonly V[];
  onChange: (next: V[]) => void;
}) {
  return (
    <fieldset>
      <legend className={filterLabelClass}>{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-1.5">
        {options.map((o) => (
          <label
            key={o.value}
            className="cursor-pointer rounded-full border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 has-[:checked]:border-blue-700 has-[:checked]:bg-blue-700 has-[:checked]:text-white has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-blue-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-200 dark:has-[:checked]:border-blue-500 dark:has-[:checked]:bg-blue-600"
          >
            <input
              type="checkbox"
              className="sr-only"
              checked={selected.includes(o.value)}
              onChange={() => onChange(toggle(selected, o.value))}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Many values, any number of them, in a disclosure (rules): Escape closes it. */
export function MultiSelectMenu<V extends string>({
  label,
  options,
  selected,
  onChange,
  noneLabel,
}: {
  label: string;
  options: readonly { value: V; label: string; hint?: string }[];
  selected: readonly V[];
  onChange: (next: V[]) => void;
  noneLabel: string;
}) {
  const details = useRef<HTMLDetailsElement>(null);
  const labelId = useId();
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || !details.current?.open) return;
    details.current.open = false;
    details.current.querySelector("summary")?.focus();
  };
  const summary =
    selected.length === 0
      ? noneLabel
      : selected.length === 1
        ? (options.find((o) => o.value === selected[0])?.label ?? selected[0])
        : `${selected.length} selected`;
  return (
    <div onKeyDown={closeOnEscape}>
      <span id={labelId} className={filterLabelClass}>
        {label}
      </span>
      <details ref={details} className="relative">
        <summary aria-describedby={labelId} className={`${filterControlClass} cursor-pointer truncate`}>
          {summary}
        </summary>
        <fieldset className="absolute z-20 mt-1 max-h-80 w-[min(28rem,90vw)] overflow-auto rounded-md border border-slate-300 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <legend className="sr-only">{label}</legend>
          {selected.length > 0 ? (
            <button
              type="button"
              onClick={() => onChange([])}
              className="mb-1 rounded px-2 py-1 text-xs font-medium text-blue-800 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300"
            >
              Clear ({noneLabel.toLowerCase()})
            </button>
          ) : null}
          {options.map((o) => (
            <label
              key={o.value}
              className="flex cursor-pointer items-start gap-2 rounded px-2 py-1.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
            >
              <input
                type="checkbox"
                className="mt-0.5 h-4 w-4 shrink-0 accent-blue-700"
                checked={selected.includes(o.value)}
                onChange={() => onChange(toggle(selected, o.value))}
              />
              <span className="min-w-0">
                {o.label}
                {o.hint ? <span className="block text-xs text-slate-600 dark:text-slate-400">{o.hint}</span> : null}
              </span>
            </label>
          ))}
        </fieldset>
      </details>
    </div>
  );
}
