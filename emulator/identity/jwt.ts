// Compact JWS encoding and decoding shared by the token issuer and client-assertion checks.
import { constants, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from "node:crypto";

export type JsonObject = Record<string, unknown>;

export interface DecodedJwt {
  header: JsonObject;
  payload: JsonObject;
  /** `base64url(header).base64url(payload)`, the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

export function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString("base64url");
}

export function encodeRs256(header: JsonObject, payload: JsonObject, privateKey: KeyObject): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = cryptoSign("sha256", Buffer.from(signingInput), privateKey);
  return `${signingInput}.${base64url(signature)}`;
}

/** Splits and parses a compact JWS without trusting anything in it. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const b64url = /^[A-Za-z0-9_-]*$/;
  if (!b64url.test(h) || !b64url.test(p) || !b64url.test(s)) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
    const payload: unknown = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
    if (!isObject(header) || !isObject(payload)) return undefined;
    return { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, "base64url") };
  } catch {
    return undefined;
  }
}

/**
 * Checks an RSA signature for the algorithms Entra accepts on client assertions. Anything else
 * (`none`, HMAC, EC) is refused here rather than by the caller so no path can forget it.
 */
export function verifyRsaSignature(
  jwt: DecodedJwt,
  publicKey: KeyObject,
  allowed: readonly ("RS256" | "PS256")[],
): boolean {
  const alg = jwt.header.alg;
  if (alg !== "RS256" && alg !== "PS256") return false;
  if (!allowed.includes(alg)) return false;
  if (publicKey.asymmetricKeyType !== "rsa") return false;
  const data = Buffer.from(jwt.signingInput);
  if (alg === "RS256") return cryptoVerify("sha256", data, publicKey, jwt.signature);
  return cryptoVerify(
    "sha256",
    data,
    { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
    jwt.signature,
  );
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
