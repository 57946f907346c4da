// A finding's evidence, rendered from its structure: objects as labelled fields, lists of records
// as tables, membership paths as chains, ARM ids and GUIDs as code. Every value is rendered as text
// (names in evidence come from the tenant and are attacker-controlled), never as HTML.
import type { ReactNode } from "react";
import { formatInstant, formatNumber } from "@/components/ui/format";
import { evidenceLabel, isReferenceKey } from "./evidence-label";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_DEPTH = 5;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

function Text({ value }: { value: string }) {
  if (ISO_INSTANT.test(value)) return <time dateTime={value}>{formatInstant(value)}</time>;
  // ARM ids, issuer URLs and GUIDs: exact strings people copy, and long enough to need wrapping.
  if (value.startsWith("/") || /^[a-z]+:\/\//i.test(value) || GUID.test(value) || value.startsWith("api://")) {
    return <code className="break-all">{value}</code>;
  }
  return <>{value}</>;
}

/** A group membership path: the identity's direct group first, the privileged group last. */
function PathChain({ steps }: { steps: unknown[] }) {
  return (
    <ol className="flex flex-wrap items-center gap-x-1 gap-y-1">
      <li className="text-slate-600 dark:text-slate-400">the identity</li>
      {steps.map((step, i) => {
        const name = isRecord(step) ? String(step.displayName ?? step.groupId ?? "") : String(step);
        const id = isRecord(step) && typeof step.groupId === "string" ? step.groupId : null;
        return (
          <li key={i} className="flex items-center gap-1">
            <span aria-hidden="true">→</span>
            <span className="rounded bg-slate-100 px-1.5 py-0.5 dark:bg-slate-800" title={id ?? undefined}>
              {name}
            </span>
            {id && id !== name ? <span className="sr-only">(group {id})</span> : null}
          </li>
        );
      })}
    </ol>
  );
}

function orderedKeys(records: Record<string, unknown>[]): string[] {
  const keys: string[] = [];
  for (const r of records) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  return [...keys.filter((k) => !isReferenceKey(k)), ...keys.filter(isReferenceKey)];
}

/** The field that names a record (shown as the card's heading). */
const TITLE_KEYS = ["roleName", "permission", "displayName", "name", "route", "groupName", "keyId", "kind"];

const isShort = (v: unknown) =>
  v === null || typeof v === "boolean" || typeof v === "number" || (typeof v === "string" && v.length <= 40);

/**
 * Records as a compact table when every value is short (it reads across), otherwise as cards (ARM
 * ids and nested values need the width).
 */
function RecordList({ label, records, depth }: { label: string; records: Record<string, unknown>[]; depth: number }) {
  const keys = orderedKeys(records);
  if (keys.length <= 5 && records.every((r) => Object.values(r).every(isShort))) {
    return (
      <div className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-700">
        <table className="w-full text-left text-xs">
          <caption className="sr-only">{label}</caption>
          <thead className="bg-slate-50 text-slate-700 dark:bg-slate-800 dark:text-slate-200">
            <tr>
              {keys.map((k) => (
                <th key={k} scope="col" className="whitespace-nowrap px-2 py-1.5 font-semibold">
                  {evidenceLabel(k)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {records.map((r, i) => (
              <tr key={i}>
                {keys.map((k) => (
                  <td key={k} className="px-2 py-1.5 align-top">
                    <Value name={k} value={r[k]} depth={depth + 1} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <ul aria-label={label} className="space-y-2">
      {records.map((r, i) => {
        const titleKey = TITLE_KEYS.find((k) => typeof r[k] === "string" && r[k] !== "");
        const rest = titleKey ? Object.fromEntries(Object.entries(r).filter(([k]) => k !== titleKey)) : r;
        return (
          <li key={i} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
            {titleKey ? <p className="mb-2 font-medium">{String(r[titleKey])}</p> : null}
            <Fields value={rest} depth={depth + 1} />
          </li>
        );
      })}
    </ul>
  );
}

function Fields({ value, depth }: { value: Record<string, unknown>; depth: number }) {
  const keys = orderedKeys([value]);
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-2 sm:grid-cols-[minmax(8rem,max-content)_1fr]">
      {keys.map((k) => (
        <div key={k} className="contents">
          <dt className="text-slate-600 dark:text-slate-400">{evidenceLabel(k)}</dt>
          <dd className="min-w-0 [overflow-wrap:anywhere]">
            <Value name={k} value={value[k]} depth={depth + 1} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Value({ name, value, depth }: { name: string; value: unknown; depth: number }): ReactNode {
  if (value === null || value === undefined) {
    // A missing severity means the principal holds nothing privileged.
    const text = /severity$/i.test(name) ? "none" : "—";
    return <span className="text-slate-500 dark:text-slate-400">{text}</span>;
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return <span className="tabular-nums">{formatNumber(value)}</span>;
  if (typeof value === "string") return <Text value={value} />;
  if (depth > MAX_DEPTH) return <code className="break-all">{JSON.stringify(value)}</code>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-slate-500 dark:text-slate-400">none</span>;
    if (name === "path" || name === "viaGroupPath") return <PathChain steps={value} />;
    if (value.every(isRecord)) return <RecordList label={evidenceLabel(name)} records={value} depth={depth} />;
    return (
      <ul className="space-y-0.5">
        {value.map((item, i) => (
          <li key={i}>
            <Value name={name} value={item} depth={depth + 1} />
          </li>
        ))}
      </ul>
    );
  }
  if (isRecord(value)) return <Fields value={value} depth={depth} />;
  return String(value);
}

/** The whole evidence object of a finding. */
export function EvidenceView({ evidence }: { evidence: Record<string, Json> | Record<string, unknown> }) {
  if (Object.keys(evidence).length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">This finding carries no evidence.</p>;
  }
  return (
    <div className="text-sm">
      <Fields value={evidence} depth={0} />
    </div>
  );
}
