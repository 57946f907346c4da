import { describe, expect, it } from "vitest";
import { findingFiltersSchema, resolveFindingSort } from "./findings";
import { parseSearchParams, toSearchParams } from "./search-params";

describe("findings URL state", () => {
  it("reads the contract's parameters, lists as comma lists", () => {
    const parsed = parseSearchParams(
      findingFiltersSchema,
      new URLSearchParams(
        "severity=critical,high&rule=mi-privileged-azure-role&status=open,in_progress&owner=Alice@Contoso.com&due=overdue&subject=D19B1294-9A79-4039-8A03-CA0C8819A977&sort=due&dir=asc",
      ),
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        severity: ["critical", "high"],
        rule: ["mi-privileged-azure-role"],
        status: ["open", "in_progress"],
        owner: "Alice@Contoso.com",
        due: "overdue",
        subject: "d19b1294-9a79-4039-8a03-ca0c8819a977",
        sort: "due",
        dir: "asc",
      },
    });
  });

  it("reports an unknown rule or status per field and keeps the rest", () => {
    const parsed = parseSearchParams(findingFiltersSchema, {
      rule: "mi-nonsense",
      status: "open",
      owner: "UNASSIGNED",
    });
    expect(parsed.ok).toBe(false);
    expect(parsed.issues.map((i) => i.field)).toEqual(["rule"]);
    expect(parsed.value).toMatchObject({ status: ["open"], owner: "unassigned" });
  });

  it("refuses an owner that is neither a UPN nor 'unassigned'", () => {
    expect(parseSearchParams(findingFiltersSchema, { owner: "not an owner" }).issues[0]?.field).toBe("owner");
  });

  it("writes a view back in the same form", () => {
    expect(
      toSearchParams(findingFiltersSchema, { severity: ["critical", "high"], due: "7d", sort: "due" }).toString(),
    ).toBe("severity=critical%2Chigh&due=7d&sort=due");
  });

  it("sorts worst first by default, and each column in its natural first direction", () => {
    expect(resolveFindingSort({})).toEqual({ sort: "severity", dir: "desc" });
    expect(resolveFindingSort({ sort: "due" })).toEqual({ sort: "due", dir: "asc" });
    expect(resolveFindingSort({ sort: "lastSeen", dir: "asc" })).toEqual({ sort: "lastSeen", dir: "asc" });
  });
});
