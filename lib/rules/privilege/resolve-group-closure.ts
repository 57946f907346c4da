// Transitive group membership with one shortest path per group, computed from direct edges on demand.
import { cached, lc, type SnapshotIndex } from "../index-snapshot";

/** Group id → path of group ids from the member's direct group to that group (both included). */
export type GroupClosure = ReadonlyMap<string, readonly string[]>;

/** A group and every group it is nested in, each with a shortest path from the group itself. */
export function resolveAncestorGroups(index: SnapshotIndex, groupId: string): GroupClosure {
  const memo = cached(index, "group-ancestors", () => new Map<string, GroupClosure>());
  const hit = memo.get(groupId);
  if (hit) return hit;
  // Breadth-first so the kept path is a shortest one; `seen` makes nesting cycles harmless.
  const paths = new Map<string, readonly string[]>([[groupId, [groupId]]]);
  const queue: string[] = [groupId];
  for (let i = 0; i < queue.length; i += 1) {
    const current = queue[i] as string;
    const path = paths.get(current) as readonly string[];
    for (const parent of index.groupsOfMember.get(current) ?? []) {
      if (paths.has(parent)) continue;
      paths.set(parent, [...path, parent]);
      queue.push(parent);
    }
  }
  memo.set(groupId, paths);
  return paths;
}

/** Every group the principal belongs to, directly or through nesting, each with a shortest path. */
export function resolveGroupClosure(index: SnapshotIndex, principalId: string): GroupClosure {
  const direct = index.groupsOfMember.get(lc(principalId));
  if (!direct || direct.length === 0) return new Map();
  const closure = new Map<string, readonly string[]>();
  for (const groupId of direct) {
    for (const [ancestor, path] of resolveAncestorGroups(index, groupId)) {
      const known = closure.get(ancestor);
      if (!known || known.length > path.length) closure.set(ancestor, path);
    }
  }
  return closure;
}
