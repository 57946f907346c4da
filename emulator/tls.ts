// Local CA and server certificate for the emulator's HTTPS listeners (Graph, ARM, the authority).
import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import forge from "node-forge";

export interface TlsMaterial {
  /** Point NODE_EXTRA_CA_CERTS here so Node clients (MSAL, the Graph client, fetch) trust the emulator. */
  caCertPath: string;
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

const FILES = {
  caCert: "ca.crt",
  caKey: "ca.key",
  cert: "server.crt",
  key: "server.key",
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const VALIDITY_DAYS = 365;
// Regenerate a little before expiry so a long-running demo does not cross the boundary mid-session.
const MIN_REMAINING_MS = DAY_MS;

/**
 * Returns the CA and server certificate stored in `dir`, creating them when they are missing,
 * unparseable, inconsistent with each other or close to expiry. The CA stays stable across runs so
 * a user only has to trust it once.
 */
export async function ensureTlsMaterial(dir: string): Promise<TlsMaterial> {
  const caCertPath = join(dir, FILES.caCert);
  const existing = await readExisting(dir);
  if (existing && isUsable(existing)) {
    return { caCertPath, caCertPem: existing.caCertPem, certPem: existing.certPem, keyPem: existing.keyPem };
  }
  const fresh = generate();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeAtomically(join(dir, FILES.caKey), fresh.caKeyPem, 0o600);
  await writeAtomically(join(dir, FILES.key), fresh.keyPem, 0o600);
  await writeAtomically(join(dir, FILES.cert), fresh.certPem, 0o644);
  await writeAtomically(caCertPath, fresh.caCertPem, 0o644);
  return { caCertPath, caCertPem: fresh.caCertPem, certPem: fresh.certPem, keyPem: fresh.keyPem };
}

interface StoredMaterial {
  caCertPem: string;
  caKeyPem: string;
  certPem: string;
  keyPem: string;
}

async function readExisting(dir: string): Promise<StoredMaterial | undefined> {
  try {
    const [caCertPem, caKeyPem, certPem, keyPem] = await Promise.all(
      [FILES.caCert, FILES.caKey, FILES.cert, FILES.key].map((f) => readFile(join(dir, f), "utf8")),
    );
    if (caCertPem === undefined || caKeyPem === undefined || certPem === undefined || keyPem === undefined) {
      return undefined;
    }
    return { caCertPem, caKeyPem, certPem, keyPem };
  } catch {
    return undefined;
  }
}

function isUsable(m: StoredMaterial): boolean {
  try {
    const ca = new X509Certificate(m.caCertPem);
    const cert = new X509Certificate(m.certPem);
    const minValidTo = Date.now() + MIN_REMAINING_MS;
    return (
      ca.ca &&
      !cert.ca &&
      new Date(ca.validTo).getTime() > minValidTo &&
      new Date(cert.validTo).getTime() > minValidTo &&
      new Date(cert.validFrom).getTime() <= Date.now() &&
      cert.verify(ca.publicKey) &&
      ca.checkPrivateKey(createPrivateKey(m.caKeyPem)) &&
      cert.checkPrivateKey(createPrivateKey(m.keyPem)) &&
      cert.checkHost("localhost") !== undefined &&
      cert.checkIP("127.0.0.1") !== undefined &&
      cert.checkIP("::1") !== undefined
    );
  } catch {
    return false;
  }
}

function generate(): StoredMaterial {
  const caKeys = rsaKeyPair();
  const serverKeys = rsaKeyPair();
  const now = new Date();
  // Backdate slightly so a client whose clock lags by a minute still accepts the certificate.
  const notBefore = new Date(now.getTime() - 5 * 60 * 1000);
  const notAfter = new Date(now.getTime() + VALIDITY_DAYS * DAY_MS);

  const caSubject = [
    { name: "commonName", value: "Identity Steward Emulator Local CA" },
    { name: "organizationName", value: "Identity Steward (local development only)" },
  ];
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.forgePublic;
  ca.serialNumber = serialNumber();
  ca.validity.notBefore = notBefore;
  ca.validity.notAfter = notAfter;
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: "basicConstraints", cA: true, critical: true, pathLenConstraint: 0 },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  ca.sign(caKeys.forgePrivate, forge.md.sha256.create());

  const server = forge.pki.createCertificate();
  server.publicKey = serverKeys.forgePublic;
  server.serialNumber = serialNumber();
  server.validity.notBefore = notBefore;
  server.validity.notAfter = notAfter;
  server.setSubject([{ name: "commonName", value: "localhost" }]);
  server.setIssuer(caSubject);
  server.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: [
        { type: 2, value: "localhost" },
        { type: 7, ip: "127.0.0.1" },
        { type: 7, ip: "::1" },
      ],
    },
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  server.sign(caKeys.forgePrivate, forge.md.sha256.create());

  return {
    caCertPem: forge.pki.certificateToPem(ca),
    caKeyPem: caKeys.privatePem,
    certPem: forge.pki.certificateToPem(server),
    keyPem: serverKeys.privatePem,
  };
}

function rsaKeyPair() {
  // node:crypto generates keys natively; forge's pure-JS generation takes seconds.
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const publicPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  return {
    privatePem,
    forgePrivate: forge.pki.privateKeyFromPem(privatePem),
    forgePublic: forge.pki.publicKeyFromPem(publicPem),
  };
}

function serialNumber(): string {
  // Positive 16-byte serial: a leading zero nibble keeps the DER integer from reading as negative.
  return "0" + randomBytes(16).toString("hex").slice(1);
}

async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  // Two emulators starting at once must never read a half-written key.
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(tmp, content, { mode });
  await chmod(tmp, mode);
  await rename(tmp, path);
}
