import {
  constants,
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign as cryptoSign,
} from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type EmulatorRequest, type EmulatorResponse } from "../http";
import { createAuthorityHandler } from "./authority";
import { base64url, decodeJwt, encodeRs256 } from "./jwt";
import { createTokenIssuer, type TokenIssuer } from "./tokens";
import { type ClientCertificate, createClientCertificate } from "./testing/certificates";
import { createMemoryTenant, type MemoryTenant } from "./testing/memory-tenant";

const tenantId = "aaaabbbb-0000-1111-2222-333344445555";
const origin = "https://localhost:8443";
const graph = "https://graph.microsoft.com";
const appId = "00001111-aaaa-2222-bbbb-3333cccc4444";
const otherAppId = "99998888-aaaa-2222-bbbb-3333cccc4444";
const secret = "s3cr3t~value";
const redirectUri = "http://localhost:3000/auth/callback";
const ada = {
  id: "11110000-0000-0000-0000-000000000001",
  userPrincipalName: "ada@contoso.test",
  displayName: "Ada Admin",
  roles: ["Steward.Admin"],
};
const rita = {
  id: "11110000-0000-0000-0000-000000000002",
  userPrincipalName: "rita@contoso.test",
  displayName: "Rita Reader",
  roles: ["Steward.Reader"],
};

let cert: ClientCertificate;
let unregistered: ClientCertificate;
let clock: { t: number };
let issuer: TokenIssuer;
let tenant: MemoryTenant;
let handle: (req: EmulatorRequest) => Promise<EmulatorResponse>;

beforeAll(() => {
  cert = createClientCertificate();
  unregistered = createClientCertificate();
  clock = { t: Math.floor(Date.now() / 1000) };
  issuer = createTokenIssuer({ tenantId, loginBaseUrl: origin, now: () => clock.t });
  tenant = createMemoryTenant({
    tenantId,
    applications: [
      {
        appId,
        objectId: "5555aaaa-0000-0000-0000-000000000001",
        displayName: "Identity Steward",
        secrets: [
          { secretText: secret, endDateTime: "2099-01-01T00:00:00Z" },
          { secretText: "old-secret", endDateTime: "2020-01-01T00:00:00Z" },
        ],
        certificatesPem: [cert.certPem],
        redirectUris: [redirectUri],
        roles: ["Application.Read.All", "Directory.Read.All"],
      },
      {
        appId: otherAppId,
        objectId: "5555aaaa-0000-0000-0000-000000000002",
        displayName: "Other app",
        secrets: [{ secretText: "other", endDateTime: "2099-01-01T00:00:00Z" }],
        certificatesPem: [],
        redirectUris: ["https://other.example/cb"],
        roles: [],
      },
    ],
    users: [ada, rita],
  });
  const handler = createAuthorityHandler({ issuer, tenant });
  handle = async (req) => handler(req);
});

function get(path: string, headers: Record<string, string> = {}): Promise<EmulatorResponse> {
  return handle({ method: "GET", url: new URL(path, origin), headers, body: Buffer.alloc(0) });
}

function post(
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<EmulatorResponse> {
  return handle({
    method: "POST",
    url: new URL(path, origin),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: Buffer.from(new URLSearchParams(form).toString()),
  });
}

const tokenPath = `/${tenantId}/oauth2/v2.0/token`;
const tokenEndpoint = `${origin}${tokenPath}`;

function json(res: EmulatorResponse): Record<string, unknown> {
  return res.body as Record<string, unknown>;
}

function expectEntraError(res: EmulatorResponse, status: number, error: string, code: number) {
  expect(res.status).toBe(status);
  const body = json(res);
  expect(body.error).toBe(error);
  expect(body.error_codes).toEqual([code]);
  expect(String(body.error_description)).toMatch(new RegExp(`^AADSTS${code}: `));
  expect(String(body.error_description)).toContain(`Correlation ID: ${String(body.correlation_id)}`);
  expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
}

describe("discovery and keys", () => {
  it("describes itself at the request's own scheme, host and port", async () => {
    for (const path of [
      `/${tenantId}/v2.0/.well-known/openid-configuration`,
      `/${tenantId}/.well-known/openid-configuration`,
    ]) {
      const res = await handle({
        method: "GET",
        url: new URL(path, "https://127.0.0.1:9999"),
        headers: {},
        body: Buffer.alloc(0),
      });
      expect(res.status).toBe(200);
      expect(json(res)).toMatchObject({
        issuer: `https://127.0.0.1:9999/${tenantId}/v2.0`,
        token_endpoint: `https://127.0.0.1:9999/${tenantId}/oauth2/v2.0/token`,
        authorization_endpoint: `https://127.0.0.1:9999/${tenantId}/oauth2/v2.0/authorize`,
        jwks_uri: `https://127.0.0.1:9999/${tenantId}/discovery/v2.0/keys`,
        end_session_endpoint: `https://127.0.0.1:9999/${tenantId}/oauth2/v2.0/logout`,
      });
    }
  });

  it("serves common and organizations with the {tenantid} issuer placeholder, as Entra does", async () => {
    for (const seg of ["common", "organizations"]) {
      const body = json(await get(`/${seg}/v2.0/.well-known/openid-configuration`));
      expect(body.issuer).toBe(`${origin}/{tenantid}/v2.0`);
      expect(body.token_endpoint).toBe(`${origin}/${seg}/oauth2/v2.0/token`);
    }
  });

  it("answers an unknown tenant with AADSTS90002", async () => {
    expectEntraError(await get(`/contoso.example/v2.0/.well-known/openid-configuration`), 400, "invalid_tenant", 90002);
  });

  it("publishes the signing key", async () => {
    const res = await get(`/${tenantId}/discovery/v2.0/keys`);
    expect(json(res)).toEqual(issuer.jwks());
    expect(issuer.jwks().keys[0]?.kid).toBe(issuer.keyId);
  });

  it("answers unknown paths with 404", async () => {
    expect((await get(`/${tenantId}/oauth2/v2.0/nothing`)).status).toBe(404);
  });
});

describe("client credentials with a secret", () => {
  it("issues an app-only token for the resource named in the /.default scope", async () => {
    const res = await post(tokenPath, {
      client_id: appId,
      client_secret: secret,
      scope: `${graph}/.default`,
      grant_type: "client_credentials",
    });
    expect(res.status).toBe(200);
    const body = json(res);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
    const verified = issuer.verify(String(body.access_token), { audiences: [graph] });
    expect(verified.ok && verified.claims).toMatchObject({
      aud: graph,
      tid: tenantId,
      oid: "5555aaaa-0000-0000-0000-000000000001",
      azp: appId,
      idtyp: "app",
      roles: ["Application.Read.All", "Directory.Read.All"],
    });
  });

  it("accepts the secret in an HTTP Basic header", async () => {
    const basic = Buffer.from(`${appId}:${encodeURIComponent(secret)}`).toString("base64");
    const res = await post(
      tokenPath,
      { scope: `${graph}/.default`, grant_type: "client_credentials" },
      { authorization: `Basic ${basic}` },
    );
    expect(res.status).toBe(200);
  });

  it("refuses a wrong secret with 401 AADSTS7000215 and echoes the client's correlation id", async () => {
    const correlation = "0a1b2c3d-0000-4000-8000-123456789abc";
    const res = await post(`${tokenPath}?client-request-id=${correlation}`, {
      client_id: appId,
      client_secret: "wrong",
      scope: `${graph}/.default`,
      grant_type: "client_credentials",
    });
    expectEntraError(res, 401, "invalid_client", 7000215);
    expect(json(res).correlation_id).toBe(correlation);
    expect(String(json(res).error_description)).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
  });

  it("refuses an expired secret with AADSTS7000222", async () => {
    const res = await post(tokenPath, {
      client_id: appId,
      client_secret: "old-secret",
      scope: `${graph}/.default`,
      grant_type: "client_credentials",
    });
    expectEntraError(res, 401, "invalid_client", 7000222);
  });

  it("refuses a request without any credential with AADSTS7000218", async () => {
    const res = await post(tokenPath, {
      client_id: appId,
      scope: `${graph}/.default`,
      grant_type: "client_credentials",
    });
    expectEntraError(res, 401, "invalid_client", 7000218);
  });

  it("refuses an unknown client with 400 unauthorized_client AADSTS700016", async () => {
    const res = await post(tokenPath, {
      client_id: "12345678-0000-0000-0000-000000000000",
      client_secret: secret,
      scope: `${graph}/.default`,
      grant_type: "client_credentials",
    });
    expectEntraError(res, 400, "unauthorized_client", 700016);
  });

  it("refuses scopes without /.default, several resources, or no scope", async () => {
    const base = { client_id: appId, client_secret: secret, grant_type: "client_credentials" };
    expectEntraError(await post(tokenPath, { ...base, scope: `${graph}/User.Read` }), 400, "invalid_scope", 1002012);
    expectEntraError(
      await post(tokenPath, { ...base, scope: `${graph}/.default https://management.azure.com/.default` }),
      400,
      "invalid_scope",
      28000,
    );
    expectEntraError(await post(tokenPath, base), 400, "invalid_request", 900144);
  });

  it("refuses an unsupported grant type, a GET, and client credentials on /common", async () => {
    expectEntraError(
      await post(tokenPath, { client_id: appId, grant_type: "password" }),
      400,
      "unsupported_grant_type",
      70003,
    );
    expectEntraError(await get(tokenPath), 400, "invalid_request", 900561);
    const common = await post(`/common/oauth2/v2.0/token`, {
      client_id: appId,
      client_secret: secret,
      scope: `${graph}/.default`,
      grant_type: "client_credentials",
    });
    expectEntraError(common, 400, "invalid_request", 9001023);
  });
});

describe("client credentials with a certificate assertion", () => {
  function assertion(
    options: {
      cert?: ClientCertificate;
      signWith?: string;
      alg?: "RS256" | "PS256";
      header?: Record<string, unknown>;
      claims?: Record<string, unknown>;
    } = {},
  ): string {
    const c = options.cert ?? cert;
    const now = clock.t;
    const header = {
      alg: options.alg ?? "RS256",
      typ: "JWT",
      "x5t#S256": Buffer.from(c.thumbprintSha256Hex, "hex").toString("base64url"),
      ...options.header,
    };
    const payload = {
      aud: tokenEndpoint,
      iss: appId,
      sub: appId,
      jti: randomBytes(8).toString("hex"),
      nbf: now,
      exp: now + 600,
      ...options.claims,
    };
    const key = createPrivateKey(options.signWith ?? c.privateKeyPem);
    if (header.alg === "PS256") {
      const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
      const sig = cryptoSign("sha256", Buffer.from(input), {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      });
      return `${input}.${base64url(sig)}`;
    }
    return encodeRs256(header, payload, key);
  }

  const request = (a: string) =>
    post(tokenPath, {
      client_id: appId,
      client_assertion: a,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      scope: `${graph}/.default`,
      grant_type: "client_credentials",
    });

  it("accepts an RS256 or PS256 assertion signed by the registered certificate (x5t#S256 or x5t)", async () => {
    expect((await request(assertion())).status).toBe(200);
    expect((await request(assertion({ alg: "PS256" }))).status).toBe(200);
    const sha1 = Buffer.from(cert.thumbprintSha1Hex, "hex").toString("base64url");
    expect((await request(assertion({ header: { "x5t#S256": undefined, x5t: sha1 } }))).status).toBe(200);
  });

  it("refuses a certificate that is not registered", async () => {
    expectEntraError(await request(assertion({ cert: unregistered })), 401, "invalid_client", 700027);
  });

  it("refuses an assertion signed by another key that names the registered thumbprint", async () => {
    expectEntraError(await request(assertion({ signWith: unregistered.privateKeyPem })), 401, "invalid_client", 700027);
  });

  it("refuses alg none", async () => {
    const signed = assertion();
    const [, p] = signed.split(".") as [string, string];
    const header = { ...(decodeJwt(signed)?.header ?? {}), alg: "none" };
    expectEntraError(await request(`${base64url(JSON.stringify(header))}.${p}.`), 401, "invalid_client", 700027);
  });

  it("refuses the wrong audience, issuer or subject, and an expired assertion", async () => {
    expectEntraError(
      await request(assertion({ claims: { aud: `${origin}/common/oauth2/token` } })),
      401,
      "invalid_client",
      50027,
    );
    expectEntraError(
      await request(assertion({ claims: { iss: otherAppId, sub: otherAppId } })),
      401,
      "invalid_client",
      700021,
    );
    expectEntraError(await request(assertion({ claims: { sub: otherAppId } })), 401, "invalid_client", 50048);
    expectEntraError(await request(assertion({ claims: { exp: clock.t - 1 } })), 401, "invalid_client", 700024);
  });

  it("refuses a malformed assertion", async () => {
    expectEntraError(await request("not-a-jwt"), 401, "invalid_client", 50027);
  });
});

describe("authorization code with PKCE", () => {
  const authorizePath = `/${tenantId}/oauth2/v2.0/authorize`;

  function pkce() {
    const verifier = randomBytes(32).toString("base64url");
    return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
  }

  function authorizeParams(overrides: Record<string, string | undefined> = {}) {
    const p: Record<string, string | undefined> = {
      client_id: appId,
      redirect_uri: redirectUri,
      response_type: "code",
      scope: "openid profile offline_access User.Read",
      state: "state-123",
      nonce: "nonce-456",
      code_challenge: pkce().challenge,
      code_challenge_method: "S256",
      ...overrides,
    };
    return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as Record<string, string>;
  }

  async function signIn(userId: string, overrides: Record<string, string | undefined> = {}) {
    const params = authorizeParams(overrides);
    const res = await post(`${authorizePath}?${new URLSearchParams(params).toString()}`, { user_id: userId });
    return { res, params };
  }

  async function codeFor(userId: string, challenge: string, extra: Record<string, string | undefined> = {}) {
    const { res } = await signIn(userId, { code_challenge: challenge, ...extra });
    expect(res.status).toBe(302);
    const location = new URL(String(res.headers?.location));
    return location.searchParams.get("code") as string;
  }

  const redeem = (code: string, verifier: string, overrides: Record<string, string> = {}) =>
    post(tokenPath, {
      client_id: appId,
      client_secret: secret,
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      scope: "openid profile offline_access User.Read",
      ...overrides,
    });

  it("renders an accessible page that lists the people to sign in as", async () => {
    const res = await get(`${authorizePath}?${new URLSearchParams(authorizeParams()).toString()}`);
    expect(res.status).toBe(200);
    expect(res.headers?.["content-type"]).toMatch(/text\/html/);
    const html = String(res.body);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<h1>Sign in to the emulated tenant</h1>");
    expect(html).toContain(`value="${ada.id}"`);
    expect(html).toContain(">Sign in to the emulated tenant as Ada Admin</button>");
    expect(html).toContain("Sign in to the emulated tenant as Rita Reader");
    expect(html).toContain("App roles: Steward.Admin");
    expect(html).toContain(`name="code_challenge"`);
  });

  it("escapes what the request puts on the page", async () => {
    const res = await get(
      `${authorizePath}?${new URLSearchParams(authorizeParams({ state: `"><script>alert(1)</script>` })).toString()}`,
    );
    expect(String(res.body)).not.toContain("<script>alert(1)</script>");
    expect(String(res.body)).toContain("&quot;&gt;&lt;script&gt;");
  });

  it("redirects the choice back with code and state, and redeems the code once for tokens with the user's roles", async () => {
    const { verifier, challenge } = pkce();
    const { res } = await signIn(ada.id, { code_challenge: challenge });
    expect(res.status).toBe(302);
    const location = new URL(String(res.headers?.location));
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get("state")).toBe("state-123");
    const code = location.searchParams.get("code") as string;

    const tokenRes = await redeem(code, verifier);
    expect(tokenRes.status).toBe(200);
    const body = json(tokenRes);
    expect(body.refresh_token).toEqual(expect.any(String));
    const id = issuer.verify(String(body.id_token), { audiences: [appId] });
    expect(id.ok && id.claims).toMatchObject({
      aud: appId,
      nonce: "nonce-456",
      oid: ada.id,
      tid: tenantId,
      preferred_username: ada.userPrincipalName,
      name: ada.displayName,
      roles: ["Steward.Admin"],
    });
    const access = issuer.verify(String(body.access_token), { audiences: [graph] });
    expect(access.ok && access.claims.scp).toBe("User.Read");
    expect(JSON.parse(Buffer.from(String(body.client_info), "base64url").toString())).toEqual({
      uid: ada.id,
      utid: tenantId,
    });

    expectEntraError(await redeem(code, verifier), 400, "invalid_grant", 54005);
  });

  it("puts the user's app roles in access tokens for the app's own API", async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(rita.id, challenge, { scope: `openid api://${appId}/access_as_user` });
    const body = json(await redeem(code, verifier, { scope: `openid api://${appId}/access_as_user` }));
    const access = issuer.verify(String(body.access_token), { audiences: [`api://${appId}`] });
    expect(access.ok && access.claims).toMatchObject({ roles: ["Steward.Reader"], scp: "access_as_user" });
  });

  it("refuses a wrong code_verifier, and the code is spent afterwards", async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(ada.id, challenge);
    expectEntraError(await redeem(code, pkce().verifier), 400, "invalid_grant", 501481);
    expectEntraError(await redeem(code, verifier), 400, "invalid_grant", 54005);
  });

  it("refuses a missing code_verifier", async () => {
    const { challenge } = pkce();
    const code = await codeFor(ada.id, challenge);
    expectEntraError(await redeem(code, ""), 400, "invalid_grant", 501481);
  });

  it("binds the code to the client and the redirect URI", async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(ada.id, challenge);
    expectEntraError(
      await redeem(code, verifier, { client_id: otherAppId, client_secret: "other" }),
      400,
      "invalid_grant",
      70000,
    );
    expectEntraError(
      await redeem(code, verifier, { redirect_uri: "http://localhost:3000/elsewhere" }),
      400,
      "invalid_grant",
      500112,
    );
  });

  it("expires codes after ten minutes", async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(ada.id, challenge);
    clock.t += 601;
    try {
      expectEntraError(await redeem(code, verifier), 400, "invalid_grant", 70008);
    } finally {
      clock.t -= 601;
    }
  });

  it("refuses an unknown code", async () => {
    expectEntraError(await redeem("made-up", "x".repeat(43)), 400, "invalid_grant", 9002313);
  });

  it("omits nonce from the ID token when none was sent", async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(ada.id, challenge, { nonce: undefined });
    const idToken = decodeJwt(String(json(await redeem(code, verifier)).id_token));
    expect(idToken?.payload.nonce).toBeUndefined();
  });

  it("hands the code back with form_post as a self-submitting form", async () => {
    const { res } = await signIn(ada.id, { response_mode: "form_post" });
    expect(res.status).toBe(200);
    const html = String(res.body);
    expect(html).toContain(`<form method="post" action="${redirectUri}"`);
    expect(html).toMatch(/name="code" value="[A-Za-z0-9_-]{40,}"/);
    expect(html).toContain('name="state" value="state-123"');
    const csp = String(res.headers?.["content-security-policy"]);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(csp).toContain(`'sha256-${createHash("sha256").update(script).digest("base64")}'`);
  });

  it("keeps errors on its own page when the client or redirect URI is not registered", async () => {
    const unknownClient = await get(
      `${authorizePath}?${new URLSearchParams(authorizeParams({ client_id: "12345678-0000-0000-0000-000000000000" })).toString()}`,
    );
    expect(unknownClient.status).toBe(400);
    expect(String(unknownClient.body)).toContain("AADSTS700016");
    const badRedirect = await get(
      `${authorizePath}?${new URLSearchParams(authorizeParams({ redirect_uri: "https://evil.example/cb" })).toString()}`,
    );
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.headers?.location).toBeUndefined();
    expect(String(badRedirect.body)).toContain("AADSTS50011");
  });

  it("redirects protocol errors back to the registered redirect URI with state", async () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ response_type: "token" }, "unsupported_response_type"],
      [{ code_challenge: undefined }, "invalid_request"],
      [{ code_challenge_method: "plain" }, "invalid_request"],
      [{ code_challenge_method: undefined }, "invalid_request"],
      [{ scope: undefined }, "invalid_request"],
      [{ prompt: "none" }, "login_required"],
    ];
    for (const [overrides, error] of cases) {
      const res = await get(`${authorizePath}?${new URLSearchParams(authorizeParams(overrides)).toString()}`);
      expect(res.status, JSON.stringify(overrides)).toBe(302);
      const location = new URL(String(res.headers?.location));
      expect(location.searchParams.get("error")).toBe(error);
      expect(location.searchParams.get("error_description")).toMatch(/^AADSTS\d+: /);
      expect(location.searchParams.get("state")).toBe("state-123");
    }
  });

  it("refuses a single-tenant app on /common", async () => {
    const res = await get(`/common/oauth2/v2.0/authorize?${new URLSearchParams(authorizeParams()).toString()}`);
    expect(res.status).toBe(400);
    expect(String(res.body)).toContain("AADSTS50194");
  });

  it("rotates refresh tokens and re-reads the user's roles", async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(rita.id, challenge);
    const first = json(await redeem(code, verifier));
    const refresh = (token: string) =>
      post(tokenPath, {
        client_id: appId,
        client_secret: secret,
        grant_type: "refresh_token",
        refresh_token: token,
        scope: "openid profile offline_access User.Read",
      });
    const saved = rita.roles;
    rita.roles = ["Steward.Remediator"];
    try {
      const second = json(await refresh(String(first.refresh_token)));
      const id = issuer.verify(String(second.id_token), { audiences: [appId] });
      expect(id.ok && id.claims.roles).toEqual(["Steward.Remediator"]);
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expectEntraError(await refresh(String(first.refresh_token)), 400, "invalid_grant", 9002313);
      const other = await post(tokenPath, {
        client_id: otherAppId,
        client_secret: "other",
        grant_type: "refresh_token",
        refresh_token: String(second.refresh_token),
      });
      expectEntraError(other, 400, "invalid_grant", 70000);
    } finally {
      rita.roles = saved;
    }
  });
});

describe("refresh without re-asking offline_access", () => {
  it("still hands back a replacement refresh token", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const params = new URLSearchParams({
      client_id: appId,
      redirect_uri: redirectUri,
      response_type: "code",
      scope: "openid offline_access",
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    const chosen = await post(`/${tenantId}/oauth2/v2.0/authorize?${params.toString()}`, { user_id: ada.id });
    const code = new URL(String(chosen.headers?.location)).searchParams.get("code") as string;
    const first = json(
      await post(tokenPath, {
        client_id: appId,
        client_secret: secret,
        grant_type: "authorization_code",
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    );
    const second = json(
      await post(tokenPath, {
        client_id: appId,
        client_secret: secret,
        grant_type: "refresh_token",
        refresh_token: String(first.refresh_token),
        scope: `${graph}/User.Read`,
      }),
    );
    expect(second.refresh_token).toEqual(expect.any(String));
    expect(second.refresh_token).not.toBe(first.refresh_token);
  });
});

describe("logout", () => {
  const logout = `/${tenantId}/oauth2/v2.0/logout`;

  it("redirects to a post-logout URI on a registered origin", async () => {
    const res = await get(
      `${logout}?client_id=${appId}&post_logout_redirect_uri=${encodeURIComponent("http://localhost:3000/")}`,
    );
    expect(res.status).toBe(302);
    expect(res.headers?.location).toBe("http://localhost:3000/");
  });

  it("redirects to a loopback URI without client_id (how MSAL's sample signs out)", async () => {
    const res = await get(
      `${logout}?post_logout_redirect_uri=${encodeURIComponent("http://localhost:3000/signed-out")}`,
    );
    expect(res.headers?.location).toBe("http://localhost:3000/signed-out");
  });

  it("does not redirect anywhere else", async () => {
    const res = await get(`${logout}?post_logout_redirect_uri=${encodeURIComponent("https://evil.example/")}`);
    expect(res.status).toBe(200);
    expect(res.headers?.location).toBeUndefined();
    const forOtherOrigin = await get(
      `${logout}?client_id=${appId}&post_logout_redirect_uri=${encodeURIComponent("https://evil.example/")}`,
    );
    expect(forOtherOrigin.status).toBe(200);
  });
});

it("signing keys of other issuers never validate here", () => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const forged = encodeRs256(
    { alg: "RS256", kid: issuer.keyId },
    { iss: issuer.issuer, aud: graph, tid: tenantId, exp: clock.t + 60 },
    privateKey,
  );
  expect(issuer.verify(forged, { audiences: [graph] }).ok).toBe(false);
});
