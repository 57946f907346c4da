import { describe, expect, it } from "vitest";
import { compileQuery, KqlError } from "./resource-graph";

const rows = [
  {
    id: "/a",
    name: "app-one",
    type: "microsoft.web/sites",
    location: "westeurope",
    identity: { type: "SystemAssigned", principalId: "p1" },
    tags: { env: "prod" },
  },
  { id: "/b", name: "vm-two", type: "microsoft.compute/virtualmachines", location: "eastus", identity: null, tags: {} },
  {
    id: "/c",
    name: "App-Three",
    type: "microsoft.web/sites",
    location: "eastus",
    identity: { type: "UserAssigned", userAssignedIdentities: { "/u": { principalId: "p3" } } },
    tags: { env: "dev" },
  },
];
const run = (q: string) => compileQuery(q).run(rows);

describe("the KQL subset", () => {
  it("filters with isnotempty, case-insensitive and case-sensitive equality, contains, has, startswith, in~", () => {
    expect(run("Resources | where isnotempty(identity) | project id").map((r) => r.id)).toEqual(["/a", "/c"]);
    expect(run("Resources | where isempty(identity) | project id").map((r) => r.id)).toEqual(["/b"]);
    expect(run("Resources | where name =~ 'APP-ONE' | project id").map((r) => r.id)).toEqual(["/a"]);
    expect(run("Resources | where name == 'APP-ONE' | project id")).toEqual([]);
    expect(run("Resources | where name contains 'app' and location == 'eastus' | project id").map((r) => r.id)).toEqual(
      ["/c"],
    );
    expect(run("Resources | where name !contains 'app' | project id").map((r) => r.id)).toEqual(["/b"]);
    expect(run("Resources | where name has 'two' or tags.env == 'prod' | project id").map((r) => r.id)).toEqual([
      "/a",
      "/b",
    ]);
    expect(run("Resources | where type in~ ('Microsoft.Web/sites') | project id").map((r) => r.id)).toEqual([
      "/a",
      "/c",
    ]);
    expect(run("Resources | where name startswith 'vm' | project id").map((r) => r.id)).toEqual(["/b"]);
  });
  it("projects with tostring and nested paths, renames, extends, limits and orders", () => {
    expect(
      run(
        "Resources | where isnotempty(identity) | project id, identityType=tostring(identity.type), principalId=tostring(identity['principalId']), uami=identity.userAssignedIdentities",
      ),
    ).toEqual([
      { id: "/a", identityType: "SystemAssigned", principalId: "p1", uami: null },
      { id: "/c", identityType: "UserAssigned", principalId: "", uami: { "/u": { principalId: "p3" } } },
    ]);
    expect(run("Resources | extend loc=toupper(location) | project id, loc | order by id desc | take 2")).toEqual([
      { id: "/c", loc: "EASTUS" },
      { id: "/b", loc: "EASTUS" },
    ]);
    expect(compileQuery("Resources | project name").projectsId).toBe(false);
  });
  it("summarises with count, countif, max, min, sum and dcount, by columns or without", () => {
    const created = [
      { id: "/r1", subscriptionId: "s1", properties: { updatedOn: "2026-01-02T00:00:00Z", n: 2 } },
      { id: "/r2", subscriptionId: "s1", properties: { updatedOn: "2026-03-04T05:06:07.123456+00:00", n: 3 } },
      { id: "/r3", subscriptionId: "s2", properties: { updatedOn: "2025-12-31T00:00:00Z", n: 5 } },
      { id: "/r4", subscriptionId: "", properties: { updatedOn: null, n: 1 } },
    ];
    const summarize = (q: string) => compileQuery(q).run(created);
    expect(
      summarize(
        "AuthorizationResources | summarize n = count(), latest = max(todatetime(properties.updatedOn)) by subscriptionId",
      ),
    ).toEqual([
      { subscriptionId: "s1", n: 2, latest: "2026-03-04T05:06:07.123Z" },
      { subscriptionId: "s2", n: 1, latest: "2025-12-31T00:00:00.000Z" },
      { subscriptionId: "", n: 1, latest: null },
    ]);
    expect(
      summarize(
        "AuthorizationResources | where isempty(subscriptionId) | summarize count(), sum(properties.n), dcount(subscriptionId)",
      ),
    ).toEqual([{ count_: 1, sum_properties: 1, dcount_subscriptionId: 1 }]);
    expect(summarize("AuthorizationResources | where id == '/none' | summarize n = count()")).toEqual([{ n: 0 }]);
    expect(
      summarize("AuthorizationResources | summarize inS1 = countif(subscriptionId == 's1'), low = min(properties.n)"),
    ).toEqual([{ inS1: 2, low: 1 }]);
    expect(compileQuery("Resources | summarize count() by type").summarized).toBe(true);
  });
  it("compares datetimes as instants and numbers as numbers with >, >=, <, <=, and reads datetime() literals", () => {
    const changes = [
      { id: "/x1", properties: { changeAttributes: { timestamp: "2026-12-07T10:00:00.000+00:00", changesCount: 2 } } },
      { id: "/x2", properties: { changeAttributes: { timestamp: "2026-12-07T11:30:00Z", changesCount: 10 } } },
      { id: "/x3", properties: { changeAttributes: { timestamp: null, changesCount: 0 } } },
    ];
    const ids = (q: string) =>
      compileQuery(q)
        .run(changes)
        .map((r) => r.id);
    const base =
      "resourcechanges | extend changeTime = todatetime(properties.changeAttributes.timestamp), n = properties.changeAttributes.changesCount";
    expect(ids(`${base} | where changeTime > todatetime('2026-12-07T10:00:00Z') | project id`)).toEqual(["/x2"]);
    expect(ids(`${base} | where changeTime >= todatetime('2026-12-07T10:00:00Z') | project id`)).toEqual([
      "/x1",
      "/x2",
    ]);
    expect(ids(`${base} | where changeTime < datetime(2026-12-07T11:00:00Z) | project id`)).toEqual(["/x1"]);
    expect(ids(`${base} | where changeTime <= datetime(2026-12-07T11:30:00Z) | project id`)).toEqual(["/x1", "/x2"]);
    // 10 > 9 as numbers, though "10" < "9" as strings.
    expect(ids(`${base} | where n > 9 | project id`)).toEqual(["/x2"]);
    expect(ids(`${base} | where n >= 0 and n < 3 | project id`)).toEqual(["/x1", "/x3"]);
  });
  it("refuses what it cannot interpret", () => {
    for (const q of [
      "Resources | summarize percentile(name, 50) by type",
      "Resources | mv-expand tags",
      "SecurityResources | project id",
      "Resources | where name matches regex 'x'",
      "Resources | where bogus(name)",
    ]) {
      expect(() => compileQuery(q).run(rows)).toThrow(KqlError);
    }
  });
});
