// Signs and verifies the emulated tenant's RS256 access and ID tokens (Entra v2 claim set).
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  verify as cryptoVerify,
  type KeyObject,
} from "node:crypto";
import { base64url, decodeJwt, encodeRs256, type JsonObject } from "./jwt";
import { type AuthorityManagedIdentity, type AuthorityUser } from "./types";

export interface TokenIssuerOptions {
  tenantId: string;
  /** Scheme, host and port of the emulated authority, e.g. `https://localhost:8443` (no trailing slash). */
  loginBaseUrl: string;
  /** PKCS#1 or PKCS#8 PEM; given, tokens stay valid across emulator restarts. Otherwise a key is generated. */
  signingKeyPem?: string;
  /** Epoch seconds; injectable so expiry can be tested without waiting. */
  now?: () => number;
}

export interface SignOptions {
  audience: string;
  /** Entra's default access-token lifetime is 60–90 minutes; 3599 s matches its documented examples. */
  lifetimeSeconds?: number;
}

export interface Jwk {
  kty: "RSA";
  use: "sig";
  alg: "RS256";
  kid: string;
  n: string;
  e: string;
  issuer: string;
}

/** Claims of a verified token; the standard ones are checked, the rest typed as the issuer writes them. */
export type VerifiedClaims = JsonObject & {
  iss: string;
  aud: string;
  tid: string;
  exp: number;
  oid?: string;
  sub?: string;
  azp?: string;
  appid?: string;
  idtyp?: string;
  roles?: string[];
  scp?: string;
};

export type VerifyResult = { ok: true; claims: VerifiedClaims } | { ok: false; reason: string };

export interface TokenIssuer {
  /** `${loginBaseUrl}/${tenantId}/v2.0`, the exact `iss` of every token. */
  issuer: string;
  tenantId: string;
  loginBaseUrl: string;
  keyId: string;
  now(): number;
  /**
   * Adds `iss, aud, tid, iat, nbf, exp, ver, uti` to `claims`. Explicit claims win, so a test or a
   * fault can deliberately mint a token with odd values.
   */
  sign(claims: JsonObject, options: SignOptions): string;
  /**
   * Exact matching, as a resource's own validator does: list every audience spelling the emulated
   * service accepts (e.g. `https://management.azure.com` and `https://management.azure.com/`).
   */
  verify(token: string, options: { audiences: string[] }): VerifyResult;
  jwks(): { keys: Jwk[] };
}

export const DEFAULT_LIFETIME_SECONDS = 3599;

export function createTokenIssuer(options: TokenIssuerOptions): TokenIssuer {
  const loginBaseUrl = options.loginBaseUrl.replace(/\/+$/, "");
  const tenantId = options.tenantId;
  const issuer = `${loginBaseUrl}/${tenantId}/v2.0`;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const privateKey: KeyObject = options.signingKeyPem
    ? createPrivateKey(options.signingKeyPem)
    : generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  if (privateKey.asymmetricKeyType !== "rsa") throw new Error("The token signing key must be an RSA key.");
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: "jwk" });
  if (typeof jwk.n !== "string" || typeof jwk.e !== "string") throw new Error("Could not export the signing key.");
  const keyId = rfc7638Thumbprint(jwk.n, jwk.e);
  const publicJwk: Jwk = { kty: "RSA", use: "sig", alg: "RS256", kid: keyId, n: jwk.n, e: jwk.e, issuer };

  return {
    issuer,
    tenantId,
    loginBaseUrl,
    keyId,
    now,
    sign(claims, { audience, lifetimeSeconds = DEFAULT_LIFETIME_SECONDS }) {
      const iat = now();
      const payload: JsonObject = {
        aud: audience,
        iss: issuer,
        iat,
        nbf: iat,
        exp: iat + lifetimeSeconds,
        tid: tenantId,
        uti: base64url(randomBytes(16)),
        ver: "2.0",
        ...claims,
      };
      return encodeRs256({ typ: "JWT", alg: "RS256", kid: keyId }, payload, privateKey);
    },
    verify(token, { audiences }) {
      const jwt = decodeJwt(token);
      if (!jwt) return { ok: false, reason: "malformed token" };
      const alg = jwt.header.alg;
      // Only the algorithm we sign with: `none` and HS256 (keyed with the public key) are the classic forgeries.
      if (alg !== "RS256") return { ok: false, reason: `algorithm ${JSON.stringify(alg)} is not accepted` };
      if (jwt.header.kid !== keyId)
        return { ok: false, reason: `unknown signing key ${JSON.stringify(jwt.header.kid)}` };
      const signatureOk = verifyRs256(jwt.signingInput, jwt.signature, publicKey);
      if (!signatureOk) return { ok: false, reason: "bad signature" };
      const c = jwt.payload;
      const t = now();
      if (typeof c.exp !== "number") return { ok: false, reason: "missing exp" };
      if (t >= c.exp) return { ok: false, reason: "token expired" };
      if (c.nbf !== undefined && (typeof c.nbf !== "number" || t < c.nbf)) {
        return { ok: false, reason: "token not yet valid" };
      }
      if (c.iss !== issuer) return { ok: false, reason: `wrong issuer ${JSON.stringify(c.iss)}` };
      // Entra writes a single audience; an array is not something a resource should have to accept.
      if (typeof c.aud !== "string" || !audiences.includes(c.aud)) {
        return { ok: false, reason: `wrong audience ${JSON.stringify(c.aud)}` };
      }
      if (c.tid !== tenantId) return { ok: false, reason: `tenant mismatch: tid ${JSON.stringify(c.tid)}` };
      if (c.roles !== undefined && !(Array.isArray(c.roles) && c.roles.every((r) => typeof r === "string"))) {
        return { ok: false, reason: "malformed roles claim" };
      }
      for (const name of ["oid", "sub", "azp", "appid", "idtyp", "scp"] as const) {
        if (c[name] !== undefined && typeof c[name] !== "string")
          return { ok: false, reason: `malformed ${name} claim` };
      }
      return { ok: true, claims: c as VerifiedClaims };
    },
    jwks() {
      return { keys: [publicJwk] };
    },
  };
}

/** Claims of an app-only token for an app registration's service principal. */
export function appTokenClaims(app: { appId: string; objectId: string; roles: string[] }): JsonObject {
  return {
    oid: app.objectId,
    sub: app.objectId,
    // v2 tokens carry `azp`; `appid` is the v1 name that Azure resource providers still read.
    azp: app.appId,
    appid: app.appId,
    azpacr: "1",
    idtyp: "app",
    roles: [...app.roles],
  };
}

/** Claims of a managed identity's token; `xms_mirid` is how Entra names the identity's ARM resource. */
export function managedIdentityTokenClaims(mi: AuthorityManagedIdentity): JsonObject {
  return {
    oid: mi.objectId,
    sub: mi.objectId,
    azp: mi.appId,
    appid: mi.appId,
    azpacr: "2",
    idtyp: "app",
    roles: [...mi.roles],
    xms_mirid: mi.resourceId,
  };
}

/**
 * Claims of a token issued to a user through an application. `sub` is pairwise (it differs per
 * application, as in Entra), so consumers that key on it instead of `tid`+`oid` are caught.
 */
export function userTokenClaims(user: AuthorityUser, clientId: string): JsonObject {
  return {
    oid: user.id,
    sub: pairwiseSubject(user.id, clientId),
    azp: clientId,
    appid: clientId,
    idtyp: "user",
    name: user.displayName,
    preferred_username: user.userPrincipalName,
    roles: [...user.roles],
  };
}

export function pairwiseSubject(userId: string, clientId: string): string {
  return createHash("sha256").update(`${userId}:${clientId}`).digest("base64url").slice(0, 43);
}

function verifyRs256(signingInput: string, signature: Buffer, publicKey: KeyObject): boolean {
  try {
    return cryptoVerify("sha256", Buffer.from(signingInput), publicKey, signature);
  } catch {
    return false;
  }
}

function rfc7638Thumbprint(n: string, e: string): string {
  // Members in lexicographic order with no whitespace, as RFC 7638 §3 requires.
  return createHash("sha256").update(`{"e":"${e}","kty":"RSA","n":"${n}"}`).digest("base64url");
}
