// Authenticates the client at the token endpoint: client secret or a certificate-signed assertion.
import { X509Certificate, createHash, timingSafeEqual } from "node:crypto";
import { decodeJwt, verifyRsaSignature } from "./jwt";
import { entraError, type EntraError } from "./entra-errors";
import { type AuthorityApplication } from "./types";

export const JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export interface ClientCredentials {
  clientSecret?: string;
  clientAssertion?: string;
  clientAssertionType?: string;
}

export type ClientAuthResult = { ok: true; method: "secret" | "assertion" | "none" } | { ok: false; error: EntraError };

/**
 * @param tokenEndpoints URLs the assertion's `aud` may name: the token endpoint as this request
 *   addressed it, and the tenant-id form of it (what a client that read discovery for the tenant uses).
 * @param requireCredential false only for a public client redeeming a PKCE-protected code.
 */
export function authenticateClient(
  app: AuthorityApplication,
  creds: ClientCredentials,
  options: { tokenEndpoints: string[]; nowSeconds: number; requireCredential: boolean },
): ClientAuthResult {
  if (creds.clientSecret !== undefined && creds.clientAssertion !== undefined) {
    return fail(
      "invalid_request",
      9002313,
      "Invalid request. Request is malformed or invalid: both client_secret and client_assertion were sent.",
    );
  }
  if (creds.clientSecret !== undefined) return checkSecret(app, creds.clientSecret, options.nowSeconds);
  if (creds.clientAssertion !== undefined) {
    if (creds.clientAssertionType !== JWT_BEARER_ASSERTION) {
      return fail(
        "invalid_request",
        900144,
        "The request body must contain the following parameter: 'client_assertion_type'.",
      );
    }
    return checkAssertion(app, creds.clientAssertion, options);
  }
  if (options.requireCredential || isConfidential(app)) {
    return fail(
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  return { ok: true, method: "none" };
}

/** An app with any credential is a confidential client and must always authenticate. */
export function isConfidential(app: AuthorityApplication): boolean {
  return app.secrets.length > 0 || app.certificatesPem.length > 0;
}

function checkSecret(app: AuthorityApplication, secret: string, nowSeconds: number): ClientAuthResult {
  const presented = digest(secret);
  const match = app.secrets.find((s) => timingSafeEqual(digest(s.secretText), presented));
  if (!match) {
    return fail(
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
    );
  }
  if (Date.parse(match.endDateTime) / 1000 <= nowSeconds) {
    return fail(
      "invalid_client",
      7000222,
      `The provided client secret keys for app '${app.appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
    );
  }
  return { ok: true, method: "secret" };
}

function checkAssertion(
  app: AuthorityApplication,
  assertion: string,
  { tokenEndpoints, nowSeconds }: { tokenEndpoints: string[]; nowSeconds: number },
): ClientAuthResult {
  const jwt = decodeJwt(assertion);
  if (!jwt) return fail("invalid_client", 50027, "JWT token is invalid or malformed.");
  const x5tS256 = jwt.header["x5t#S256"];
  const x5t = jwt.header.x5t;
  const presentedThumbprint = typeof x5tS256 === "string" ? x5tS256 : typeof x5t === "string" ? x5t : undefined;
  if (!presentedThumbprint) {
    return fail(
      "invalid_client",
      700027,
      "Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '']",
    );
  }
  const cert = app.certificatesPem
    .map((pem) => safeCertificate(pem))
    .find((c) => c && (thumbprint(c, "sha256") === x5tS256 || thumbprint(c, "sha1") === x5t));
  if (!cert) {
    return fail(
      "invalid_client",
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${Buffer.from(presentedThumbprint, "base64url").toString("hex").toUpperCase()}']`,
    );
  }
  if (Date.parse(cert.validTo) / 1000 <= nowSeconds) {
    return fail(
      "invalid_client",
      700027,
      "Client assertion failed signature validation. [Reason - The certificate used to sign the assertion has expired.]",
    );
  }
  // Entra accepts RS256 and, from MSAL's SHA-256 thumbprint path, PS256.
  if (!verifyRsaSignature(jwt, cert.publicKey, ["RS256", "PS256"])) {
    return fail("invalid_client", 700027, "Client assertion failed signature validation.");
  }
  const c = jwt.payload;
  if (c.iss !== c.sub) return fail("invalid_client", 50048, "Subject mismatches Issuer claim in the client assertion.");
  if (c.iss !== app.appId) {
    return fail(
      "invalid_client",
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter.",
    );
  }
  const auds = Array.isArray(c.aud) ? c.aud : [c.aud];
  if (!auds.some((a) => typeof a === "string" && tokenEndpoints.includes(a))) {
    return fail(
      "invalid_client",
      50027,
      `Invalid JWT token. The audience ${JSON.stringify(c.aud)} is not the token endpoint.`,
    );
  }
  if (typeof c.exp !== "number" || c.exp <= nowSeconds || (typeof c.nbf === "number" && c.nbf > nowSeconds + 300)) {
    return fail("invalid_client", 700024, "Client assertion is not within its valid time range.");
  }
  return { ok: true, method: "assertion" };
}

function thumbprint(cert: X509Certificate, alg: "sha1" | "sha256"): string {
  return createHash(alg).update(cert.raw).digest("base64url");
}

function safeCertificate(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

function fail(error: Parameters<typeof entraError>[0], code: number, message: string): ClientAuthResult {
  return { ok: false, error: entraError(error, code, message) };
}
