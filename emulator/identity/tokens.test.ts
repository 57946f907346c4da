import { createHmac, createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base64url, decodeJwt, encodeRs256 } from "./jwt";
import { appTokenClaims, createTokenIssuer, userTokenClaims } from "./tokens";

const tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const loginBaseUrl = "https://localhost:8443";
const graph = "https://graph.microsoft.com";

function clockAt(start: number) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

function payloadOf(token: string) {
  const jwt = decodeJwt(token);
  if (!jwt) throw new Error("not a JWT");
  return jwt;
}

function reasonOf(result: { ok: boolean; reason?: string }) {
  return result.ok ? "accepted" : result.reason;
}

describe("createTokenIssuer", () => {
  const clock = clockAt(1_800_000_000);
  const issuer = createTokenIssuer({ tenantId, loginBaseUrl: `${loginBaseUrl}/`, now: clock.now });
  const app = {
    appId: "11111111-1111-1111-1111-111111111111",
    objectId: "22222222-2222-2222-2222-222222222222",
    roles: ["Application.Read.All"],
  };

  it("issues v2 RS256 tokens whose key is published in the JWKS", () => {
    const token = issuer.sign(appTokenClaims(app), { audience: graph, lifetimeSeconds: 600 });
    const { header, payload } = payloadOf(token);
    expect(header).toEqual({ typ: "JWT", alg: "RS256", kid: issuer.keyId });
    expect(payload).toMatchObject({
      iss: `${loginBaseUrl}/${tenantId}/v2.0`,
      aud: graph,
      tid: tenantId,
      oid: app.objectId,
      sub: app.objectId,
      azp: app.appId,
      appid: app.appId,
      idtyp: "app",
      roles: ["Application.Read.All"],
      iat: clock.t,
      nbf: clock.t,
      exp: clock.t + 600,
      ver: "2.0",
    });
    const [jwk] = issuer.jwks().keys;
    expect(jwk?.kid).toBe(issuer.keyId);
    // Any standard validator can check the signature from the published key alone.
    const key = createPublicKey({ key: { kty: "RSA", n: jwk?.n, e: jwk?.e }, format: "jwk" });
    const [h, p, s] = token.split(".") as [string, string, string];
    expect(verify("sha256", Buffer.from(`${h}.${p}`), key, Buffer.from(s, "base64url"))).toBe(true);
  });

  it("accepts its own token for an allowed audience and returns the claims", () => {
    const token = issuer.sign(appTokenClaims(app), { audience: graph });
    const result = issuer.verify(token, { audiences: ["https://management.azure.com", graph] });
    expect(result.ok && result.claims.oid).toBe(app.objectId);
  });

  it("gives user tokens a name, a username and a subject that differs per application", () => {
    const user = {
      id: "33333333-3333-3333-3333-333333333333",
      userPrincipalName: "ada@contoso.test",
      displayName: "Ada",
      roles: ["Steward.Admin"],
    };
    const a = payloadOf(issuer.sign(userTokenClaims(user, "client-a"), { audience: "client-a" })).payload;
    const b = payloadOf(issuer.sign(userTokenClaims(user, "client-b"), { audience: "client-b" })).payload;
    expect(a).toMatchObject({
      oid: user.id,
      name: "Ada",
      preferred_username: "ada@contoso.test",
      roles: ["Steward.Admin"],
    });
    expect(a.idtyp).not.toBe("app");
    expect(a.sub).not.toBe(b.sub);
    expect(a.sub).not.toBe(user.id);
  });

  describe("verify rejects", () => {
    const good = () => issuer.sign(appTokenClaims(app), { audience: graph });

    it("a tampered payload (bad signature)", () => {
      const [h, , s] = good().split(".") as [string, string, string];
      const forged = base64url(JSON.stringify({ ...payloadOf(good()).payload, roles: ["Directory.ReadWrite.All"] }));
      expect(reasonOf(issuer.verify(`${h}.${forged}.${s}`, { audiences: [graph] }))).toBe("bad signature");
    });

    it("a token signed by another key that claims our kid", () => {
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const token = encodeRs256({ alg: "RS256", kid: issuer.keyId }, payloadOf(good()).payload, privateKey);
      expect(reasonOf(issuer.verify(token, { audiences: [graph] }))).toBe("bad signature");
    });

    it("a token from another issuer (unknown kid)", () => {
      const other = createTokenIssuer({ tenantId, loginBaseUrl, now: clock.now });
      const token = other.sign(appTokenClaims(app), { audience: graph });
      expect(reasonOf(issuer.verify(token, { audiences: [graph] }))).toMatch(/unknown signing key/);
    });

    it("alg none", () => {
      const payload = payloadOf(good()).payload;
      const token = `${base64url(JSON.stringify({ alg: "none", kid: issuer.keyId }))}.${base64url(JSON.stringify(payload))}.`;
      expect(reasonOf(issuer.verify(token, { audiences: [graph] }))).toMatch(/algorithm "none"/);
    });

    it("HS256 keyed with the public key", () => {
      const payload = payloadOf(good()).payload;
      const input = `${base64url(JSON.stringify({ alg: "HS256", kid: issuer.keyId }))}.${base64url(JSON.stringify(payload))}`;
      const publicPem = createPublicKey({ key: { kty: "RSA", n: issuer.jwks().keys[0]?.n, e: "AQAB" }, format: "jwk" })
        .export({ type: "spki", format: "pem" })
        .toString();
      const mac = createHmac("sha256", publicPem).update(input).digest();
      expect(reasonOf(issuer.verify(`${input}.${base64url(mac)}`, { audiences: [graph] }))).toMatch(
        /algorithm "HS256"/,
      );
    });

    it("an expired token", () => {
      const token = issuer.sign(appTokenClaims(app), { audience: graph, lifetimeSeconds: 60 });
      clock.t += 60;
      try {
        expect(reasonOf(issuer.verify(token, { audiences: [graph] }))).toBe("token expired");
      } finally {
        clock.t -= 60;
      }
      expect(issuer.verify(token, { audiences: [graph] }).ok).toBe(true);
    });

    it("a token that is not valid yet", () => {
      const token = issuer.sign({ ...appTokenClaims(app), nbf: clock.t + 30 }, { audience: graph });
      expect(reasonOf(issuer.verify(token, { audiences: [graph] }))).toBe("token not yet valid");
    });

    it("a token without exp", () => {
      const token = issuer.sign({ ...appTokenClaims(app), exp: undefined }, { audience: graph });
      expect(reasonOf(issuer.verify(token, { audiences: [graph] }))).toBe("missing exp");
    });

    it("a wrong issuer", () => {
      const token = issuer.sign(
        { ...appTokenClaims(app), iss: `https://login.microsoftonline.com/${tenantId}/v2.0` },
        { audience: graph },
      );
      expect(reasonOf(issuer.verify(token, { audiences: [graph] }))).toMatch(/wrong issuer/);
    });

    it("a wrong audience", () => {
      const token = issuer.sign(appTokenClaims(app), { audience: "https://management.azure.com" });
      expect(reasonOf(issuer.verify(token, { audiences: [graph] }))).toMatch(/wrong audience/);
    });

    it("a tid that is not the tenant's", () => {
      const token = issuer.sign(
        { ...appTokenClaims(app), tid: "00000000-0000-0000-0000-000000000001" },
        { audience: graph },
      );
      expect(reasonOf(issuer.verify(token, { audiences: [graph] }))).toMatch(/tenant mismatch/);
    });

    it("an audience list, even one that contains an allowed audience", () => {
      const token = issuer.sign({ ...appTokenClaims(app), aud: [graph, "https://evil.example"] }, { audience: graph });
      expect(reasonOf(issuer.verify(token, { audiences: [graph] }))).toMatch(/wrong audience/);
    });

    it("claims of the wrong type", () => {
      const roles = issuer.sign({ ...appTokenClaims(app), roles: "Directory.ReadWrite.All" }, { audience: graph });
      expect(reasonOf(issuer.verify(roles, { audiences: [graph] }))).toBe("malformed roles claim");
      const oid = issuer.sign({ ...appTokenClaims(app), oid: 42 }, { audience: graph });
      expect(reasonOf(issuer.verify(oid, { audiences: [graph] }))).toBe("malformed oid claim");
    });

    it("garbage", () => {
      expect(reasonOf(issuer.verify("not.a.jwt", { audiences: [graph] }))).toBe("malformed token");
      expect(reasonOf(issuer.verify("", { audiences: [graph] }))).toBe("malformed token");
    });
  });

  it("keeps tokens valid across restarts when given the same signing key", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const a = createTokenIssuer({ tenantId, loginBaseUrl, signingKeyPem: pem });
    const b = createTokenIssuer({ tenantId, loginBaseUrl, signingKeyPem: pem });
    expect(b.verify(a.sign(appTokenClaims(app), { audience: graph }), { audiences: [graph] }).ok).toBe(true);
  });
});
