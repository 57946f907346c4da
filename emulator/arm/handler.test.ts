import { describe, expect, it } from "vitest";
import type { VerifyToken } from "../graph/handler";
import { applyChurn } from "../tenant/churn";
import { generateTenant } from "../tenant/generate";
import { call, collect } from "../testing/call";
import { Throttle } from "../throttle";
import { createArmHandler } from "./handler";
import { authorizationRows, compileQuery, resourceRows } from "./resource-graph";

const A = "https://localhost:4011";
const tenant = generateTenant({ seed: 3, size: "demo", now: Date.UTC(2026, 0, 15) });
const arm = createArmHandler({ tenant, pageSize: 4 });
const [prod, dev] = tenant.subscriptions.map((s) => s.subscriptionId) as [string, string];
const resource = (name: string) => [...tenant.resources.values()].find((r) => r.name === name)!;
const sp = (name: string) => tenant.servicePrincipals.find((s) => s.displayName === name)!;
const raPath = (scope: string) =>
  `${A}${scope}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`;
type Ra = {
  id: string;
  properties: { scope: string; principalId: string; roleDefinitionId: string; createdOn: string };
};

describe("ARM basics", () => {
  it("requires api-version like ARM", async () => {
    const r = await call(arm, "GET", `${A}/subscriptions`);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      error: {
        code: "MissingApiVersionParameter",
        message: "The api-version query parameter (?api-version=) is required for all requests.",
      },
    });
  });
  it("answers 404 with ARM codes for unknown subscriptions, resource groups and resources", async () => {
    expect(
      (
        (
          await call(
            arm,
            "GET",
            `${A}/subscriptions/00000000-0000-0000-0000-000000000000/resources?api-version=2021-04-01`,
          )
        ).json.error as { code: string }
      ).code,
    ).toBe("SubscriptionNotFound");
    expect(
      (
        (await call(arm, "GET", `${A}/subscriptions/${prod}/resourceGroups/nope/resources?api-version=2021-04-01`)).json
          .error as { code: string }
      ).code,
    ).toBe("ResourceGroupNotFound");
    const rg = tenant.resourceGroups[0]!;
    expect(
      (
        (await call(arm, "GET", `${A}${rg.id}/providers/Microsoft.Compute/virtualMachines/nope?api-version=2024-07-01`))
          .json.error as { code: string }
      ).code,
    ).toBe("ResourceNotFound");
  });
  it("lists subscriptions and management group descendants", async () => {
    const subs = await collect(arm, `${A}/subscriptions?api-version=2022-12-01`);
    expect(subs.items.map((s) => s.subscriptionId)).toEqual(tenant.subscriptions.map((s) => s.subscriptionId));
    const desc = await collect(
      arm,
      `${A}/providers/Microsoft.Management/managementGroups/${tenant.tenantId}/descendants?api-version=2023-04-01`,
    );
    expect(desc.items.filter((d) => d.type === "Microsoft.Management/managementGroups/subscriptions").length).toBe(
      tenant.subscriptions.length,
    );
    expect(desc.items.filter((d) => d.type === "Microsoft.Management/managementGroups").length).toBe(
      tenant.managementGroups.length - 1,
    );
  });
});

describe("role assignments", () => {
  const all = () => [
    ...tenant.tenantLevelRoleAssignments,
    ...[...tenant.roleAssignmentsBySubscription.values()].flat(),
  ];

  it("atScope() returns what is at or above the scope, never below", async () => {
    const { items } = await collect(arm, `${raPath(`/subscriptions/${prod}`)}&$filter=atScope()`);
    const scopes = (items as Ra[]).map((r) => r.properties.scope.toLowerCase());
    expect(scopes.some((s) => s.includes("/resourcegroups/"))).toBe(false);
    expect(scopes).toContain(`/subscriptions/${prod}`);
    expect(scopes).toContain(`/providers/microsoft.management/managementgroups/${tenant.tenantId}`);
  });
  it("unfiltered at a subscription returns at, above and below, across pages via nextLink", async () => {
    const { items, pages } = await collect(arm, raPath(`/subscriptions/${prod}`));
    expect(pages).toBeGreaterThan(1);
    const firstPage = await call(arm, "GET", raPath(`/subscriptions/${prod}`));
    expect(firstPage.json.nextLink).toMatch(
      new RegExp(
        `^${A}/subscriptions/${prod}/providers/Microsoft.Authorization/roleAssignments\\?api-version=2022-04-01&\\$skipToken=[A-Za-z0-9_-]+$`,
      ),
    );
    const inside = all().filter((r) => r.scope.toLowerCase().startsWith(`/subscriptions/${prod}`));
    expect(
      (items as Ra[]).filter((r) => r.properties.scope.toLowerCase().startsWith(`/subscriptions/${prod}`)).length,
    ).toBe(inside.length);
    expect((items as Ra[]).some((r) => r.properties.scope.startsWith("/providers/Microsoft.Management"))).toBe(true);
    expect((items as Ra[]).some((r) => r.properties.scope.includes(dev))).toBe(false);
  });
  it("principalId eq returns the principal's assignments at, above and below", async () => {
    const jump = sp("vm-jumpbox-01");
    const atRoot = await collect(arm, `${raPath(`/subscriptions/${dev}`)}&$filter=principalId eq '${jump.id}'`);
    expect((atRoot.items as Ra[]).map((r) => r.properties.roleDefinitionId.split("/").pop())).toEqual([
      "b24988ac-6180-42a0-ab88-20f7382dd24c",
    ]);
    const logic = sp("logic-access-requests");
    const below = await collect(arm, `${raPath(`/subscriptions/${prod}`)}&$filter=principalId eq '${logic.id}'`);
    expect((below.items as Ra[]).map((r) => r.properties.scope)).toEqual([resource("kv-prod-secrets").id]);
    expect(Number.isNaN(Date.parse((below.items as Ra[])[0]!.properties.createdOn))).toBe(false);
  });
  it("gets one assignment, and lists at a single resource", async () => {
    const kv = resource("kv-prod-secrets");
    const { items } = await collect(arm, raPath(kv.id));
    const own = (items as Ra[]).filter((r) => r.properties.scope === kv.id);
    expect(own.length).toBeGreaterThan(0);
    const one = await call(arm, "GET", `${A}${own[0]!.id}?api-version=2022-04-01`);
    expect(one.json.name).toBe(own[0]!.id.split("/").pop());
  });
  it("combines atScope() with assignedTo() to give a principal's grants at or above the scope, groups included", async () => {
    const aks = sp("aks-prod-weu");
    const { items } = await collect(
      arm,
      `${raPath(`/subscriptions/${prod}`)}&$filter=atScope() and assignedTo('${aks.id}')`,
    );
    const owners = tenant.groups.find((g) => g.displayName === "Subscription Owners - Production")!;
    expect((items as Ra[]).map((r) => [r.properties.principalId, r.properties.scope])).toContainEqual([
      owners.id,
      `/subscriptions/${prod}`,
    ]);
    expect((items as Ra[]).every((r) => !r.properties.scope.toLowerCase().includes("/resourcegroups/"))).toBe(true);
  });
  it("rejects unsupported filters", async () => {
    expect((await call(arm, "GET", `${raPath(`/subscriptions/${prod}`)}&$filter=roleName eq 'x'`)).status).toBe(400);
  });
});

describe("role definitions, identities and resources", () => {
  it("lists role definitions with a type filter and gets one by id", async () => {
    const { items } = await collect(
      arm,
      `${A}/subscriptions/${prod}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01&$filter=type eq 'BuiltInRole'`,
    );
    expect(items.length).toBe(tenant.roleDefinitions.filter((d) => d.type === "BuiltInRole").length);
    const custom = await collect(
      arm,
      `${A}/subscriptions/${prod}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01&$filter=type eq 'CustomRole'`,
    );
    expect(custom.items.map((d) => (d.properties as { roleName: string }).roleName)).toContain(
      "Custom Deployment Operator",
    );
    const owner = await call(
      arm,
      "GET",
      `${A}/subscriptions/${prod}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635?api-version=2022-04-01`,
    );
    expect(owner.json.id).toBe(
      `/subscriptions/${prod}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
    );
    expect(
      (
        await call(
          arm,
          "GET",
          `${A}/subscriptions/${prod}/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-0000-0000-000000000000?api-version=2022-04-01`,
        )
      ).status,
    ).toBe(404);
  });
  it("lists user-assigned identities per subscription and per resource group, with their federated credentials", async () => {
    const bySub = await collect(
      arm,
      `${A}/subscriptions/${dev}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2024-11-30`,
    );
    expect(bySub.items.length).toBe(
      [...tenant.resources.values()].filter((r) => r.uami && r.subscriptionId === dev).length,
    );
    const ci = resource("mi-github-ci");
    const byRg = await collect(
      arm,
      `${A}/subscriptions/${dev}/resourceGroups/${ci.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2024-11-30`,
    );
    expect(byRg.items.map((i) => i.name)).toContain("mi-github-ci");
    const fics = await collect(arm, `${A}${ci.id}/federatedIdentityCredentials?api-version=2024-11-30`);
    expect(fics.items.map((f) => (f.properties as { subject: string }).subject)).toEqual([
      "repo:contoso/web:pull_request",
      "repo:contoso/*:ref:refs/heads/*",
    ]);
  });
  it("lists resources with identity blocks, filtered by type", async () => {
    const { items } = await collect(
      arm,
      `${A}/subscriptions/${prod}/resources?api-version=2021-04-01&$filter=resourceType eq 'Microsoft.Web/sites'`,
    );
    expect(items.every((r) => r.type === "Microsoft.Web/sites")).toBe(true);
    const fleet = items.filter((r) => String(r.name).startsWith("app-web-fleet-"));
    expect(fleet.length).toBe(7);
    const identity = fleet[0]!.identity as {
      type: string;
      userAssignedIdentities: Record<string, { principalId: string }>;
    };
    expect(identity.type).toBe("UserAssigned");
    expect(Object.values(identity.userAssignedIdentities)[0]?.principalId).toBe(sp("mi-web-fleet").id);
    const sites = await collect(arm, `${A}/subscriptions/${prod}/providers/Microsoft.Web/sites?api-version=2023-12-01`);
    expect(sites.items.length).toBe(items.length);
    const rgName = resource("vm-jumpbox-01").resourceGroup;
    const vms = await collect(
      arm,
      `${A}/subscriptions/${prod}/resourceGroups/${rgName}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`,
    );
    expect(vms.items.map((v) => v.name)).toContain("vm-jumpbox-01");
    const vm = await call(arm, "GET", `${A}${resource("vm-jumpbox-01").id}?api-version=2024-07-01`);
    expect((vm.json.identity as { principalId: string }).principalId).toBe(sp("vm-jumpbox-01").id);
  });
});

describe("Resource Graph", () => {
  const post = (body: object) =>
    call(arm, "POST", `${A}/providers/Microsoft.ResourceGraph/resources?api-version=2021-06-01-preview`, { body });
  const identityQuery =
    "Resources | where isnotempty(identity) | project id, name, type, subscriptionId, identityType=tostring(identity.type), principalId=tostring(identity.principalId), uami=identity.userAssignedIdentities";
  it("runs the identity query with paging, string resultTruncated and matching counts", async () => {
    const withIdentity = [...tenant.resources.values()].filter((r) => r.systemPrincipalId || r.userAssigned.length > 0);
    const rows: Record<string, unknown>[] = [];
    let token: string | undefined;
    do {
      const r = await post({ query: identityQuery, options: token ? { $skipToken: token } : { $top: 10 } });
      expect(r.status).toBe(200);
      expect(r.json.resultTruncated).toBe("false");
      expect(r.json.totalRecords).toBe(withIdentity.length);
      expect(r.json.count).toBe((r.json.data as unknown[]).length);
      rows.push(...(r.json.data as Record<string, unknown>[]));
      token = r.json.$skipToken as string | undefined;
    } while (token);
    expect(rows.length).toBe(withIdentity.length);
    const jump = rows.find((r) => r.name === "vm-jumpbox-01")!;
    expect(jump).toMatchObject({
      type: "microsoft.compute/virtualmachines",
      identityType: "SystemAssigned",
      principalId: sp("vm-jumpbox-01").id,
    });
  });
  it("runs the role assignment query and scopes it to subscriptions", async () => {
    const q =
      "authorizationresources | where type =~ 'microsoft.authorization/roleassignments' | project id, principalId=tostring(properties.principalId), roleDefinitionId=tostring(properties.roleDefinitionId), scope=tostring(properties.scope)";
    const r = await post({ subscriptions: [dev], query: q, options: { $top: 1000 } });
    const expected = tenant.roleAssignmentsBySubscription.get(dev)!.length;
    expect(r.json.totalRecords).toBe(expected);
    expect((r.json.data as { scope: string }[]).every((x) => x.scope.includes(dev))).toBe(true);
  });
  it("marks results truncated when id is not projected, and refuses unsupported queries with InvalidQuery", async () => {
    const r = await post({ query: "Resources | project name", options: { $top: 2 } });
    expect(r.json.resultTruncated).toBe("true");
    expect(r.json.$skipToken).toBeUndefined();
    const summary = await post({ query: "Resources | summarize n = count() by type", options: { $top: 2 } });
    expect(summary.json.resultTruncated).toBe("true");
    expect(summary.json.$skipToken).toBeUndefined();
    const bad = await post({ query: "Resources | mv-expand tags" });
    expect(bad.status).toBe(400);
    expect((bad.json.error as { code: string }).code).toBe("InvalidQuery");
  });
});

describe("Resource Graph over a changing tenant", () => {
  const changing = generateTenant({ seed: 5, size: "demo", now: Date.UTC(2026, 0, 15) });
  const graph = createArmHandler({ tenant: changing });
  const query = async (q: string, subscriptions?: string[]) => {
    const rows: Record<string, unknown>[] = [];
    let token: string | undefined;
    do {
      const r = await call(graph, "POST", `${A}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, {
        body: {
          query: q,
          ...(subscriptions ? { subscriptions } : {}),
          options: token ? { $skipToken: token } : { $top: 1000 },
        },
      });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      rows.push(...(r.json.data as Record<string, unknown>[]));
      token = r.json.$skipToken as string | undefined;
    } while (token);
    return rows;
  };
  const CHANGES =
    "resourcechanges | extend changeTime = todatetime(properties.changeAttributes.timestamp), targetResourceId = tostring(properties.targetResourceId), changeType = tostring(properties.changeType)";

  it("records in resourcechanges every create, update and delete of a resource that churn makes, with Azure's change shape", async () => {
    expect(await query(`${CHANGES} | project id`)).toEqual([]);
    const since = new Date(Date.now() - 1).toISOString();
    const { changes } = applyChurn(changing, { count: 60, seed: 9 });
    const rows = await query(
      `${CHANGES} | where changeTime > todatetime('${since}') | project id, targetResourceId, changeType, changeTime, properties`,
    );
    const seen = new Set(rows.map((r) => `${String(r.changeType)} ${String(r.targetResourceId).toLowerCase()}`));
    const deleted = new Set(
      changes
        .filter((c) => c.type === "identity.deleted")
        .map((c) => ("resourceId" in c ? c.resourceId : "").toLowerCase()),
    );
    let checked = 0;
    for (const c of changes) {
      if (c.type === "identity.created") expect(seen).toContain(`Create ${c.resourceId.toLowerCase()}`);
      else if (c.type === "identity.deleted") expect(seen).toContain(`Delete ${c.resourceId.toLowerCase()}`);
      else if (c.type === "attachment.added" || c.type === "attachment.removed") {
        // A host that went away with its identity records a delete; any other host an update.
        const host = c.resourceId.toLowerCase();
        expect(seen).toContain(`${deleted.has(host) ? "Delete" : "Update"} ${host}`);
      } else continue;
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
    const row = rows[0]!;
    expect(row.id).toMatch(/\/providers\/Microsoft\.Resources\/changes\/[^/]+$/);
    expect(row).toMatchObject({
      properties: {
        targetResourceId: row.targetResourceId,
        changeAttributes: { timestamp: row.changeTime },
      },
    });
    // Times are those of the writes: nothing later than now, nothing from before the churn.
    expect(rows.every((r) => String(r.changeTime) > since && Date.parse(String(r.changeTime)) <= Date.now())).toBe(
      true,
    );
    expect(
      await query(
        `${CHANGES} | where changeTime > datetime(${new Date(Date.now() + 60_000).toISOString()}) | project id`,
      ),
    ).toEqual([]);
  });

  it("summarises per subscription exactly as over the whole table, before and after churn", async () => {
    const queries = [
      "authorizationresources | summarize n = count(), latest = max(todatetime(properties.updatedOn)) by subscriptionId",
      "authorizationresources | where type =~ 'microsoft.authorization/roleassignments' | summarize n = count(), groups = dcount(resourceGroup) by subscriptionId, resourceGroup",
      "Resources | where isnotempty(identity) | summarize n = count() by subscriptionId",
    ];
    const whole = (q: string) => {
      const compiled = compileQuery(q);
      expect(compiled.perSubscription).toBe(true);
      const rows = compiled.table === "resources" ? resourceRows(changing, null) : authorizationRows(changing, null);
      return compiled.run(rows);
    };
    const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();
    for (let round = 0; round < 2; round++) {
      for (const q of queries) expect(sorted(await query(q))).toEqual(sorted(whole(q)));
      applyChurn(changing, { count: 20, seed: 31 + round });
    }
    // The tenant level and the role definitions share one group (an empty subscription id).
    expect((await query(queries[0]!)).filter((r) => r.subscriptionId === "")).toHaveLength(1);
  });

  it("answers summaries from what churn changed, not from rows it kept from before", async () => {
    const summary =
      "authorizationresources | where type =~ 'microsoft.authorization/roleassignments' | summarize n = count() by subscriptionId";
    const count = async (sub: string) =>
      ((await query(summary)).find((r) => r.subscriptionId === sub)?.n as number | undefined) ?? 0;
    const sub = changing.subscriptions[0]!.subscriptionId;
    const before = await count(sub);
    const template = changing.roleAssignmentsBySubscription.get(sub.toLowerCase())![0]!;
    changing.addRoleAssignment({
      ...template,
      name: "00000000-0000-4000-8000-0000000c0c0c",
      created: changing.changeTime(),
    });
    expect(await count(sub)).toBe(before + 1);
    changing.removeRoleAssignment(template.name);
    changing.removeRoleAssignment("00000000-0000-4000-8000-0000000c0c0c");
    expect(await count(sub)).toBe(before - 1);
    // A resource's identity block, edited in place and recorded as an update, shows at once too.
    const host = changing.resourcesBySubscription.get(sub.toLowerCase())!.find((r) => r.systemPrincipalId)!;
    const identityOf = async () =>
      (await query(`Resources | where id =~ '${host.id}' | project id, identity`))[0]?.identity as {
        type?: string;
      } | null;
    expect((await identityOf())?.type).toBeTruthy();
    const principal = host.systemPrincipalId;
    delete host.systemPrincipalId;
    const attached = host.userAssigned.splice(0);
    changing.updateResource(host, { identity: { previousValue: "{}", newValue: null } });
    expect(await identityOf()).toBeNull();
    host.systemPrincipalId = principal;
    host.userAssigned.push(...attached);
    changing.updateResource(host, { identity: { previousValue: null, newValue: "{}" } });
  });
});

describe("authentication, RBAC and throttling", () => {
  const verify: VerifyToken = (token, { audiences }) => {
    const [aud, oid] = token.split("|");
    return audiences.includes(aud ?? "") ? { ok: true, claims: { oid } } : { ok: false, reason: "wrong audience" };
  };
  it("401 without a token or for another audience; 403 AuthorizationFailed without a role at the scope", async () => {
    const secured = createArmHandler({ tenant, verify });
    const url = `${A}/subscriptions/${prod}/resources?api-version=2021-04-01`;
    expect((await call(secured, "GET", url)).status).toBe(401);
    expect(
      (await call(secured, "GET", url, { headers: { Authorization: "Bearer https://graph.microsoft.com|x" } })).status,
    ).toBe(401);
    const steward = sp("identity-steward");
    expect(
      (
        await call(secured, "GET", url, {
          headers: { Authorization: `Bearer https://management.azure.com|${steward.id}` },
        })
      ).status,
    ).toBe(200);
    const nobody = await call(secured, "GET", url, {
      headers: { Authorization: `Bearer ${A}/|${sp("mi-unused-test").id}` },
    });
    expect(nobody.status).toBe(403);
    expect((nobody.json.error as { code: string }).code).toBe("AuthorizationFailed");
    // Reader at the tenant root group reads tenant-level lists; anyone reads role definitions.
    const stewardAuth = { Authorization: `Bearer https://management.azure.com|${steward.id}` };
    expect(
      (
        await call(secured, "GET", `${A}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`, {
          headers: stewardAuth,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(secured, "GET", `${A}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01`, {
          headers: { Authorization: `Bearer ${A}/|${sp("mi-unused-test").id}` },
        })
      ).status,
    ).toBe(200);
    const mgAssignments = await call(
      secured,
      "GET",
      `${A}/providers/Microsoft.Management/managementGroups/corp/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`,
      { headers: stewardAuth },
    );
    expect((mgAssignments.json.value as Ra[]).map((r) => r.properties.scope)).toContain(
      `/providers/Microsoft.Management/managementGroups/${tenant.tenantId}`,
    );
  });
  it("reports remaining reads and throttles at the bucket size with Retry-After", async () => {
    let clock = 0;
    const throttled = createArmHandler({
      tenant,
      throttle: new Throttle({ enforce: true, armBucket: 3, armRefillPerSecond: 1, now: () => clock }),
    });
    const url = `${A}/subscriptions/${prod}/resources?api-version=2021-04-01`;
    const remaining = [];
    for (let i = 0; i < 3; i++)
      remaining.push((await call(throttled, "GET", url)).headers?.["x-ms-ratelimit-remaining-subscription-reads"]);
    expect(remaining).toEqual(["2", "1", "0"]);
    const limited = await call(throttled, "GET", url);
    expect(limited.status).toBe(429);
    expect(limited.headers?.["Retry-After"]).toBe("1");
    expect((limited.json.error as { code: string }).code).toBe("SubscriptionRequestsThrottled");
    expect(
      (await call(throttled, "GET", `${A}/subscriptions?api-version=2022-12-01`)).headers?.[
        "x-ms-ratelimit-remaining-tenant-reads"
      ],
    ).toBe("2");
    clock += 1000;
    expect((await call(throttled, "GET", url)).status).toBe(200);
  });
});
