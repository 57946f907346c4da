// Delta queries for servicePrincipals and groups. A round covers the changes with a sequence number
// in (from, to], where `to` is fixed when the round starts: objects that change while a client is
// still paging belong to the next round, so no change is lost or reported twice.
import type { EmulatorResponse } from "../http";
import type { Group, MembershipChange, ServicePrincipal, Tombstone } from "../tenant/model";
import { badRequest, graphError } from "./errors";
import { idsOfIdFilter } from "./filter";
import type { GraphCall, GraphService } from "./handler";
import { applySelect, findDirectoryObject, groupJson, servicePrincipalJson } from "./shapes";

export interface DeltaState {
  /** Tokens minted in an older epoch are refused (the control endpoint bumps it to expire them all). */
  epoch: number;
  /** Fault hook: true makes this request's delta token count as expired. */
  forceExpire: (call: GraphCall) => boolean;
  now?: () => number;
}

/** Identity delta tokens live 7 days (api-facts §1). */
export const DELTA_TOKEN_LIFETIME_MS = 7 * 86_400_000;
const PAGE = 100;

interface Cursor {
  k: "sp" | "group";
  f: number;
  t: number;
  c: number;
  ph: 0 | 1;
  s: string | null;
  ids: string[] | null;
  m: boolean;
  e: number;
  i: number;
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");

function decode(raw: string): Cursor | null {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    return typeof c.f === "number" && typeof c.t === "number" && typeof c.c === "number" ? c : null;
  } catch {
    return null;
  }
}

function expired(service: GraphService, call: GraphCall): EmulatorResponse {
  return graphError(
    400,
    "syncStateNotFound",
    "The sync state generation is not found. Delta tokens expire after 7 days or when the sync state is reset; start a new full synchronization.",
    call.ids,
  );
}

function start(service: GraphService, call: GraphCall, kind: Cursor["k"]): Cursor | EmulatorResponse {
  const q = call.query;
  const now = (service.delta.now ?? Date.now)();
  const seq = service.tenant.seq;
  const skip = q.get("$skiptoken");
  const delta = q.get("$deltatoken");
  if (skip !== null || (delta !== null && delta !== "latest")) {
    const c = decode(skip ?? delta ?? "");
    if (!c || c.k !== kind)
      return badRequest("The delta token is not valid for this resource.", call.ids, "Request_BadRequest");
    if (c.e !== service.delta.epoch || now - c.i > DELTA_TOKEN_LIFETIME_MS || service.delta.forceExpire(call))
      return expired(service, call);
    if (skip !== null) return c;
    return { ...c, f: c.t, t: seq, c: 0, ph: 0, i: now };
  }
  const filter = q.get("$filter");
  const ids = filter ? idsOfIdFilter(filter) : null;
  if (filter && !ids)
    return badRequest(
      "Only $filter=id eq '…' (joined by or) is supported on delta.",
      call.ids,
      "Request_UnsupportedQuery",
    );
  if (q.has("$top") || q.has("$orderby"))
    return badRequest("The query option is not supported with delta.", call.ids, "Request_UnsupportedQuery");
  const expand = (q.get("$expand") ?? "").toLowerCase();
  const select = q.get("$select");
  const withMembers =
    kind === "group" && (expand.includes("members") || (select ?? "").toLowerCase().split(",").includes("members"));
  const base: Cursor = {
    k: kind,
    f: 0,
    t: seq,
    c: 0,
    ph: 0,
    s: select,
    ids,
    m: withMembers,
    e: service.delta.epoch,
    i: now,
  };
  // `$deltatoken=latest` gives a token for "from now on" without the current state.
  if (delta === "latest") return { ...base, f: seq, ph: 1, c: Number.MAX_SAFE_INTEGER };
  return base;
}

function links(call: GraphCall, path: string, next: Cursor | null, done: Cursor): Record<string, string> {
  const base = `${call.origin}/${call.version}${path}`;
  return next
    ? { "@odata.nextLink": `${base}?$skiptoken=${encode(next)}` }
    : { "@odata.deltaLink": `${base}?$deltatoken=${encode(done)}` };
}

function page<T extends { id: string; version: number; deleted?: boolean }>(
  cursor: Cursor,
  items: readonly T[],
  tombstones: readonly Tombstone[],
  emit: (x: T) => Record<string, unknown>,
  /** Size of an emitted item in page units (groups with many members fill a page sooner). */
  weight: (json: Record<string, unknown>) => number = () => 1,
): { value: Record<string, unknown>[]; next: Cursor | null } {
  const value: Record<string, unknown>[] = [];
  let used = 0;
  const idSet = cursor.ids ? new Set(cursor.ids) : null;
  let c = cursor.c;
  let ph = cursor.ph;
  if (ph === 0) {
    for (; c < items.length && value.length < PAGE && used < PAGE; c++) {
      const x = items[c] as T;
      if (x.deleted || x.version <= cursor.f || x.version > cursor.t) continue;
      if (idSet && !idSet.has(x.id)) continue;
      const json = emit(x);
      value.push(json);
      used += weight(json);
    }
    if (c >= items.length) {
      ph = 1;
      c = 0;
    }
  }
  if (ph === 1 && cursor.f > 0) {
    for (; c < tombstones.length && value.length < PAGE; c++) {
      const tomb = tombstones[c] as Tombstone;
      if (tomb.seq <= cursor.f || tomb.seq > cursor.t) continue;
      if (idSet && !idSet.has(tomb.id)) continue;
      value.push({ id: tomb.id, "@removed": { reason: tomb.reason } });
    }
  }
  const finished = ph === 1 && (cursor.f === 0 || c >= tombstones.length);
  return { value, next: finished ? null : { ...cursor, c, ph } };
}

export function servicePrincipalsDelta(service: GraphService, call: GraphCall): EmulatorResponse {
  const cursor = start(service, call, "sp");
  if ("status" in cursor) return cursor;
  const t = service.tenant;
  const select = cursor.s ? cursor.s.split(",").map((s) => s.trim()) : null;
  const { value, next } = page<ServicePrincipal>(cursor, t.servicePrincipals, t.spTombstones, (sp) => {
    const json = applySelect(servicePrincipalJson(sp, t), select);
    return { ...json, id: sp.id };
  });
  return {
    status: 200,
    body: {
      "@odata.context": `${call.origin}/${call.version}/$metadata#servicePrincipals${select ? `(${select.join(",")})` : ""}`,
      ...links(call, "/servicePrincipals/delta", next, cursor),
      value,
    },
  };
}

function memberRef(service: GraphService, id: string) {
  const o = findDirectoryObject(service.tenant, id);
  const type = o?.kind ?? (service.tenant.groupById.has(id) ? "group" : "servicePrincipal");
  return { "@odata.type": `#microsoft.graph.${type}`, id };
}

/** Net membership changes of one group in (from, to]: the last change of each member wins. */
function memberChanges(log: readonly MembershipChange[], groupId: string, from: number, to: number) {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((log[mid] as MembershipChange).seq <= from) lo = mid + 1;
    else hi = mid;
  }
  const net = new Map<string, boolean>();
  for (let i = lo; i < log.length; i++) {
    const ch = log[i] as MembershipChange;
    if (ch.seq > to) break;
    if (ch.groupId === groupId) net.set(ch.memberId, ch.removed);
  }
  return net;
}

export function groupsDelta(service: GraphService, call: GraphCall): EmulatorResponse {
  const cursor = start(service, call, "group");
  if ("status" in cursor) return cursor;
  const t = service.tenant;
  const select = cursor.s
    ? cursor.s
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.toLowerCase() !== "members")
    : null;
  const { value, next } = page<Group>(
    cursor,
    t.groups,
    t.groupTombstones,
    (g) => {
      const json: Record<string, unknown> = { ...applySelect(groupJson(g, t), select), id: g.id };
      if (cursor.m) {
        if (cursor.f === 0) json["members@delta"] = g.members.map((m) => memberRef(service, m));
        else {
          const changes = memberChanges(t.membershipLog, g.id, cursor.f, cursor.t);
          json["members@delta"] = [...changes].map(([id, removed]) =>
            removed ? { ...memberRef(service, id), "@removed": { reason: "deleted" } } : memberRef(service, id),
          );
        }
      }
      return json;
    },
    // Keep member-heavy pages small: 20 member references weigh as much as a group, so a page holds ~2,000.
    (json) => 1 + ((json["members@delta"] as unknown[] | undefined)?.length ?? 0) / 20,
  );
  return {
    status: 200,
    body: {
      "@odata.context": `${call.origin}/${call.version}/$metadata#groups${select ? `(${select.join(",")})` : ""}`,
      ...links(call, "/groups/delta", next, cursor),
      value,
    },
  };
}
