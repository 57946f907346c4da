// Managed-identity token endpoints: App Service (IDENTITY_ENDPOINT/IDENTITY_HEADER) and the VM's IMDS.
import { randomUUID, timingSafeEqual, createHash } from "node:crypto";
import { type EmulatorRequest, type EmulatorResponse, type Handler } from "../http";
import { DEFAULT_LIFETIME_SECONDS, managedIdentityTokenClaims, type TokenIssuer } from "./tokens";
import { type AuthorityManagedIdentity, type AuthorityTenant } from "./types";

export interface ManagedIdentityHandlerOptions {
  issuer: TokenIssuer;
  tenant: AuthorityTenant;
  /** The App Service secret: what the host puts in IDENTITY_HEADER and expects back in X-IDENTITY-HEADER. */
  identityHeader: string;
  lifetimeSeconds?: number;
}

export const APP_SERVICE_PATH = "/msi/token";
export const IMDS_PATH = "/metadata/identity/oauth2/token";
const APP_SERVICE_API_VERSION = "2019-08-01";
const IMDS_MIN_API_VERSION = "2018-02-01";

type IdQuery = { clientId?: string; objectId?: string; resourceId?: string } | "system";

export function createManagedIdentityHandler(options: ManagedIdentityHandlerOptions): Handler {
  const { issuer, tenant } = options;
  const lifetime = options.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
  const expectedSecret = digest(options.identityHeader);

  return function managedIdentity(req: EmulatorRequest): EmulatorResponse {
    const path = req.url.pathname;
    // MSAL canonicalises AZURE_POD_IDENTITY_AUTHORITY_HOST with a trailing slash, so IMDS is asked for both.
    if (path === IMDS_PATH || path === `${IMDS_PATH}/`) return imds(req);
    if (path === APP_SERVICE_PATH) return appService(req);
    return { status: 404, body: { error: "not_found", error_description: `No managed-identity endpoint at ${path}.` } };
  };

  function appService(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== "GET") return methodNotAllowed();
    const presented = req.headers["x-identity-header"];
    if (presented === undefined || !timingSafeEqual(digest(presented), expectedSecret)) {
      // The secret is what proves the caller runs inside the app, so without it nothing else is considered.
      // App Service answers 401 here (Azure/azure-sdk-for-js#11595); the body's exact text is not documented.
      return {
        status: 401,
        body: {
          statusCode: 401,
          message: "Unauthorized: the X-IDENTITY-HEADER header is missing or invalid.",
          correlationId: randomUUID(),
        },
      };
    }
    const q = req.url.searchParams;
    if (q.get("api-version") !== APP_SERVICE_API_VERSION) {
      return badRequest(
        "invalid_request",
        `The api-version '${q.get("api-version") ?? ""}' is not supported; use ${APP_SERVICE_API_VERSION}.`,
      );
    }
    const ids = idQuery({
      clientId: q.get("client_id"),
      objectId: q.get("object_id") ?? q.get("principal_id"),
      resourceId: q.get("mi_res_id"),
    });
    if ("error" in ids) return ids.error;
    const issued = issue(q.get("resource"), ids.query);
    if ("error" in issued) return issued.error;
    return {
      status: 200,
      body: {
        access_token: issued.token,
        expires_on: String(issued.expiresOn),
        resource: issued.resource,
        token_type: "Bearer",
        client_id: issued.identity.appId,
      },
    };
  }

  function imds(req: EmulatorRequest): EmulatorResponse {
    if (req.method !== "GET") return methodNotAllowed();
    // IMDS demands exactly `Metadata: true`: a request forged through SSRF rarely controls its headers.
    if (req.headers.metadata !== "true") return badRequest("bad_request_102", "Required metadata header not specified");
    const q = req.url.searchParams;
    const apiVersion = q.get("api-version");
    if (!apiVersion || !/^\d{4}-\d\d-\d\d$/.test(apiVersion) || apiVersion < IMDS_MIN_API_VERSION) {
      return badRequest(
        "invalid_request",
        apiVersion ? `Invalid api-version '${apiVersion}'.` : "Required query variable 'api-version' is missing.",
      );
    }
    const ids = idQuery({
      clientId: q.get("client_id"),
      objectId: q.get("object_id"),
      resourceId: q.get("msi_res_id"),
    });
    if ("error" in ids) return ids.error;
    const issued = issue(q.get("resource"), ids.query);
    if ("error" in issued) return issued.error;
    return {
      status: 200,
      body: {
        access_token: issued.token,
        refresh_token: "",
        expires_in: String(lifetime),
        expires_on: String(issued.expiresOn),
        not_before: String(issued.notBefore),
        resource: issued.resource,
        token_type: "Bearer",
        client_id: issued.identity.appId,
      },
    };
  }

  function issue(
    resourceParam: string | null,
    query: IdQuery,
  ):
    | { token: string; expiresOn: number; notBefore: number; resource: string; identity: AuthorityManagedIdentity }
    | { error: EmulatorResponse } {
    if (!resourceParam)
      return { error: badRequest("invalid_resource", "AADSTS50001: The 'resource' request parameter is missing.") };
    const identity = tenant.findManagedIdentity(query);
    if (!identity) return { error: badRequest("invalid_request", "Identity not found") };
    const audience = resourceParam.endsWith("/.default") ? resourceParam.slice(0, -"/.default".length) : resourceParam;
    const notBefore = issuer.now();
    const token = issuer.sign(managedIdentityTokenClaims(identity), { audience, lifetimeSeconds: lifetime });
    return { token, expiresOn: notBefore + lifetime, notBefore, resource: resourceParam, identity };
  }
}

function idQuery(raw: {
  clientId: string | null;
  objectId: string | null;
  resourceId: string | null;
}): { query: IdQuery } | { error: EmulatorResponse } {
  const given = Object.entries(raw).filter(([, v]) => v !== null && v !== "");
  if (given.length > 1) {
    return {
      error: badRequest("invalid_request", "Only one of client_id, object_id and the resource id may be specified."),
    };
  }
  if (given.length === 0) return { query: "system" };
  const [key, value] = given[0] as [keyof typeof raw, string];
  return { query: { [key]: value } };
}

function badRequest(error: string, description: string): EmulatorResponse {
  return { status: 400, body: { error, error_description: description } };
}

function methodNotAllowed(): EmulatorResponse {
  return {
    status: 405,
    headers: { allow: "GET" },
    body: { error: "invalid_request", error_description: "Only GET is supported." },
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
