import { describe, expect, it } from "vitest";
import { indexSnapshot } from "../index-snapshot";
import { createGroup, createGroupMembership, createManagedIdentity, createSnapshot } from "../testing/factories";
import { resolveGroupClosure } from "./resolve-group-closure";

describe("resolveGroupClosure", () => {
  it("keeps a shortest path to every transitive group and tolerates cycles", () => {
    const mi = createManagedIdentity();
    const [a, b, c, d] = [createGroup(), createGroup(), createGroup(), createGroup()] as const;
    const index = indexSnapshot(
      createSnapshot({
        groupMemberships: [
          createGroupMembership(a, mi),
          createGroupMembership(d, mi),
          createGroupMembership(b, a, "Group"),
          createGroupMembership(c, b, "Group"),
          // A shortcut: c is also directly above d, so the shortest path to c is [d, c].
          createGroupMembership(c, d, "Group"),
          createGroupMembership(a, c, "Group"),
        ],
      }),
    );
    const closure = resolveGroupClosure(index, mi.id.toUpperCase());
    expect(new Map(closure)).toEqual(
      new Map([
        [a.id, [a.id]],
        [d.id, [d.id]],
        [b.id, [a.id, b.id]],
        [c.id, [d.id, c.id]],
      ]),
    );
  });

  it("is empty for a principal in no group", () => {
    expect(resolveGroupClosure(indexSnapshot(createSnapshot()), createManagedIdentity().id).size).toBe(0);
  });
});
