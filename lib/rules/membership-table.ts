// Direct group memberships held as pairs of numbers: a 100k tenant has a million (mostly users'),
// and a list of group ids per member would cost a pointer each plus a growing array per member.
import type { Lookup } from "./role-assignment-table";

function grow(array: Uint32Array<ArrayBuffer>, size: number): Uint32Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const next = new Uint32Array(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

export class MembershipTable {
  private readonly ids: string[] = [];
  private readonly numbers = new Map<string, number>();
  private groups: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  private members: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  private count = 0;

  private number(id: string): number {
    let n = this.numbers.get(id);
    if (n === undefined) {
      n = this.ids.length;
      this.ids.push(id);
      this.numbers.set(id, n);
    }
    return n;
  }

  /** Both ids lower-cased by the caller. */
  add(groupId: string, memberId: string): void {
    this.groups = grow(this.groups, this.count + 1);
    this.members = grow(this.members, this.count + 1);
    this.groups[this.count] = this.number(groupId);
    this.members[this.count] = this.number(memberId);
    this.count += 1;
  }

  /** Member id → the ids of its direct groups, in id order (a new list on each `get`). */
  build(): Lookup<string> {
    const { ids, numbers, count } = this;
    const groups = this.groups.subarray(0, count);
    const members = this.members.subarray(0, count);
    // Edges ordered by group id (so each member's list is), then bucketed by member: a counting sort.
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i += 1) order[i] = i;
    const rank = new Uint32Array(ids.length);
    const byId = Uint32Array.from(ids.keys()).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
    byId.forEach((n, position) => (rank[n] = position));
    order.sort((a, b) => rank[groups[a]!]! - rank[groups[b]!]!);
    const starts = new Uint32Array(ids.length + 1);
    for (let i = 0; i < count; i += 1) starts[members[i]! + 1]! += 1;
    for (let k = 1; k < starts.length; k += 1) starts[k]! += starts[k - 1]!;
    const next = starts.slice();
    const edges = new Uint32Array(count);
    for (const i of order) edges[next[members[i]!]!++] = groups[i]!;
    this.groups = new Uint32Array(0);
    this.members = new Uint32Array(0);
    return {
      get(memberId) {
        const n = numbers.get(memberId);
        if (n === undefined || starts[n] === starts[n + 1]) return undefined;
        const list: string[] = [];
        for (let i = starts[n]!; i < starts[n + 1]!; i += 1) list.push(ids[edges[i]!]!);
        return list;
      },
      *keys() {
        for (let n = 0; n < ids.length; n += 1) if (starts[n] !== starts[n + 1]) yield ids[n]!;
      },
    };
  }
}
