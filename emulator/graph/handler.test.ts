import { describe, expect, it } from "vitest";
import { applyChurn } from "../tenant/churn";
import { generateTenant } from "../tenant/generate";
import { call, collect } from "../testing/call";
import { FaultInjector } from "../faults";
import { Throttle } from "../throttle";
import { createGraphHandler, type VerifyToken } from "./handler";

const G = "https://localhost:4010";
const fresh = () => generateTenant({ seed: 7, size: "demo", now: Date.UTC(2026, 0, 15) });
const tenant = fresh();
const graph = createGraphHandler({ tenant, defaultPageSize: 100 });
const eventual = { ConsistencyLevel: "eventual" };
const liveSps = () => tenant.servicePrincipals.filter((s) => !s.deleted);
const byName = (name: string) => liveSps().find((s) => s.displayName === name)!;

describe("service principal listing", () => {
  it("pages with opaque, absolute https $skiptoken links until every object was seen once", async () => {
    const { items, pages, last } = await collect(graph, `${G}/v1.0/servicePrincipals?$top=7&$select=id`);
    expect(pages).toBe(Math.ceil(liveSps().length / 7));
    expect(new Set(items.map((i) => i.id)).size).toBe(liveSps().length);
    expect(last.json["@odata.nextLink"]).toBeUndefined();
    const first = await call(graph, "GET", `${G}/v1.0/servicePrincipals?$top=7`);
    expect(first.json["@odata.nextLink"]).toMatch(
      /^https:\/\/localhost:4010\/v1\.0\/servicePrincipals\?.*\$skiptoken=[A-Za-z0-9_-]+$/,
    );
    expect(first.json["@odata.context"]).toBe(`${G}/v1.0/$metadata#servicePrincipals`);
  });

  it("defaults to 100 per page and refuses $top above 999", async () => {
    expect(((await call(graph, "GET", `${G}/v1.0/servicePrincipals`)).json.value as unknown[]).length).toBe(100);
    expect(((await call(graph, "GET", `${G}/v1.0/servicePrincipals?$top=999`)).json.value as unknown[]).length).toBe(
      liveSps().length,
    );
    const r = await call(graph, "GET", `${G}/v1.0/servicePrincipals?$top=1000`);
    expect(r.status).toBe(400);
    expect((r.json.error as { innerError: Record<string, string> }).innerError["request-id"]).toBeTruthy();
  });

  it("filters by servicePrincipalType, id, appId, id in (…) and startsWith", async () => {
    const mis = await collect(
      graph,
      `${G}/v1.0/servicePrincipals?$filter=servicePrincipalType eq 'ManagedIdentity'&$top=5`,
    );
    expect(mis.items.length).toBe(liveSps().filter((s) => s.servicePrincipalType === "ManagedIdentity").length);
    expect(mis.items.every((i) => i.servicePrincipalType === "ManagedIdentity")).toBe(true);
    const target = byName("mi-github-ci");
    expect(
      (
        (await call(graph, "GET", `${G}/v1.0/servicePrincipals?$filter=id eq '${target.id}'`)).json.value as {
          id: string;
        }[]
      ).map((x) => x.id),
    ).toEqual([target.id]);
    expect(
      (
        (await call(graph, "GET", `${G}/v1.0/servicePrincipals?$filter=appId eq '${target.appId}'`)).json.value as {
          id: string;
        }[]
      ).map((x) => x.id),
    ).toEqual([target.id]);
    const other = byName("mi-web-fleet");
    const inList = (
      await call(graph, "GET", `${G}/v1.0/servicePrincipals?$filter=id in ('${target.id}','${other.id}')`)
    ).json.value as { id: string }[];
    expect(inList.map((x) => x.id).sort()).toEqual([target.id, other.id].sort());
    const prefixed = (
      await call(graph, "GET", `${G}/v1.0/servicePrincipals?$filter=startsWith(displayName,'MI-')&$top=999`)
    ).json.value as { displayName: string }[];
    expect(prefixed.length).toBe(liveSps().filter((s) => s.displayName.toLowerCase().startsWith("mi-")).length);
    const bad = await call(graph, "GET", `${G}/v1.0/servicePrincipals?$filter=notes eq 'x'`);
    expect(bad.status).toBe(400);
    expect((bad.json.error as { code: string }).code).toBe("Request_UnsupportedQuery");
    expect((await call(graph, "GET", `${G}/v1.0/servicePrincipals?$filter=id eq`)).status).toBe(400);
  });

  it("gets by id and by the appId alternate key, with $select", async () => {
    const target = byName("mi-deploy-pipeline");
    const byKey = await call(
      graph,
      "GET",
      `${G}/v1.0/servicePrincipals(appId='${target.appId}')?$select=id,displayName`,
    );
    expect(byKey.json).toEqual({
      "@odata.context": `${G}/v1.0/$metadata#servicePrincipals(id,displayName)/$entity`,
      id: target.id,
      displayName: "mi-deploy-pipeline",
    });
    expect((await call(graph, "GET", `${G}/v1.0/servicePrincipals/${target.id}`)).json.appId).toBe(target.appId);
    expect((await call(graph, "GET", `${G}/v1.0/servicePrincipals(appId='nope')`)).status).toBe(404);
    const unknown = await call(graph, "GET", `${G}/v1.0/servicePrincipals/${target.id}?$select=id,createdDateTime`);
    expect(unknown.status).toBe(400);
    expect((unknown.json.error as { message: string }).message).toBe(
      "Could not find a property named 'createdDateTime' on type 'microsoft.graph.servicePrincipal'.",
    );
    expect((await call(graph, "GET", `${G}/v1.0/servicePrincipals?$select=id,foo`)).status).toBe(400);
  });

  it("counts with ConsistencyLevel: eventual only, inline and as text/plain", async () => {
    expect((await call(graph, "GET", `${G}/v1.0/servicePrincipals?$count=true`)).status).toBe(400);
    const inline = await call(
      graph,
      "GET",
      `${G}/v1.0/servicePrincipals?$count=true&$top=1&$filter=servicePrincipalType eq 'ManagedIdentity'`,
      { headers: eventual },
    );
    const expected = liveSps().filter((s) => s.servicePrincipalType === "ManagedIdentity").length;
    expect(inline.json["@odata.count"]).toBe(expected);
    expect((await call(graph, "GET", `${G}/v1.0/servicePrincipals/$count`)).status).toBe(400);
    const text = await call(
      graph,
      "GET",
      `${G}/v1.0/servicePrincipals/$count?$filter=servicePrincipalType eq 'ManagedIdentity'`,
      { headers: eventual },
    );
    expect(text.body).toBe(String(expected));
    expect(text.headers?.["Content-Type"]).toMatch(/^text\/plain/);
  });

  it("marks managed identities as user- or system-assigned through alternativeNames", async () => {
    const sys = (await call(graph, "GET", `${G}/v1.0/servicePrincipals/${byName("vm-jumpbox-01").id}`)).json;
    expect((sys.alternativeNames as string[])[0]).toBe("isExplicit=False");
    expect((sys.alternativeNames as string[])[1]).toContain("/resourcegroups/");
    expect((sys.keyCredentials as { type: string }[])[0]?.type).toBe("AsymmetricX509Cert");
  });
});

describe("application listing", () => {
  it("expands every application's federated credentials, and refuses a property it cannot expand", async () => {
    const { items } = await collect(
      graph,
      `${G}/v1.0/applications?$select=id,appId&$expand=federatedIdentityCredentials&$top=999`,
    );
    expect(items).toHaveLength(tenant.applications.length);
    const withCredentials = tenant.applications.filter((a) => a.federatedIdentityCredentials.length > 0);
    expect(withCredentials.length).toBeGreaterThan(0);
    for (const app of tenant.applications) {
      const item = items.find((i) => i.id === app.id)!;
      expect(Object.keys(item).sort()).toEqual(["appId", "federatedIdentityCredentials", "id"]);
      expect((item.federatedIdentityCredentials as { subject: string }[]).map((f) => f.subject)).toEqual(
        app.federatedIdentityCredentials.map((f) => f.subject),
      );
    }
    const plain = await call(graph, "GET", `${G}/v1.0/applications?$select=id&$top=1`);
    expect(Object.keys((plain.json.value as Record<string, unknown>[])[0]!)).toEqual(["id"]);
    const wrong = await call(graph, "GET", `${G}/v1.0/applications?$expand=owner`);
    expect(wrong.status).toBe(400);
  });
});

describe("grants and memberships", () => {
  it("lists app role assignments in both directions", async () => {
    const mailer = byName("mi-notifications");
    const given = (await call(graph, "GET", `${G}/v1.0/servicePrincipals/${mailer.id}/appRoleAssignments`)).json
      .value as { appRoleId: string; resourceId: string }[];
    expect(given.map((a) => a.appRoleId).sort()).toEqual(
      ["b633e1c5-b582-4048-a93e-9f11b44c7e96", "df021288-bdef-4463-88db-98f22de89214"].sort(),
    );
    const graphSp = liveSps().find((s) => s.appId === "00000003-0000-0000-c000-000000000000")!;
    const assignedTo = await collect(graph, `${G}/v1.0/servicePrincipals/${graphSp.id}/appRoleAssignedTo?$top=50`);
    expect(
      assignedTo.items.some(
        (a) => a.principalId === mailer.id && a.appRoleId === "b633e1c5-b582-4048-a93e-9f11b44c7e96",
      ),
    ).toBe(true);
    expect(given.every((a) => a.resourceId === graphSp.id)).toBe(true);
  });

  it("distinguishes direct and transitive membership, including directory roles held through groups", async () => {
    const aks = byName("aks-prod-weu");
    const direct = (await call(graph, "GET", `${G}/v1.0/servicePrincipals/${aks.id}/memberOf`)).json.value as {
      displayName: string;
    }[];
    expect(direct.map((g) => g.displayName)).toEqual(["Platform Operations"]);
    const transitive = (await call(graph, "GET", `${G}/v1.0/servicePrincipals/${aks.id}/transitiveMemberOf`)).json
      .value as { displayName: string }[];
    expect(transitive.map((g) => g.displayName).sort()).toEqual([
      "Platform Operations",
      "Subscription Owners - Production",
    ]);
    const ops = byName("mi-ops-automation");
    const opsTransitive = (await call(graph, "GET", `${G}/v1.0/servicePrincipals/${ops.id}/transitiveMemberOf`)).json
      .value as { "@odata.type": string; roleTemplateId?: string }[];
    expect(opsTransitive.find((o) => o["@odata.type"] === "#microsoft.graph.directoryRole")?.roleTemplateId).toBe(
      "e8611ab8-c189-46e8-94e1-60213ab1f814",
    );
    const owners = tenant.groups.find((g) => g.displayName === "Subscription Owners - Production")!;
    const members = (await call(graph, "GET", `${G}/v1.0/groups/${owners.id}/transitiveMembers`)).json.value as {
      id: string;
    }[];
    expect(members.map((m) => m.id)).toContain(aks.id);
    expect(
      ((await call(graph, "GET", `${G}/v1.0/groups/${owners.id}/members`)).json.value as { id: string }[]).map(
        (m) => m.id,
      ),
    ).not.toContain(aks.id);
  });

  it("filters directory role assignments by principal and by role", async () => {
    const aa = byName("aa-identity-automation");
    const mine = (
      await call(graph, "GET", `${G}/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '${aa.id}'`)
    ).json.value as { roleDefinitionId: string }[];
    expect(mine.map((a) => a.roleDefinitionId)).toEqual(["62e90394-69f5-4237-9190-012177145e10"]);
    const ga = (
      await call(
        graph,
        "GET",
        `${G}/v1.0/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'`,
      )
    ).json.value as { principalId: string }[];
    expect(ga.map((a) => a.principalId)).toContain(aa.id);
    expect(ga.length).toBe(
      tenant.directoryRoleAssignments.filter((a) => a.roleDefinitionId === "62e90394-69f5-4237-9190-012177145e10")
        .length,
    );
  });

  it("serves applications with credentials and federated credentials, and users with sign-in activity when selected", async () => {
    const apps = (await collect(graph, `${G}/v1.0/applications?$select=displayName,passwordCredentials,keyCredentials`))
      .items as {
      displayName: string;
      passwordCredentials: { endDateTime: string; hint: string; secretText: null }[];
    }[];
    const legacy = apps.find((a) => a.displayName === "Legacy Billing Sync")!;
    expect(legacy.passwordCredentials[0]?.secretText).toBeNull();
    expect(Date.parse(legacy.passwordCredentials[0]!.endDateTime)).toBeGreaterThan(
      Date.UTC(2026, 0, 15) + 600 * 86_400_000,
    );
    const svc = tenant.users.find((u) => u.userPrincipalName.startsWith("svc-"))!;
    const u = (await call(graph, "GET", `${G}/v1.0/users/${svc.id}?$select=id,signInActivity`)).json as {
      signInActivity: { lastSignInDateTime: string | null; lastNonInteractiveSignInDateTime: string | null };
    };
    expect(u.signInActivity.lastSignInDateTime).toBeNull();
    expect(u.signInActivity.lastNonInteractiveSignInDateTime).not.toBeNull();
    expect((await call(graph, "GET", `${G}/v1.0/users/${svc.id}`)).json.signInActivity).toBeUndefined();
    const legacyApp = tenant.applications.find((a) => a.displayName === "Legacy Billing Sync")!;
    const owners = (await call(graph, "GET", `${G}/v1.0/applications/${legacyApp.id}/owners`)).json.value as {
      "@odata.type": string;
      id: string;
    }[];
    expect(owners.map((o) => o.id)).toEqual(legacyApp.owners);
    expect(owners.every((o) => o["@odata.type"] === "#microsoft.graph.user")).toBe(true);
    const spOwners = (await call(graph, "GET", `${G}/v1.0/servicePrincipals(appId='${legacyApp.appId}')/owners`)).json
      .value as { id: string }[];
    expect(spOwners.map((o) => o.id)).toEqual(legacyApp.owners);
  });
});

describe("authentication and permissions", () => {
  const verify: VerifyToken = (token, { audiences }) => {
    if (token === "expired") return { ok: false, reason: "expired" };
    const [aud, roles] = token.split("|");
    if (!audiences.includes(aud ?? "")) return { ok: false, reason: "wrong audience" };
    return { ok: true, claims: { roles: (roles ?? "").split(",").filter(Boolean), azp: "client" } };
  };
  const secured = createGraphHandler({ tenant, verify });
  const get = (url: string, token?: string) =>
    call(secured, "GET", `${G}${url}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  it("answers 401 for a missing, expired or wrong-audience token", async () => {
    for (const token of [undefined, "expired", "https://management.azure.com|Application.Read.All"]) {
      const r = await get("/v1.0/servicePrincipals", token);
      expect(r.status).toBe(401);
      expect((r.json.error as { code: string }).code).toBe("InvalidAuthenticationToken");
    }
    expect((await get("/v1.0/servicePrincipals", "https://graph.microsoft.com|Application.Read.All")).status).toBe(200);
    expect((await get("/v1.0/servicePrincipals", `${G}/|Application.Read.All`)).status).toBe(200);
  });

  it("answers 403 Authorization_RequestDenied when roles lack the permission", async () => {
    const r = await get("/v1.0/servicePrincipals", "00000003-0000-0000-c000-000000000000|User.Read.All");
    expect(r.status).toBe(403);
    expect((r.json.error as { code: string }).code).toBe("Authorization_RequestDenied");
    expect(
      (await get("/v1.0/roleManagement/directory/roleAssignments", "https://graph.microsoft.com|Application.Read.All"))
        .status,
    ).toBe(403);
    expect(
      (
        await get(
          "/v1.0/roleManagement/directory/roleAssignments",
          "https://graph.microsoft.com|RoleManagement.Read.Directory",
        )
      ).status,
    ).toBe(200);
    expect(
      (await get("/beta/reports/servicePrincipalSignInActivities", "https://graph.microsoft.com|Directory.Read.All"))
        .status,
    ).toBe(403);
    expect(
      (await get(`/v1.0/users?$select=id,signInActivity`, "https://graph.microsoft.com|User.Read.All")).status,
    ).toBe(403);
  });
});

describe("$batch", () => {
  const post = (requests: unknown[]) => call(graph, "POST", `${G}/v1.0/$batch`, { body: { requests } });
  it("answers each step on its own, with or without the /v1.0 prefix", async () => {
    const mi = byName("mi-github-ci");
    const r = await post([
      { id: "a", method: "GET", url: `/v1.0/servicePrincipals/${mi.id}?$select=displayName` },
      { id: "b", method: "GET", url: `servicePrincipals/${mi.id}/memberOf` },
      { id: "c", method: "GET", url: "/servicePrincipals/00000000-0000-4000-8000-000000000000" },
    ]);
    expect(r.status).toBe(200);
    const res = r.json.responses as { id: string; status: number; body: Record<string, unknown> }[];
    expect(res.find((x) => x.id === "a")?.body.displayName).toBe("mi-github-ci");
    expect(res.find((x) => x.id === "b")?.status).toBe(200);
    expect(res.find((x) => x.id === "c")?.status).toBe(404);
  });
  it("refuses more than 20 steps and duplicate ids with 400", async () => {
    const steps = Array.from({ length: 21 }, (_, i) => ({
      id: String(i),
      method: "GET",
      url: "/servicePrincipals?$top=1",
    }));
    expect((await post(steps)).status).toBe(400);
    expect((await post(steps.slice(0, 20))).status).toBe(200);
    expect(
      (
        await post([
          { id: "1", method: "GET", url: "/groups" },
          { id: "1", method: "GET", url: "/users" },
        ])
      ).status,
    ).toBe(400);
  });
  it("answers 424 when a dependency failed", async () => {
    const r = await post([
      { id: "1", method: "GET", url: "/servicePrincipals/00000000-0000-4000-8000-000000000000" },
      { id: "2", method: "GET", url: "/servicePrincipals?$top=1", dependsOn: ["1"] },
      { id: "3", method: "GET", url: "/servicePrincipals?$top=1" },
    ]);
    const res = r.json.responses as { id: string; status: number }[];
    expect(res.map((x) => [x.id, x.status])).toEqual([
      ["1", 404],
      ["2", 424],
      ["3", 200],
    ]);
  });
});

describe("$batch throttling and faults", () => {
  it("injects faults per step: from a step's own header, the queue or the SPEC", async () => {
    const faults = new FaultInjector("", 1);
    const h = createGraphHandler({ tenant, stepFaults: (headers) => faults.plan(headers) });
    faults.enqueue([{}, { status: 503 }]);
    const r = await call(h, "POST", `${G}/v1.0/$batch`, {
      headers: { "x-emulator-fault": "500" },
      body: {
        requests: [
          { id: "1", method: "GET", url: "/servicePrincipals?$top=1" },
          { id: "2", method: "GET", url: "/servicePrincipals?$top=1" },
          { id: "3", method: "GET", url: "/servicePrincipals?$top=1", headers: { "x-emulator-fault": "429-noretry" } },
          { id: "4", method: "GET", url: "/servicePrincipals?$top=1" },
        ],
      },
    });
    const res = r.json.responses as { id: string; status: number; headers: Record<string, string> }[];
    expect(res.map((x) => x.status)).toEqual([200, 503, 429, 200]);
    expect(res[2]?.headers["Retry-After"]).toBeUndefined();
  });

  it("charges and throttles each step on its own", async () => {
    const throttled = createGraphHandler({
      tenant,
      throttle: new Throttle({ enforce: true, graphBudget: 3, now: () => 0 }),
    });
    const r = await call(throttled, "POST", `${G}/v1.0/$batch`, {
      body: { requests: ["1", "2", "3", "4", "5"].map((id) => ({ id, method: "GET", url: "/applications?$top=50" })) },
    });
    expect(r.status).toBe(200);
    const res = r.json.responses as { id: string; status: number; headers: Record<string, string> }[];
    expect(res.map((x) => x.status)).toEqual([200, 429, 429, 429, 429]);
    expect(res[1]?.headers["Retry-After"]).toBeDefined();
    expect(res[0]?.headers["x-ms-resource-unit"]).toBe("2");
  });
});

describe("delta", () => {
  async function drain(
    handler: ReturnType<typeof createGraphHandler>,
    url: string,
    headers: Record<string, string> = {},
  ) {
    const items: Record<string, unknown>[] = [];
    let next: string | undefined = url;
    let deltaLink: string | undefined;
    while (next) {
      const r = await call(handler, "GET", next, { headers });
      if (r.status !== 200)
        return { status: r.status, error: r.json.error as { code: string }, items, deltaLink: deltaLink as string };
      items.push(...(r.json.value as Record<string, unknown>[]));
      expect(r.json["@odata.nextLink"] !== undefined && r.json["@odata.deltaLink"] !== undefined).toBe(false);
      next = r.json["@odata.nextLink"] as string | undefined;
      deltaLink = r.json["@odata.deltaLink"] as string | undefined;
    }
    return { status: 200, error: undefined as { code: string } | undefined, items, deltaLink: deltaLink as string };
  }

  it("returns the full state, then exactly the churned service principals and @removed tombstones", async () => {
    const t = fresh();
    const h = createGraphHandler({ tenant: t });
    const initial = await drain(h, `${G}/v1.0/servicePrincipals/delta?$select=id,displayName,accountEnabled`);
    expect(initial.items.length).toBe(t.servicePrincipals.length);
    expect(initial.deltaLink).toMatch(/^https:\/\/localhost:4010\/v1\.0\/servicePrincipals\/delta\?\$deltatoken=/);
    const idle = await drain(h, initial.deltaLink);
    expect(idle.items).toEqual([]);
    const churn = applyChurn(t, { count: 25, seed: 3 });
    const round = await drain(h, idle.deltaLink);
    const created = churn.changes.filter((c) => c.type === "identity.created").map((c) => (c as { id: string }).id);
    const deleted = churn.changes.filter((c) => c.type === "identity.deleted").map((c) => (c as { id: string }).id);
    const toggled = churn.changes
      .filter((c) => c.type === "identity.disabled" || c.type === "identity.enabled")
      .map((c) => (c as { id: string }).id);
    const removed = round.items.filter((i) => i["@removed"]);
    expect(removed.map((i) => i.id).sort()).toEqual([...deleted].sort());
    expect(removed.every((i) => (i["@removed"] as { reason: string }).reason === "deleted")).toBe(true);
    const changed = round.items.filter((i) => !i["@removed"]).map((i) => i.id as string);
    expect(changed.sort()).toEqual([...new Set([...created, ...toggled])].filter((id) => !deleted.includes(id)).sort());
  });

  it("returns exactly the membership changes churn reported, per group", async () => {
    const t = fresh();
    const h = createGraphHandler({ tenant: t });
    const initial = await drain(h, `${G}/v1.0/groups/delta?$select=displayName,members`);
    const churn = applyChurn(t, { count: 40, seed: 9 });
    const expected = new Map<string, Map<string, boolean>>();
    for (const c of churn.changes) {
      if (c.type !== "groupMember.added" && c.type !== "groupMember.removed") continue;
      const perGroup = expected.get(c.groupId) ?? new Map<string, boolean>();
      perGroup.set(c.memberId, c.type === "groupMember.removed");
      expected.set(c.groupId, perGroup);
    }
    expect(expected.size).toBeGreaterThan(0);
    const round = await drain(h, initial.deltaLink);
    const actual = new Map(
      round.items.map((g) => [
        g.id as string,
        new Map(
          (g["members@delta"] as { id: string; "@removed"?: unknown }[]).map((m) => [
            m.id,
            m["@removed"] !== undefined,
          ]),
        ),
      ]),
    );
    expect(actual).toEqual(expected);
  });

  it("reports group membership changes as members@delta", async () => {
    const t = fresh();
    const h = createGraphHandler({ tenant: t });
    const initial = await drain(h, `${G}/v1.0/groups/delta?$select=displayName,members`);
    const tier0 = initial.items.find((g) => g.displayName === "Tier0 Identity Admins")!;
    expect((tier0["members@delta"] as unknown[]).length).toBe(2);
    const group = t.groups.find((g) => g.displayName === "All Engineers")!;
    const sp = t.servicePrincipals.find((s) => s.displayName === "mi-github-ci")!;
    t.addMember(group.id, sp.id);
    t.removeMember(group.id, group.members[0]!);
    const round = await drain(h, initial.deltaLink);
    expect(round.items.map((g) => g.id)).toEqual([group.id]);
    const deltaMembers = round.items[0]!["members@delta"] as { id: string; "@removed"?: unknown }[];
    expect(deltaMembers.find((m) => m.id === sp.id)?.["@removed"]).toBeUndefined();
    expect(deltaMembers.filter((m) => m["@removed"]).length).toBe(1);
  });

  it("refuses expired tokens with 400 syncStateNotFound (after 7 days, on reset, or by fault)", async () => {
    const t = fresh();
    let clock = Date.UTC(2026, 0, 15);
    const state = {
      epoch: 0,
      forceExpire: (c: { headers: Record<string, string | undefined> }) =>
        c.headers["x-emulator-delta-expired"] === "1",
      now: () => clock,
    };
    const h = createGraphHandler({ tenant: t, delta: state });
    const first = await drain(h, `${G}/v1.0/servicePrincipals/delta`);
    expect((await drain(h, first.deltaLink)).status).toBe(200);
    clock += 7 * 86_400_000 + 1;
    const old = await drain(h, first.deltaLink);
    expect(old.status).toBe(400);
    expect(old.error?.code).toBe("syncStateNotFound");
    clock = Date.UTC(2026, 0, 15);
    state.epoch++;
    expect((await drain(h, first.deltaLink)).error?.code).toBe("syncStateNotFound");
    const again = await drain(h, `${G}/v1.0/servicePrincipals/delta`);
    expect((await drain(h, again.deltaLink, { "x-emulator-delta-expired": "1" })).error?.code).toBe(
      "syncStateNotFound",
    );
  });

  it("supports $deltatoken=latest and refuses $top", async () => {
    const latest = await call(graph, "GET", `${G}/v1.0/servicePrincipals/delta?$deltatoken=latest`);
    expect(latest.json.value).toEqual([]);
    expect(latest.json["@odata.deltaLink"]).toBeTruthy();
    expect((await call(graph, "GET", `${G}/v1.0/servicePrincipals/delta?$top=5`)).status).toBe(400);
  });
});
