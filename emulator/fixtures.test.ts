// Every Microsoft example payload in shared/fixtures/microsoft-examples has a test here: the
// emulator's answer to the same operation carries the same fields with the same JSON types.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createArmHandler } from "./arm/handler";
import { faultResponse } from "./server";
import { createGraphHandler } from "./graph/handler";
import { createManagedIdentityHandler } from "./identity/managed-identity";
import { createTokenIssuer } from "./identity/tokens";
import { createAuthorityTenant } from "./tenant/authority-tenant";
import { generateTenant } from "./tenant/generate";
import { call } from "./testing/call";
import { shapeDiff, type ShapeOptions } from "./testing/shape";
import { Throttle } from "./throttle";

const DIR = join(__dirname, "..", "..", "shared", "fixtures", "microsoft-examples");
const tenant = generateTenant({ seed: 1, size: "demo", now: Date.UTC(2026, 0, 15) });
const graph = createGraphHandler({ tenant });
const arm = createArmHandler({ tenant });
const G = "https://localhost:4010";
const A = "https://localhost:4011";
const covered = new Set<string>();

function fixture(rel: string): unknown {
  covered.add(rel);
  const raw = JSON.parse(readFileSync(join(DIR, rel), "utf8")) as { responses?: Record<string, { body: unknown }> };
  // ARM examples from azure-rest-api-specs wrap the wire body (README of the fixtures).
  return rel.startsWith("arm/") && raw.responses ? raw.responses["200"]?.body : raw;
}

function expectShape(rel: string, actual: unknown, options?: ShapeOptions) {
  expect(shapeDiff(fixture(rel), actual, options)).toEqual([]);
}

const sp = (name: string) => {
  const found = tenant.servicePrincipals.find((s) => s.displayName === name && !s.deleted);
  if (!found) throw new Error(`no SP ${name}`);
  return found;
};
const resource = (name: string) => {
  const found = [...tenant.resources.values()].find((r) => r.name === name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
};
const user = (nick: string) => tenant.users.find((u) => u.userPrincipalName.startsWith(`${nick}@`))!;
const prod = tenant.subscriptions[0]!.subscriptionId;
const eventual = { ConsistencyLevel: "eventual" };

describe("Graph answers have the shape of Microsoft's examples", () => {
  it("servicePrincipals list (publisherName is an old sample property, not in v1.0)", async () => {
    const r = await call(graph, "GET", `${G}/v1.0/servicePrincipals?$top=1`);
    expectShape("graph/servicePrincipals-list.json", r.json, { ignore: ["$.value[].publisherName"] });
  });
  it("servicePrincipal get (endpoints is a navigation property and publisherName an old one; v1.0 returns neither by default)", async () => {
    const r = await call(graph, "GET", `${G}/v1.0/servicePrincipals/${sp("Payroll Connector").id}`);
    expectShape("graph/servicePrincipal-get.json", r.json, { ignore: ["$.endpoints", "$.publisherName"] });
  });
  it("Microsoft Graph's service principal by appId with $select", async () => {
    const r = await call(
      graph,
      "GET",
      `${G}/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')?$select=id,appId,displayName,appRoles,oauth2PermissionScopes`,
    );
    expectShape("graph/servicePrincipal-get-microsoftGraph-select-appRoles.json", r.json);
  });
  it("a user-assigned managed identity as a directoryObject (real capture), values included", async () => {
    const mi = sp("mi-deploy-pipeline");
    const r = await call(
      graph,
      "GET",
      `${G}/v1.0/directoryObjects/${mi.id}?$select=id,alternativeNames,appId,displayName,servicePrincipalType,servicePrincipalNames`,
    );
    expectShape("graph/directoryObject-get-managedIdentity-userAssigned-realCapture.json", r.json);
    const names = r.json.alternativeNames as string[];
    expect(names[0]).toBe("isExplicit=True");
    expect(names[1]).toMatch(
      /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/mi-deploy-pipeline$/,
    );
    expect((r.json.servicePrincipalNames as string[])[1]).toMatch(/^https:\/\/identity\.azure\.net\/.+=$/);
  });
  it("appRoleAssignments of a service principal", async () => {
    const r = await call(graph, "GET", `${G}/v1.0/servicePrincipals/${sp("mi-notifications").id}/appRoleAssignments`);
    expectShape("graph/servicePrincipal-appRoleAssignments-list.json", r.json);
  });
  it("memberOf and transitiveMemberOf", async () => {
    const aks = sp("aks-prod-weu").id;
    expectShape(
      "graph/servicePrincipal-memberOf-list.json",
      (await call(graph, "GET", `${G}/v1.0/servicePrincipals/${aks}/memberOf`)).json,
    );
    const transitive = await call(graph, "GET", `${G}/v1.0/servicePrincipals/${aks}/transitiveMemberOf`);
    expectShape("graph/servicePrincipal-transitiveMemberOf-list.json", transitive.json);
    expect((transitive.json.value as unknown[]).length).toBe(2);
  });
  it("memberOf cast to groups with $search and $count", async () => {
    const r = await call(
      graph,
      "GET",
      `${G}/v1.0/servicePrincipals/${sp("mi-ops-automation").id}/memberOf/microsoft.graph.group?$count=true&$search="displayName:tier0"`,
      { headers: eventual },
    );
    expectShape("graph/servicePrincipal-memberOf-group-search-count.json", r.json);
    expect(r.json["@odata.count"]).toBe(1);
  });
  it("transitiveMemberOf cast to groups with $filter and $count", async () => {
    const r = await call(
      graph,
      "GET",
      `${G}/v1.0/servicePrincipals/${sp("aks-prod-weu").id}/transitiveMemberOf/microsoft.graph.group?$count=true&$filter=startswith(displayName,'Subscription')`,
      { headers: eventual },
    );
    expectShape("graph/servicePrincipal-transitiveMemberOf-group-filter-count.json", r.json);
    expect(r.json["@odata.count"]).toBe(1);
  });
  it("servicePrincipals delta, first page", async () => {
    const r = await call(graph, "GET", `${G}/v1.0/servicePrincipals/delta`);
    expectShape("graph/servicePrincipals-delta-firstPage.json", r.json);
  });
  it("directory role assignments filtered by principal", async () => {
    const r = await call(
      graph,
      "GET",
      `${G}/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '${user("alex.admin").id}'`,
    );
    expectShape("graph/directory-roleAssignments-filter-principalId.json", r.json);
  });
  it("directory role assignments by role with the principal expanded", async () => {
    const r = await call(
      graph,
      "GET",
      `${G}/v1.0/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'&$expand=principal`,
    );
    expectShape("graph/directory-roleAssignments-filter-roleDefinitionId-expand-principal.json", r.json);
  });
  it("directory role definitions", async () => {
    expectShape(
      "graph/directory-roleDefinitions-list.json",
      (await call(graph, "GET", `${G}/v1.0/roleManagement/directory/roleDefinitions`)).json,
    );
  });
  it("federated identity credentials of an app that trusts a managed identity", async () => {
    const app = tenant.applications.find((a) => a.displayName === "Payroll Connector")!;
    const r = await call(graph, "GET", `${G}/v1.0/applications/${app.id}/federatedIdentityCredentials`);
    // `@odata.id` on each item is an artefact of the docs sample, not something v1.0 returns.
    expectShape("graph/application-federatedIdentityCredentials-list-managedIdentityAsFic.json", r.json, {
      ignore: ["$.value[].@odata.id"],
    });
    expect((r.json.value as { subject: string }[])[0]?.subject).toBe(sp("mi-payroll-bridge").id);
  });
  it("beta servicePrincipalSignInActivities", async () => {
    expectShape(
      "graph/reports-servicePrincipalSignInActivities-list-beta.json",
      (await call(graph, "GET", `${G}/beta/reports/servicePrincipalSignInActivities?$top=2`)).json,
    );
  });
  it("404 for an unknown object", async () => {
    const r = await call(graph, "GET", `${G}/v1.0/servicePrincipals/00000000-0000-4000-8000-000000000000`);
    expect(r.status).toBe(404);
    expectShape("graph/error-404-Request_ResourceNotFound.json", r.json);
  });
  it("429 from throttling and from fault injection", async () => {
    const throttled = createGraphHandler({
      tenant,
      throttle: new Throttle({ enforce: true, graphBudget: 1, now: () => 0 }),
    });
    await call(throttled, "GET", `${G}/v1.0/servicePrincipals?$top=1`);
    const r = await call(throttled, "GET", `${G}/v1.0/servicePrincipals?$top=1`);
    expect(r.status).toBe(429);
    expectShape("graph/error-429-TooManyRequests.json", r.json);
    const injected = faultResponse("graph", { status: 429, retryAfter: 10 }, {});
    expectShape("graph/error-429-TooManyRequests.json", injected.body);
    expect(injected.headers?.["Retry-After"]).toBe("10");
  });
  it("$batch: Microsoft's example request is answered step by step, and the response has the example's shape", async () => {
    const example = fixture("graph/batch-request.json") as { requests: { id: string }[] };
    const r = await call(graph, "POST", `${G}/v1.0/$batch`, {
      body: example,
      headers: { "content-type": "application/json" },
    });
    const responses = r.json.responses as { id: string; status: number; body: unknown }[];
    expect(responses.map((x) => x.id).sort()).toEqual(example.requests.map((x) => x.id).sort());
    for (const x of responses) expect(x.status).toBeGreaterThanOrEqual(400);
    const ours = await call(graph, "POST", `${G}/v1.0/$batch`, {
      body: {
        requests: [
          { id: "1", method: "GET", url: `/users/${user("alex.admin").id}/memberOf?$top=1` },
          { id: "2", method: "DELETE", url: `/groups/${tenant.groups[0]!.id}` },
        ],
      },
    });
    expectShape("graph/batch-response.json", ours.json);
  });
});

describe("ARM answers have the shape of Microsoft's examples", () => {
  it("subscriptions list (one per page so a nextLink is there)", async () => {
    expectShape(
      "arm/subscriptions-list.json",
      (await call(arm, "GET", `${A}/subscriptions?api-version=2022-12-01&$top=1`)).json,
      { maps: ["$.value[].tags"] },
    );
  });
  it("management group get", async () => {
    expectShape(
      "arm/managementGroups-get.json",
      (await call(arm, "GET", `${A}/providers/Microsoft.Management/managementGroups/corp?api-version=2023-04-01`)).json,
    );
  });
  it("role assignments for a subscription and a resource group", async () => {
    expectShape(
      "arm/roleAssignments-listForScope-subscription.json",
      (
        await call(
          arm,
          "GET",
          `${A}/subscriptions/${prod}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`,
        )
      ).json,
    );
    const rg = tenant.resourceGroups.find((g) => g.subscriptionId === prod)!;
    expectShape(
      "arm/roleAssignments-listForResourceGroup.json",
      (
        await call(
          arm,
          "GET",
          `${A}/subscriptions/${prod}/resourceGroups/${rg.name}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`,
        )
      ).json,
    );
  });
  it("role definition by id", async () => {
    expectShape(
      "arm/roleDefinitions-getById.json",
      (
        await call(
          arm,
          "GET",
          `${A}/subscriptions/${prod}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635?api-version=2022-04-01`,
        )
      ).json,
    );
  });
  it("user-assigned identities: list, get, federated credentials", async () => {
    expectShape(
      "arm/userAssignedIdentities-listBySubscription.json",
      (
        await call(
          arm,
          "GET",
          `${A}/subscriptions/${prod}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2024-11-30&$top=1`,
        )
      ).json,
      { maps: ["$.value[].tags"] },
    );
    const ci = resource("mi-github-ci");
    expectShape(
      "arm/userAssignedIdentities-get.json",
      (await call(arm, "GET", `${A}${ci.id}?api-version=2024-11-30`)).json,
      { maps: ["$.tags"] },
    );
    expectShape(
      "arm/federatedIdentityCredentials-list.json",
      (await call(arm, "GET", `${A}${ci.id}/federatedIdentityCredentials?api-version=2024-11-30&$top=1`)).json,
    );
  });
  it("az identity show (flattened by the CLI) matches our REST answer flattened the same way", async () => {
    const r = await call(arm, "GET", `${A}${resource("mi-deploy-pipeline").id}?api-version=2024-11-30`);
    const { properties, ...rest } = r.json as { properties: Record<string, unknown>; id: string };
    const flattened = { ...rest, ...properties, resourceGroup: rest.id.split("/")[4] };
    expectShape("arm/userAssignedIdentity-azCliShow-realCapture.json", flattened);
  });
  it("system-assigned identity by scope", async () => {
    expectShape(
      "arm/systemAssignedIdentity-getByScope.json",
      (
        await call(
          arm,
          "GET",
          `${A}${resource("vm-jumpbox-01").id}/providers/Microsoft.ManagedIdentity/identities/default?api-version=2024-11-30`,
        )
      ).json,
    );
  });
  it("resources with identity blocks (the identity part of the PUT examples; the emulator serves no resource-specific properties)", async () => {
    const st = await call(arm, "GET", `${A}${resource("stcatalogprod01").id}?api-version=2023-05-01`);
    expectShape("arm/storageAccount-create-userAssignedIdentity.json", st.json, {
      ignore: ["$.sku", "$.properties"],
      maps: ["$.identity.userAssignedIdentities", "$.tags"],
    });
    const vm = await call(arm, "GET", `${A}${resource("vm-migration-helper").id}?api-version=2024-07-01`);
    expectShape("arm/virtualMachine-create-userAssignedIdentity.json", vm.json, {
      ignore: ["$.properties"],
      maps: ["$.identity.userAssignedIdentities"],
    });
  });
  it("Resource Graph first and next page", async () => {
    const query = "Resources | where name contains 'app' | project id, name, type, location";
    const first = await call(arm, "POST", `${A}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, {
      body: { subscriptions: [prod], query, options: { $top: 3, $skip: 0 } },
    });
    expectShape("arm/resourceGraph-resources-firstPage.json", first.json);
    const next = await call(arm, "POST", `${A}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, {
      body: { subscriptions: [prod], query, options: { $skipToken: first.json.$skipToken } },
    });
    expectShape("arm/resourceGraph-resources-nextPage.json", next.json);
  });
});

describe("token endpoints answer in the documented shapes", () => {
  const issuer = createTokenIssuer({ tenantId: tenant.tenantId, loginBaseUrl: "https://localhost:4012" });
  const mi = createManagedIdentityHandler({ issuer, tenant: createAuthorityTenant(tenant), identityHeader: "secret" });
  it("App Service 2019-08-01", async () => {
    const r = await call(
      mi,
      "GET",
      "http://127.0.0.1:4013/msi/token?api-version=2019-08-01&resource=https://vault.azure.net",
      { headers: { "X-IDENTITY-HEADER": "secret" } },
    );
    expect(r.status).toBe(200);
    expectShape("arm/token-appService-2019-08-01-response.json", r.json);
  });
  it("IMDS 2018-02-01", async () => {
    const r = await call(
      mi,
      "GET",
      "http://127.0.0.1:4013/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/",
      { headers: { Metadata: "true" } },
    );
    expect(r.status).toBe(200);
    expectShape("arm/token-imds-response.json", r.json);
  });
});

afterAll(() => {
  // A fixture added to shared/ without a test here is a gap, not a pass.
  const all = ["arm", "graph"].flatMap((d) =>
    readdirSync(join(DIR, d))
      .filter((f) => f.endsWith(".json"))
      .map((f) => `${d}/${f}`),
  );
  const missing = all.filter((f) => !covered.has(f));
  if (missing.length > 0) throw new Error(`fixtures without a shape test: ${missing.join(", ")}`);
});
