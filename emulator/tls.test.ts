import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, request } from "node:https";
import { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ensureTlsMaterial, type TlsMaterial } from "./tls";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "steward-tls-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function serveOnce(material: TlsMaterial, fn: (port: number) => Promise<void>) {
  const server = createServer({ cert: material.certPem, key: material.keyPem }, (_req, res) => {
    res.end("hello over tls");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await fn((server.address() as AddressInfo).port);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function get(url: string, ca?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve(body));
    });
    req.on("error", reject);
    req.end();
  });
}

// Each generation signs two certificates in pure-JS RSA; under parallel test load that takes seconds.
describe("ensureTlsMaterial", { timeout: 30_000 }, () => {
  it("creates a CA and a server certificate for localhost, 127.0.0.1 and ::1", async () => {
    const m = await ensureTlsMaterial(dir);
    const ca = new X509Certificate(m.caCertPem);
    const cert = new X509Certificate(m.certPem);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkIP("::1")).toBe("::1");
    expect(cert.checkHost("example.com")).toBeUndefined();
    expect(cert.keyUsage).toContain("1.3.6.1.5.5.7.3.1");
    const days = (new Date(cert.validTo).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(360);
    expect(days).toBeLessThan(366);
    expect(await readFile(m.caCertPath, "utf8")).toBe(m.caCertPem);
  });

  it("keeps private keys readable by the owner only", async () => {
    await ensureTlsMaterial(dir);
    expect((await stat(join(dir, "ca.key"))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "server.key"))).mode & 0o777).toBe(0o600);
  });

  it("reuses the stored material on the next call", async () => {
    const first = await ensureTlsMaterial(dir);
    const second = await ensureTlsMaterial(dir);
    expect(second.caCertPem).toBe(first.caCertPem);
    expect(second.keyPem).toBe(first.keyPem);
  });

  it("regenerates when a file is missing or unparseable", async () => {
    const first = await ensureTlsMaterial(dir);
    await writeFile(join(dir, "server.crt"), "not a certificate");
    const second = await ensureTlsMaterial(dir);
    expect(second.certPem).not.toBe(first.certPem);
    expect(new X509Certificate(second.certPem).verify(new X509Certificate(second.caCertPem).publicKey)).toBe(true);

    await rm(join(dir, "ca.key"));
    const third = await ensureTlsMaterial(dir);
    expect(third.caCertPem).not.toBe(second.caCertPem);
  });

  it("regenerates when the stored certificates are about to expire", async () => {
    const first = await ensureTlsMaterial(dir);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 365 * 86_400_000);
      const second = await ensureTlsMaterial(dir);
      expect(second.caCertPem).not.toBe(first.caCertPem);
      expect(new Date(new X509Certificate(second.certPem).validTo).getTime()).toBeGreaterThan(
        Date.now() + 300 * 86_400_000,
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it("regenerates when the server certificate no longer matches the CA", async () => {
    const a = await ensureTlsMaterial(dir);
    const otherDir = await mkdtemp(join(tmpdir(), "steward-tls-other-"));
    try {
      const b = await ensureTlsMaterial(otherDir);
      await writeFile(join(dir, "server.crt"), b.certPem);
      await writeFile(join(dir, "server.key"), b.keyPem);
      const c = await ensureTlsMaterial(dir);
      expect(c.caCertPem).not.toBe(a.caCertPem);
      expect(new X509Certificate(c.certPem).verify(new X509Certificate(c.caCertPem).publicKey)).toBe(true);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it("is trusted by node:https when the CA is given, and rejected without it", async () => {
    const m = await ensureTlsMaterial(dir);
    await serveOnce(m, async (port) => {
      expect(await get(`https://localhost:${port}/`, m.caCertPem)).toBe("hello over tls");
      expect(await get(`https://127.0.0.1:${port}/`, m.caCertPem)).toBe("hello over tls");
      await expect(get(`https://localhost:${port}/`)).rejects.toThrow(/self-signed|unable to verify|certificate/i);
    });
  });
});
