// Real MSAL Node 7, in child processes configured the way users run it, against the emulator over sockets.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Handler } from "../http";
import { ensureTlsMaterial, type TlsMaterial } from "../tls";
import { createAuthorityHandler } from "./authority";
import { createManagedIdentityHandler } from "./managed-identity";
import { createTokenIssuer, type TokenIssuer } from "./tokens";
import { type ClientCertificate, createClientCertificate } from "./testing/certificates";
import { createMemoryTenant, type MemoryTenant } from "./testing/memory-tenant";
import { type Outcome, type Scenario } from "./testing/msal-client";
import { serveHandler, type ServedHandler } from "./testing/serve";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const clientScript = fileURLToPath(new URL("./testing/msal-client.ts", import.meta.url));
const tenantId = "aaaabbbb-0000-1111-2222-333344445555";
const appId = "00001111-aaaa-2222-bbbb-3333cccc4444";
const secret = "s3cr3t~value";
const graph = "https://graph.microsoft.com";
const arm = "https://management.azure.com";
const redirectUri = "http://localhost:3000/auth/callback";
const identityHeader = "emulated-identity-header";
const users = [
  {
    id: "11110000-0000-0000-0000-000000000001",
    userPrincipalName: "ada@contoso.test",
    displayName: "Ada Admin",
    roles: ["Steward.Admin"],
  },
  {
    id: "11110000-0000-0000-0000-000000000002",
    userPrincipalName: "rita@contoso.test",
    displayName: "Rita Reader",
    roles: ["Steward.Reader"],
  },
];
const systemIdentity = {
  objectId: "0000aaaa-0000-0000-0000-000000000001",
  appId: "0000bbbb-0000-0000-0000-000000000001",
  resourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/steward",
  roles: ["Application.Read.All"],
};
const userAssigned = {
  objectId: "0000aaaa-0000-0000-0000-000000000002",
  appId: "0000bbbb-0000-0000-0000-000000000002",
  resourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/sync",
  roles: ["Directory.Read.All"],
};

let dir: string;
let tls: TlsMaterial;
let cert: ClientCertificate;
let tenant: MemoryTenant;
let issuer: TokenIssuer;
let authority: ServedHandler;
let identity: ServedHandler;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "steward-msal-"));
  tls = await ensureTlsMaterial(dir);
  cert = createClientCertificate();
  tenant = createMemoryTenant({
    tenantId,
    applications: [
      {
        appId,
        objectId: "5555aaaa-0000-0000-0000-000000000001",
        displayName: "Identity Steward",
        secrets: [{ secretText: secret, endDateTime: "2099-01-01T00:00:00Z" }],
        certificatesPem: [cert.certPem],
        redirectUris: [redirectUri],
        roles: ["Application.Read.All"],
      },
    ],
    systemIdentity,
    managedIdentities: [userAssigned],
    users,
  });
  // The issuer needs the listener's port, which is known only once it listens.
  let authorityHandler: Handler = () => ({ status: 503 });
  let identityHandler: Handler = () => ({ status: 503 });
  authority = await serveHandler((req) => authorityHandler(req), { tls });
  identity = await serveHandler((req) => identityHandler(req));
  issuer = createTokenIssuer({ tenantId, loginBaseUrl: authority.origin });
  authorityHandler = createAuthorityHandler({ issuer, tenant });
  identityHandler = createManagedIdentityHandler({ issuer, tenant, identityHeader });
});

afterAll(async () => {
  await authority?.close();
  await identity?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs one scenario in a fresh `node` with only the environment given, so nothing leaks from this process. */
function runMsal(scenario: Scenario, env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", clientScript], {
      cwd: repoRoot,
      env: {
        NODE_ENV: "test",
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? dir,
        ...env,
        MSAL_SCENARIO: JSON.stringify(scenario),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.trim().split("\n").pop();
      if (!line) return reject(new Error(`MSAL client exited ${code} without output: ${err}`));
      resolve(JSON.parse(line) as Outcome);
    });
  });
}

const withCa = () => ({ NODE_EXTRA_CA_CERTS: tls.caCertPath });
const authorityOf = () => ({
  authority: `${authority.origin}/${tenantId}`,
  knownAuthority: `localhost:${authority.port}`,
});

describe("ConfidentialClientApplication against the emulated authority over https", () => {
  it("gets an app-only token with a client secret, then serves the second call from its cache", async () => {
    const before = authority.requests.length;
    const outcome = await runMsal(
      { kind: "client-secret", ...authorityOf(), clientId: appId, clientSecret: secret, scope: `${graph}/.default` },
      withCa(),
    );
    expect(outcome.error).toBeUndefined();
    const [first, second] = outcome.results ?? [];
    const verified = issuer.verify(first?.accessToken ?? "", { audiences: [graph] });
    expect(verified.ok && verified.claims).toMatchObject({
      azp: appId,
      idtyp: "app",
      roles: ["Application.Read.All"],
      tid: tenantId,
    });
    expect(first?.fromCache).toBe(false);
    expect(second?.fromCache).toBe(true);
    const seen = authority.requests.slice(before).map((r) => `${r.method} ${r.url.pathname}`);
    expect(seen).toEqual([
      `GET /${tenantId}/v2.0/.well-known/openid-configuration`,
      `POST /${tenantId}/oauth2/v2.0/token`,
    ]);
  }, 30_000);

  it("surfaces the emulator's AADSTS error for a wrong secret", async () => {
    const outcome = await runMsal(
      { kind: "client-secret", ...authorityOf(), clientId: appId, clientSecret: "wrong", scope: `${graph}/.default` },
      withCa(),
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.error?.errorCode).toBe("invalid_client");
    expect(outcome.error?.message).toContain("AADSTS7000215");
  }, 30_000);

  it("cannot reach the authority without the emulator's CA", async () => {
    const outcome = await runMsal(
      { kind: "client-secret", ...authorityOf(), clientId: appId, clientSecret: secret, scope: `${graph}/.default` },
      {},
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.error?.errorCode).toBe("endpoints_resolution_error");
  }, 30_000);

  it("gets an app-only token with a certificate (PS256 assertion, x5t#S256)", async () => {
    const outcome = await runMsal(
      {
        kind: "client-certificate",
        ...authorityOf(),
        clientId: appId,
        thumbprintSha256: cert.thumbprintSha256Hex,
        privateKey: cert.privateKeyPem,
        scope: `${arm}/.default`,
      },
      withCa(),
    );
    expect(outcome.error).toBeUndefined();
    expect(issuer.verify(outcome.results?.[0]?.accessToken ?? "", { audiences: [arm] }).ok).toBe(true);
  }, 30_000);

  it("signs a user in with the auth-code flow, PKCE, state and nonce", async () => {
    const outcome = await runMsal(
      {
        kind: "auth-code",
        ...authorityOf(),
        clientId: appId,
        clientSecret: secret,
        redirectUri,
        scopes: ["User.Read"],
        userPrincipalName: "rita@contoso.test",
      },
      withCa(),
    );
    expect(outcome.error).toBeUndefined();
    const result = outcome.results?.[0];
    expect(result?.username).toBe("rita@contoso.test");
    expect(result?.tenantId).toBe(tenantId);
    expect(result?.idTokenClaims).toMatchObject({
      roles: ["Steward.Reader"],
      oid: users[1]?.id,
      aud: appId,
      iss: `${authority.origin}/${tenantId}/v2.0`,
    });
    expect(issuer.verify(result?.idToken ?? "", { audiences: [appId] }).ok).toBe(true);
    expect(issuer.verify(result?.accessToken ?? "", { audiences: [graph] }).ok).toBe(true);
  }, 30_000);

  it("completes the same flow with response_mode=form_post", async () => {
    const outcome = await runMsal(
      {
        kind: "auth-code",
        ...authorityOf(),
        clientId: appId,
        clientSecret: secret,
        redirectUri,
        scopes: ["User.Read"],
        userPrincipalName: "ada@contoso.test",
        responseMode: "form_post",
      },
      withCa(),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.results?.[0]?.idTokenClaims).toMatchObject({ roles: ["Steward.Admin"], oid: users[0]?.id });
  }, 30_000);

  it("lets MSAL catch an ID token whose nonce is not the one it sent", async () => {
    const outcome = await runMsal(
      {
        kind: "auth-code",
        ...authorityOf(),
        clientId: appId,
        clientSecret: secret,
        redirectUri,
        scopes: ["User.Read"],
        userPrincipalName: "ada@contoso.test",
        tamperNonce: true,
      },
      withCa(),
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.error?.errorCode).toBe("nonce_mismatch");
  }, 30_000);
});

it("serves @azure/identity's ClientSecretCredential with a custom authorityHost", async () => {
  const outcome = await runMsal(
    {
      kind: "azure-identity-secret",
      authorityHost: authority.origin,
      tenantId,
      clientId: appId,
      clientSecret: secret,
      scope: `${arm}/.default`,
    },
    withCa(),
  );
  expect(outcome.error).toBeUndefined();
  expect(issuer.verify(outcome.results?.[0]?.accessToken ?? "", { audiences: [arm] }).ok).toBe(true);
}, 30_000);

describe("ManagedIdentityApplication against the emulated endpoints over plain http", () => {
  it("uses the App Service source from IDENTITY_ENDPOINT and IDENTITY_HEADER", async () => {
    const before = identity.requests.length;
    const outcome = await runMsal(
      { kind: "managed-identity", resource: `${arm}/.default` },
      { IDENTITY_ENDPOINT: `${identity.origin}/msi/token`, IDENTITY_HEADER: identityHeader },
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.source).toBe("AppService");
    const [first, second] = outcome.results ?? [];
    const verified = issuer.verify(first?.accessToken ?? "", { audiences: [arm] });
    expect(verified.ok && verified.claims).toMatchObject({ oid: systemIdentity.objectId, roles: systemIdentity.roles });
    expect(second?.fromCache).toBe(true);
    const calls = identity.requests.slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url.searchParams.get("api-version")).toBe("2019-08-01");
    expect(calls[0]?.headers["x-identity-header"]).toBe(identityHeader);
  }, 30_000);

  it("selects a user-assigned identity by client id", async () => {
    const outcome = await runMsal(
      { kind: "managed-identity", resource: graph, userAssignedClientId: userAssigned.appId },
      { IDENTITY_ENDPOINT: `${identity.origin}/msi/token`, IDENTITY_HEADER: identityHeader },
    );
    expect(outcome.error).toBeUndefined();
    const verified = issuer.verify(outcome.results?.[0]?.accessToken ?? "", { audiences: [graph] });
    expect(verified.ok && verified.claims.oid).toBe(userAssigned.objectId);
  }, 30_000);

  it("fails clearly when IDENTITY_HEADER is wrong", async () => {
    const outcome = await runMsal(
      { kind: "managed-identity", resource: graph },
      { IDENTITY_ENDPOINT: `${identity.origin}/msi/token`, IDENTITY_HEADER: "not-the-secret" },
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.error?.message).toContain("X-IDENTITY-HEADER header is missing or invalid");
  }, 30_000);

  it("uses IMDS through AZURE_POD_IDENTITY_AUTHORITY_HOST, with the trailing-slash path", async () => {
    const before = identity.requests.length;
    const outcome = await runMsal(
      { kind: "managed-identity", resource: arm },
      { AZURE_POD_IDENTITY_AUTHORITY_HOST: identity.origin },
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.source).toBe("DefaultToImds");
    expect(issuer.verify(outcome.results?.[0]?.accessToken ?? "", { audiences: [arm] }).ok).toBe(true);
    const call = identity.requests.slice(before)[0];
    expect(call?.url.pathname).toBe("/metadata/identity/oauth2/token/");
    expect(call?.headers.metadata).toBe("true");
  }, 30_000);
});
