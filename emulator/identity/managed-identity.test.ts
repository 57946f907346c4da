import { describe, expect, it } from "vitest";
import { type EmulatorResponse } from "../http";
import { createManagedIdentityHandler } from "./managed-identity";
import { createTokenIssuer } from "./tokens";
import { createMemoryTenant } from "./testing/memory-tenant";

const tenantId = "aaaabbbb-0000-1111-2222-333344445555";
const arm = "https://management.azure.com/";
const clock = { t: 1_800_000_000 };
const issuer = createTokenIssuer({ tenantId, loginBaseUrl: "https://localhost:8443", now: () => clock.t });
const system = {
  objectId: "0000aaaa-0000-0000-0000-000000000001",
  appId: "0000bbbb-0000-0000-0000-000000000001",
  resourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/steward",
  roles: ["Application.Read.All"],
};
const userAssigned = {
  objectId: "0000aaaa-0000-0000-0000-000000000002",
  appId: "0000bbbb-0000-0000-0000-000000000002",
  resourceId:
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/steward-sync",
  roles: ["Directory.Read.All", "AuditLog.Read.All"],
};
const tenant = createMemoryTenant({ tenantId, systemIdentity: system, managedIdentities: [userAssigned] });
const handler = createManagedIdentityHandler({ issuer, tenant, identityHeader: "secret-header" });

function call(path: string, headers: Record<string, string>, method = "GET"): EmulatorResponse {
  return handler({
    method,
    url: new URL(path, "http://127.0.0.1:41234"),
    headers,
    body: Buffer.alloc(0),
  }) as EmulatorResponse;
}

function body(res: EmulatorResponse) {
  return res.body as Record<string, unknown>;
}

describe("App Service protocol", () => {
  const appService = (query: string, headers: Record<string, string> = { "x-identity-header": "secret-header" }) =>
    call(`/msi/token?api-version=2019-08-01&${query}`, headers);

  it("answers with the documented fields, expires_on as epoch seconds in a string", () => {
    const res = appService(`resource=${encodeURIComponent("https://vault.azure.net")}`);
    expect(res.status).toBe(200);
    expect(Object.keys(body(res)).sort()).toEqual([
      "access_token",
      "client_id",
      "expires_on",
      "resource",
      "token_type",
    ]);
    expect(body(res)).toMatchObject({
      expires_on: String(clock.t + 3599),
      resource: "https://vault.azure.net",
      token_type: "Bearer",
      client_id: system.appId,
    });
    const verified = issuer.verify(String(body(res).access_token), { audiences: ["https://vault.azure.net"] });
    expect(verified.ok && verified.claims).toMatchObject({
      oid: system.objectId,
      azp: system.appId,
      idtyp: "app",
      roles: system.roles,
      xms_mirid: system.resourceId,
    });
  });

  it("selects a user-assigned identity by client_id, object_id or mi_res_id", () => {
    for (const q of [
      `client_id=${userAssigned.appId}`,
      `object_id=${userAssigned.objectId}`,
      `mi_res_id=${encodeURIComponent(userAssigned.resourceId)}`,
    ]) {
      const res = appService(`resource=${encodeURIComponent(arm)}&${q}`);
      expect(res.status, q).toBe(200);
      expect(body(res).client_id).toBe(userAssigned.appId);
      const verified = issuer.verify(String(body(res).access_token), { audiences: [arm] });
      expect(verified.ok && verified.claims.roles).toEqual(userAssigned.roles);
    }
  });

  it("strips /.default from the audience", () => {
    const res = appService(`resource=${encodeURIComponent("https://graph.microsoft.com/.default")}`);
    expect(issuer.verify(String(body(res).access_token), { audiences: ["https://graph.microsoft.com"] }).ok).toBe(true);
  });

  it("refuses a missing or wrong X-IDENTITY-HEADER with 401", () => {
    expect(appService(`resource=${arm}`, {}).status).toBe(401);
    expect(appService(`resource=${arm}`, { "x-identity-header": "guess" }).status).toBe(401);
  });

  it("refuses an unknown identity, a missing resource and a wrong api-version with 400", () => {
    expect(body(appService(`resource=${arm}&client_id=ffffffff-0000-0000-0000-000000000000`))).toEqual({
      error: "invalid_request",
      error_description: "Identity not found",
    });
    const noResource = appService("");
    expect(noResource.status).toBe(400);
    expect(body(noResource).error).toBe("invalid_resource");
    expect(
      call(`/msi/token?api-version=2017-09-01&resource=${arm}`, { "x-identity-header": "secret-header" }).status,
    ).toBe(400);
  });
});

describe("IMDS protocol", () => {
  const imds = (path: string, headers: Record<string, string> = { metadata: "true" }) => call(path, headers);
  const q = `api-version=2018-02-01&resource=${encodeURIComponent(arm)}`;

  it("answers on the path with and without the trailing slash, every field a string", () => {
    for (const path of [`/metadata/identity/oauth2/token?${q}`, `/metadata/identity/oauth2/token/?${q}`]) {
      const res = imds(path);
      expect(res.status).toBe(200);
      const b = body(res);
      expect(b).toMatchObject({
        refresh_token: "",
        expires_in: "3599",
        expires_on: String(clock.t + 3599),
        not_before: String(clock.t),
        resource: arm,
        token_type: "Bearer",
        client_id: system.appId,
      });
      expect(Object.values(b).every((v) => typeof v === "string")).toBe(true);
      expect(issuer.verify(String(b.access_token), { audiences: [arm] }).ok).toBe(true);
    }
  });

  it("uses msi_res_id for a user-assigned identity", () => {
    const res = imds(`/metadata/identity/oauth2/token/?${q}&msi_res_id=${encodeURIComponent(userAssigned.resourceId)}`);
    expect(body(res).client_id).toBe(userAssigned.appId);
  });

  it("demands Metadata: true in lower case", () => {
    for (const headers of [{}, { metadata: "True" }, { metadata: "1" }] as Record<string, string>[]) {
      const res = imds(`/metadata/identity/oauth2/token?${q}`, headers);
      expect(res.status).toBe(400);
      expect(body(res).error).toBe("bad_request_102");
    }
  });

  it("answers an unknown identity, two ids, or a missing resource with 400", () => {
    expect(
      body(imds(`/metadata/identity/oauth2/token?${q}&object_id=ffffffff-0000-0000-0000-000000000000`))
        .error_description,
    ).toBe("Identity not found");
    expect(
      imds(`/metadata/identity/oauth2/token?${q}&client_id=${userAssigned.appId}&object_id=${userAssigned.objectId}`)
        .status,
    ).toBe(400);
    expect(body(imds(`/metadata/identity/oauth2/token?api-version=2018-02-01`)).error).toBe("invalid_resource");
    expect(imds(`/metadata/identity/oauth2/token?resource=${arm}`).status).toBe(400);
  });

  it("answers no system identity with Identity not found", () => {
    const bare = createManagedIdentityHandler({
      issuer,
      tenant: createMemoryTenant({ tenantId }),
      identityHeader: "x",
    });
    const res = bare({
      method: "GET",
      url: new URL(`http://127.0.0.1/metadata/identity/oauth2/token?${q}`),
      headers: { metadata: "true" },
      body: Buffer.alloc(0),
    }) as EmulatorResponse;
    expect(res.status).toBe(400);
    expect(body(res)).toEqual({ error: "invalid_request", error_description: "Identity not found" });
  });
});
