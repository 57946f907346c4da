// Self-signed client certificates for client-assertion tests, as `az ad app credential reset --create-cert` makes.
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

export interface ClientCertificate {
  certPem: string;
  privateKeyPem: string;
  /** Hex SHA-256 of the DER certificate, what MSAL's `clientCertificate.thumbprintSha256` wants. */
  thumbprintSha256Hex: string;
  /** Hex SHA-1 thumbprint, the legacy `x5t`. */
  thumbprintSha1Hex: string;
}

export function createClientCertificate(options: { commonName?: string; notAfter?: Date } = {}): ClientCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  cert.serialNumber = "0" + randomBytes(8).toString("hex").slice(1);
  const notAfter = options.notAfter ?? new Date(Date.now() + 365 * 86_400_000);
  cert.validity.notBefore = new Date(Math.min(Date.now(), notAfter.getTime()) - 86_400_000);
  cert.validity.notAfter = notAfter;
  const subject = [{ name: "commonName", value: options.commonName ?? "steward-client" }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(
    forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }).toString()),
    forge.md.sha256.create(),
  );
  const certPem = forge.pki.certificateToPem(cert);
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), "binary");
  return {
    certPem,
    privateKeyPem,
    thumbprintSha256Hex: createHash("sha256").update(der).digest("hex"),
    thumbprintSha1Hex: createHash("sha1").update(der).digest("hex"),
  };
}
