// The emulated Entra authority: OIDC discovery, JWKS, token endpoint, sign-in page and logout.
import { createHash, randomBytes } from "node:crypto";
import { type EmulatorRequest, type EmulatorResponse, type Handler } from "../http";
import { renderErrorPage, renderFormPost, renderSignInPage, renderSignedOutPage } from "./authorize-page";
import { authenticateClient } from "./client-auth";
import { entraError, entraErrorBody, entraErrorResponse, noStore, type EntraError } from "./entra-errors";
import { type JsonObject } from "./jwt";
import { appTokenClaims, DEFAULT_LIFETIME_SECONDS, type TokenIssuer, userTokenClaims } from "./tokens";
import { type AuthorityApplication, type AuthorityTenant, type AuthorityUser } from "./types";

export interface AuthorityHandlerOptions {
  issuer: TokenIssuer;
  tenant: AuthorityTenant;
  accessTokenLifetimeSeconds?: number;
  /** Entra's refresh tokens live 90 days; a day is plenty for a local session and keeps the map small. */
  refreshTokenLifetimeSeconds?: number;
}

/** Entra's authorization codes are short-lived; ten minutes is the documented upper bound. */
const CODE_LIFETIME_SECONDS = 600;
const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);
const GRAPH_RESOURCE = "https://graph.microsoft.com";
const RESPONSE_MODES = new Set(["query", "fragment", "form_post"]);

type TenantSegment = { raw: string; kind: "tenant" | "common" | "organizations" };

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  userId: string;
  scopes: string[];
  expiresAt: number;
  redeemed: boolean;
}

type GrantOutcome = { body: JsonObject } | { error: EntraError };

interface RefreshGrant {
  clientId: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
}

export function createAuthorityHandler(options: AuthorityHandlerOptions): Handler {
  const { issuer, tenant } = options;
  const accessLifetime = options.accessTokenLifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
  const refreshLifetime = options.refreshTokenLifetimeSeconds ?? 24 * 60 * 60;
  const codes = new Map<string, IssuedCode>();
  const refreshTokens = new Map<string, RefreshGrant>();

  function resolveTenant(raw: string): TenantSegment | undefined {
    const lower = raw.toLowerCase();
    if (lower === tenant.tenantId.toLowerCase()) return { raw, kind: "tenant" };
    if (lower === "common" || lower === "organizations") return { raw, kind: lower };
    return undefined;
  }

  function purgeExpired() {
    const now = issuer.now();
    // Expired codes linger an hour so a late redemption still hears "expired", not "malformed".
    for (const [k, v] of codes) if (v.expiresAt + 3600 <= now) codes.delete(k);
    for (const [k, v] of refreshTokens) if (v.expiresAt <= now) refreshTokens.delete(k);
  }

  return async function authority(req: EmulatorRequest): Promise<EmulatorResponse> {
    const segments = req.url.pathname.split("/").filter(Boolean);
    const [tenantRaw, ...rest] = segments;
    const route = rest.join("/");
    if (!tenantRaw) return notFound();
    const correlationId = req.url.searchParams.get("client-request-id") ?? req.headers["client-request-id"];
    const known = ROUTES.has(route);
    if (!known) return notFound();
    const seg = resolveTenant(tenantRaw);
    if (!seg) {
      const e = entraError(
        route.includes("well-known") || route.includes("keys") ? "invalid_tenant" : "invalid_request",
        90002,
        `Tenant '${tenantRaw}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      );
      return route.endsWith("authorize") ? htmlError(e) : entraErrorResponse(e, correlationId);
    }
    const origin = `${req.url.protocol}//${req.url.host}`;

    switch (route) {
      case "v2.0/.well-known/openid-configuration":
      case ".well-known/openid-configuration":
        return { status: 200, body: discoveryDocument(origin, seg, tenant.tenantId) };
      case "discovery/v2.0/keys":
      case "discovery/keys":
        return { status: 200, body: issuer.jwks() };
      case "oauth2/v2.0/token":
        return tokenEndpoint(req, seg, origin, correlationId);
      case "oauth2/v2.0/authorize":
        return authorizeEndpoint(req, seg);
      case "oauth2/v2.0/logout":
        return logoutEndpoint(req);
      default:
        return notFound();
    }
  };

  function tokenEndpoint(
    req: EmulatorRequest,
    seg: TenantSegment,
    origin: string,
    correlationId: string | undefined,
  ): EmulatorResponse {
    const fail = (e: EntraError) => entraErrorResponse(e, correlationId);
    if (req.method !== "POST") {
      return fail(
        entraError(
          "invalid_request",
          900561,
          `The endpoint only accepts POST, OPTIONS requests. Received a ${req.method} request.`,
        ),
      );
    }
    const form = new URLSearchParams(req.body.toString("utf8"));
    const basic = parseBasicAuth(req.headers.authorization);
    const grantType = form.get("grant_type");
    if (!grantType) return fail(missing("grant_type"));
    if (grantType !== "client_credentials" && grantType !== "authorization_code" && grantType !== "refresh_token") {
      return fail(
        entraError("unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType}'.`),
      );
    }
    const clientId = form.get("client_id") ?? basic?.clientId;
    if (!clientId) return fail(missing("client_id"));
    const app = tenant.findApplication(clientId);
    if (!app) return fail(appNotFound(clientId, tenant.tenantId));
    if (seg.kind !== "tenant") {
      if (grantType === "client_credentials") {
        return fail(
          entraError(
            "invalid_request",
            9001023,
            "The grant type isn't supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.",
          ),
        );
      }
      if (!app.multiTenant) return fail(notMultiTenant(app));
    }
    const auth = authenticateClient(
      app,
      {
        clientSecret: form.get("client_secret") ?? basic?.clientSecret,
        clientAssertion: form.get("client_assertion") ?? undefined,
        clientAssertionType: form.get("client_assertion_type") ?? undefined,
      },
      {
        tokenEndpoints: [`${origin}/${seg.raw}/oauth2/v2.0/token`, `${origin}/${tenant.tenantId}/oauth2/v2.0/token`],
        nowSeconds: issuer.now(),
        requireCredential: grantType === "client_credentials",
      },
    );
    if (!auth.ok) return fail(auth.error);

    const result =
      grantType === "client_credentials"
        ? clientCredentials(app, form.get("scope"))
        : grantType === "authorization_code"
          ? redeemCode(app, form)
          : redeemRefreshToken(app, form);
    if ("error" in result) return fail(result.error);
    return { status: 200, headers: noStore(), body: result.body };
  }

  function clientCredentials(app: AuthorityApplication, scope: string | null): GrantOutcome {
    if (!scope) return { error: missing("scope") };
    const requested = scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
    const defaults = requested.filter((s) => s.endsWith("/.default"));
    if (defaults.length > 1) {
      return {
        error: entraError(
          "invalid_scope",
          28000,
          `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`,
        ),
      };
    }
    if (requested.length !== 1 || defaults.length !== 1) {
      return {
        error: entraError(
          "invalid_scope",
          1002012,
          `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        ),
      };
    }
    const resource = (defaults[0] as string).slice(0, -"/.default".length);
    const accessToken = issuer.sign(appTokenClaims(app), { audience: resource, lifetimeSeconds: accessLifetime });
    return {
      body: {
        token_type: "Bearer",
        expires_in: accessLifetime,
        ext_expires_in: accessLifetime,
        access_token: accessToken,
      },
    };
  }

  function redeemCode(app: AuthorityApplication, form: URLSearchParams): GrantOutcome {
    const code = form.get("code");
    if (!code) return { error: missing("code") };
    const redirectUri = form.get("redirect_uri");
    if (!redirectUri) return { error: missing("redirect_uri") };
    const issued = codes.get(code);
    if (!issued)
      return { error: entraError("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.") };
    if (issued.clientId !== app.appId)
      return { error: entraError("invalid_grant", 70000, "Provided grant is invalid or malformed.") };
    if (issued.redeemed) {
      return {
        error: entraError(
          "invalid_grant",
          54005,
          "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
        ),
      };
    }
    // A code that reached the token endpoint is spent, so a stolen one cannot be retried against PKCE.
    issued.redeemed = true;
    if (issued.expiresAt <= issuer.now()) {
      return {
        error: entraError(
          "invalid_grant",
          70008,
          "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
        ),
      };
    }
    if (redirectUri !== issued.redirectUri) {
      return {
        error: entraError(
          "invalid_grant",
          500112,
          `The reply address '${redirectUri}' does not match the reply address '${issued.redirectUri}' provided when requesting Authorization code.`,
        ),
      };
    }
    const verifier = form.get("code_verifier");
    if (!verifier || createHash("sha256").update(verifier, "ascii").digest("base64url") !== issued.codeChallenge) {
      return {
        error: entraError(
          "invalid_grant",
          501481,
          "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
        ),
      };
    }
    const user = tenant.users().find((u) => u.id === issued.userId);
    if (!user)
      return { error: entraError("invalid_grant", 50034, "The user account does not exist in the directory.") };
    return userTokens(app, user, issued.scopes, issued.nonce);
  }

  function redeemRefreshToken(app: AuthorityApplication, form: URLSearchParams): GrantOutcome {
    const token = form.get("refresh_token");
    if (!token) return { error: missing("refresh_token") };
    const grant = refreshTokens.get(token);
    if (!grant)
      return { error: entraError("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.") };
    if (grant.clientId !== app.appId)
      return { error: entraError("invalid_grant", 70000, "Provided grant is invalid or malformed.") };
    refreshTokens.delete(token);
    if (grant.expiresAt <= issuer.now()) {
      return { error: entraError("invalid_grant", 700082, "The refresh token has expired due to inactivity.") };
    }
    // Roles are re-read from the directory, so a role removed since sign-in is gone from the new tokens.
    const user = tenant.users().find((u) => u.id === grant.userId);
    if (!user)
      return { error: entraError("invalid_grant", 50034, "The user account does not exist in the directory.") };
    const scope = form.get("scope");
    const scopes = scope ? scope.split(/\s+/).filter(Boolean) : grant.scopes;
    // The refresh token was the client's to keep: its replacement is issued even if offline_access is not re-asked.
    if (grant.scopes.includes("offline_access") && !scopes.includes("offline_access")) scopes.push("offline_access");
    return userTokens(app, user, scopes, undefined);
  }

  function userTokens(
    app: AuthorityApplication,
    user: AuthorityUser,
    scopes: string[],
    nonce: string | undefined,
  ): GrantOutcome {
    const { resource, delegated } = delegatedResource(scopes);
    const ownApi = resource === app.appId || resource === `api://${app.appId}`;
    const claims: JsonObject = { ...userTokenClaims(user, app.appId), scp: delegated.join(" ") || "openid" };
    // Roles assigned to a user are roles *of this app*: they belong in tokens for the app, not for Graph.
    if (!ownApi) delete claims.roles;
    const accessToken = issuer.sign(claims, { audience: resource, lifetimeSeconds: accessLifetime });
    const oidc = scopes.filter((s) => OIDC_SCOPES.has(s));
    const body: JsonObject = {
      token_type: "Bearer",
      scope: [...delegated.map((s) => (resource === GRAPH_RESOURCE ? s : `${resource}/${s}`)), ...oidc].join(" "),
      expires_in: accessLifetime,
      ext_expires_in: accessLifetime,
      access_token: accessToken,
      client_info: Buffer.from(JSON.stringify({ uid: user.id, utid: tenant.tenantId })).toString("base64url"),
    };
    if (oidc.includes("openid")) {
      const { azp: _azp, appid: _appid, idtyp: _idtyp, ...idClaims } = userTokenClaims(user, app.appId);
      body.id_token = issuer.sign(nonce === undefined ? idClaims : { ...idClaims, nonce }, {
        audience: app.appId,
        lifetimeSeconds: accessLifetime,
      });
    }
    if (oidc.includes("offline_access")) {
      const refreshToken = opaqueToken();
      refreshTokens.set(refreshToken, {
        clientId: app.appId,
        userId: user.id,
        scopes,
        expiresAt: issuer.now() + refreshLifetime,
      });
      body.refresh_token = refreshToken;
    }
    return { body };
  }

  async function authorizeEndpoint(req: EmulatorRequest, seg: TenantSegment): Promise<EmulatorResponse> {
    const params = new URLSearchParams(req.url.search);
    if (req.method === "POST") {
      for (const [k, v] of new URLSearchParams(req.body.toString("utf8"))) params.set(k, v);
    } else if (req.method !== "GET") {
      return htmlError(
        entraError(
          "invalid_request",
          900561,
          `The endpoint only accepts GET, POST requests. Received a ${req.method} request.`,
        ),
      );
    }
    const checked = validateAuthorizeRequest(params, seg);
    if (!checked.ok) return checked.response;
    const { app, redirectUri, responseMode, state } = checked;
    const userId = req.method === "POST" ? params.get("user_id") : null;
    if (!userId) {
      const hiddenFields: Record<string, string> = {};
      for (const name of AUTHORIZE_PARAMS) {
        const value = params.get(name);
        if (value !== null) hiddenFields[name] = value;
      }
      const html = renderSignInPage({
        action: req.url.pathname,
        applicationName: app.displayName,
        hiddenFields,
        users: tenant.users(),
      });
      return { status: 200, headers: htmlHeaders("form-action 'self'"), body: html };
    }
    const user = tenant.users().find((u) => u.id === userId);
    if (!user)
      return htmlError(entraError("invalid_request", 50034, "The user account does not exist in the directory."));
    purgeExpired();
    const code = opaqueToken();
    codes.set(code, {
      clientId: app.appId,
      redirectUri,
      codeChallenge: checked.codeChallenge,
      nonce: params.get("nonce") ?? undefined,
      userId: user.id,
      scopes: checked.scopes,
      expiresAt: issuer.now() + CODE_LIFETIME_SECONDS,
      redeemed: false,
    });
    const fields: Record<string, string> = { code };
    if (state !== undefined) fields.state = state;
    return deliver(redirectUri, responseMode, fields);
  }

  type AuthorizeCheck =
    | {
        ok: true;
        app: AuthorityApplication;
        redirectUri: string;
        responseMode: string;
        state: string | undefined;
        scopes: string[];
        codeChallenge: string;
      }
    | { ok: false; response: EmulatorResponse };

  function validateAuthorizeRequest(params: URLSearchParams, seg: TenantSegment): AuthorizeCheck {
    const page = (e: EntraError): AuthorizeCheck => ({ ok: false, response: htmlError(e) });
    const clientId = params.get("client_id");
    if (!clientId) return page(missing("client_id"));
    const app = tenant.findApplication(clientId);
    if (!app) return page(appNotFound(clientId, tenant.tenantId));
    if (seg.kind !== "tenant" && !app.multiTenant) return page(notMultiTenant(app));
    const redirectUri = params.get("redirect_uri");
    if (!redirectUri) return page(entraError("invalid_request", 900971, "No reply address provided."));
    // Until the redirect URI is known to be registered, errors stay on this page: redirecting to an
    // unregistered address would make the authority an open redirector.
    if (!app.redirectUris.includes(redirectUri)) {
      return page(
        entraError(
          "invalid_request",
          50011,
          `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${app.appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
        ),
      );
    }
    const responseMode = params.get("response_mode") ?? "query";
    if (!RESPONSE_MODES.has(responseMode)) {
      return page(
        entraError(
          "invalid_request",
          70007,
          `The app returned an unsupported value of response_mode '${responseMode}'.`,
        ),
      );
    }
    const state = params.get("state") ?? undefined;
    const back = (error: string, code: number, message: string): AuthorizeCheck => {
      const fields: Record<string, string> = {
        error,
        error_description: entraErrorBody(entraError("invalid_request", code, message), undefined).error_description,
      };
      if (state !== undefined) fields.state = state;
      return { ok: false, response: deliver(redirectUri, responseMode, fields) };
    };
    const responseType = params.get("response_type");
    if (responseType !== "code") {
      return back(
        "unsupported_response_type",
        70005,
        `The provided value for the input parameter 'response_type' is not allowed for this request. Expected value is 'code'.`,
      );
    }
    const scope = params.get("scope");
    if (!scope)
      return back("invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
    const codeChallenge = params.get("code_challenge");
    // Entra makes PKCE optional for web apps; the emulator insists because the product must always send it.
    if (!codeChallenge)
      return back(
        "invalid_request",
        900144,
        "The request body must contain the following parameter: 'code_challenge'.",
      );
    const method = params.get("code_challenge_method");
    if (method !== "S256") {
      return back(
        "invalid_request",
        9002313,
        `Invalid request. The code_challenge_method '${method ?? "plain"}' is not supported; use 'S256'.`,
      );
    }
    if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) {
      return back(
        "invalid_request",
        9002313,
        "Invalid request. The code_challenge is not a base64url-encoded SHA-256 digest.",
      );
    }
    if (params.get("prompt") === "none") {
      return back("login_required", 50058, "A silent sign-in request was sent but no user is signed in.");
    }
    return {
      ok: true,
      app,
      redirectUri,
      responseMode,
      state,
      scopes: scope.split(/\s+/).filter(Boolean),
      codeChallenge,
    };
  }

  function logoutEndpoint(req: EmulatorRequest): EmulatorResponse {
    const target = req.url.searchParams.get("post_logout_redirect_uri");
    const clientId = req.url.searchParams.get("client_id");
    const state = req.url.searchParams.get("state");
    if (target && logoutTargetAllowed(target, clientId)) {
      const url = new URL(target);
      if (state) url.searchParams.set("state", state);
      return { status: 302, headers: { location: url.toString(), "cache-control": "no-store" } };
    }
    return { status: 200, headers: htmlHeaders(), body: renderSignedOutPage() };
  }

  function logoutTargetAllowed(target: string, clientId: string | null): boolean {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return false;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    const app = clientId ? tenant.findApplication(clientId) : undefined;
    if (app) return app.redirectUris.some((r) => sameOrigin(r, url));
    // Without a client to check against, only loopback targets: the emulator serves local apps, and
    // anything else would be an open redirect.
    return ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  }
}

const ROUTES = new Set([
  "v2.0/.well-known/openid-configuration",
  ".well-known/openid-configuration",
  "discovery/v2.0/keys",
  "discovery/keys",
  "oauth2/v2.0/token",
  "oauth2/v2.0/authorize",
  "oauth2/v2.0/logout",
]);

const AUTHORIZE_PARAMS = [
  "client_id",
  "redirect_uri",
  "response_type",
  "response_mode",
  "scope",
  "state",
  "nonce",
  "code_challenge",
  "code_challenge_method",
  "login_hint",
  "client-request-id",
] as const;

function discoveryDocument(origin: string, seg: TenantSegment, tenantId: string): JsonObject {
  const base = `${origin}/${seg.raw}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    // Like Entra, the multi-tenant documents name a placeholder; tokens always carry the real tenant.
    issuer: `${origin}/${seg.kind === "tenant" ? tenantId : "{tenantid}"}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    code_challenge_methods_supported: ["S256"],
    claims_supported: [
      "sub",
      "iss",
      "aud",
      "exp",
      "iat",
      "nbf",
      "auth_time",
      "nonce",
      "preferred_username",
      "name",
      "tid",
      "ver",
      "oid",
      "roles",
    ],
    tenant_region_scope: null,
    cloud_instance_name: "microsoftonline.com",
  };
}

/** Splits scopes into one resource and its permission names, as Entra does for a single-resource request. */
function delegatedResource(scopes: string[]): { resource: string; delegated: string[] } {
  const named = scopes.filter((s) => !OIDC_SCOPES.has(s));
  const qualified = named.find((s) => s.includes("/"));
  if (!qualified) return { resource: GRAPH_RESOURCE, delegated: named };
  const resource = qualified.slice(0, qualified.lastIndexOf("/"));
  const delegated = named
    .filter((s) => s.startsWith(`${resource}/`))
    .map((s) => s.slice(resource.length + 1))
    .filter((s) => s !== ".default");
  return { resource, delegated };
}

function deliver(redirectUri: string, responseMode: string, fields: Record<string, string>): EmulatorResponse {
  if (responseMode === "form_post") {
    const html = renderFormPost(redirectUri, fields);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    const hash = createHash("sha256").update(script).digest("base64");
    return { status: 200, headers: htmlHeaders(`script-src 'sha256-${hash}'`), body: html };
  }
  const url = new URL(redirectUri);
  const encoded = new URLSearchParams(fields).toString();
  const location =
    responseMode === "fragment"
      ? `${url.toString().split("#")[0]}#${encoded}`
      : (() => {
          for (const [k, v] of Object.entries(fields)) url.searchParams.set(k, v);
          return url.toString();
        })();
  return { status: 302, headers: { location, "cache-control": "no-store" } };
}

function htmlHeaders(extraCsp?: string): Record<string, string> {
  const csp = ["default-src 'none'", "style-src 'unsafe-inline'", "frame-ancestors 'none'", extraCsp]
    .filter(Boolean)
    .join("; ");
  return {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": csp,
    "x-frame-options": "DENY",
  };
}

function htmlError(e: EntraError): EmulatorResponse {
  return { status: 400, headers: htmlHeaders(), body: renderErrorPage(e.code, e.message) };
}

function notFound(): EmulatorResponse {
  return { status: 404, headers: { "content-type": "text/plain; charset=utf-8" }, body: "Not found" };
}

function missing(name: string): EntraError {
  return entraError("invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`);
}

function appNotFound(clientId: string, tenantId: string): EntraError {
  return entraError(
    "unauthorized_client",
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  );
}

function notMultiTenant(app: AuthorityApplication): EntraError {
  return entraError(
    "invalid_request",
    50194,
    `Application '${app.appId}'(${app.displayName}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.`,
  );
}

function parseBasicAuth(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  if (!header?.toLowerCase().startsWith("basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " ")),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " ")),
    };
  } catch {
    return undefined;
  }
}

function sameOrigin(a: string, b: URL): boolean {
  try {
    return new URL(a).origin === b.origin;
  } catch {
    return false;
  }
}

function opaqueToken(): string {
  return randomBytes(48).toString("base64url");
}
