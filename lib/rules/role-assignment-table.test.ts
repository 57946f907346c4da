import { describe, expect, it } from "vitest";
import { lc } from "./index-snapshot";
import { MembershipTable } from "./membership-table";
import { RoleAssignmentTable } from "./role-assignment-table";
import type { RoleAssignmentRecord } from "./snapshot";

const GUIDS = [
  "0c1e5c6e-7a43-4b8e-9a7c-1c2d3e4f5a6b",
  "f00dcafe-0000-4000-8000-000000000001",
  "0c1e5c6e-7a43-4b8e-9a7c-1c2d3e4f5a6c",
];

function assignment(id: string, scope: string, principalId: string): RoleAssignmentRecord {
  return {
    id,
    scope,
    scopeLevel: scope === "/" ? "root" : "subscription",
    subscriptionId: scope === "/" ? null : "s1",
    roleDefinitionId: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    principalId,
    principalType: "User",
    condition: id.endsWith("c") ? "@Resource[x] == 'y'" : null,
  };
}

const records = [
  assignment(
    `/subscriptions/s1/providers/microsoft.authorization/roleassignments/${GUIDS[0]}`,
    "/subscriptions/s1",
    "P1",
  ),
  assignment(`/providers/microsoft.authorization/roleassignments/${GUIDS[1]}`, "/", "p1"),
  // Ids of another form are kept whole.
  assignment(
    `/subscriptions/s1/providers/Microsoft.Authorization/roleAssignments/${GUIDS[2]}`,
    "/subscriptions/s1",
    "p2",
  ),
  assignment(
    "/subscriptions/s1/providers/microsoft.authorization/roleassignments/not-a-guid",
    "/subscriptions/s1",
    "p2",
  ),
];

function build(order: readonly RoleAssignmentRecord[]) {
  const table = new RoleAssignmentTable();
  for (const r of order) table.add(r, lc);
  return table.build(lc);
}

describe("RoleAssignmentTable", () => {
  it("gives back every record as stored, ids included, whatever their form", () => {
    const { byPrincipal } = build(records);
    const all = [...(byPrincipal.get("p1") ?? []), ...(byPrincipal.get("P2") ?? [])];
    const plain = all.map((r) => JSON.parse(JSON.stringify(r)) as RoleAssignmentRecord);
    expect(plain.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([...records].sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect(all.map((r) => r.id).sort()).toEqual(records.map((r) => r.id).sort());
  });

  it("lists by lower-cased principal and scope in one order, whatever order rows were added in", () => {
    const forward = build(records);
    const backward = build([...records].reverse());
    const ids = (list: readonly RoleAssignmentRecord[] | undefined) => (list ?? []).map((r) => r.id);
    for (const key of ["p1", "p2", "P1"])
      expect(ids(backward.byPrincipal.get(key))).toEqual(ids(forward.byPrincipal.get(key)));
    expect(ids(forward.byPrincipal.get("p1"))).toEqual([records[0]!.id, records[1]!.id]);
    expect(ids(forward.byScope.get("/subscriptions/S1"))).toHaveLength(3);
    expect(ids(forward.byScope.get("/"))).toEqual([records[1]!.id]);
    expect(forward.byPrincipal.get("nobody")).toBeUndefined();
    expect([...forward.byPrincipal.keys()].sort()).toEqual(["p1", "p2"]);
  });
});

describe("MembershipTable", () => {
  it("lists each member's direct groups in id order, however the edges arrived", () => {
    const table = new MembershipTable();
    for (const [group, member] of [
      ["g3", "u1"],
      ["g1", "u1"],
      ["g2", "g1"],
      ["g2", "u1"],
    ] as const)
      table.add(group, member);
    const groupsOf = table.build();
    expect(groupsOf.get("u1")).toEqual(["g1", "g2", "g3"]);
    expect(groupsOf.get("g1")).toEqual(["g2"]);
    expect(groupsOf.get("g2")).toBeUndefined();
    expect([...groupsOf.keys()].sort()).toEqual(["g1", "u1"]);
  });
});
