// How the sync proves who it is: MSAL Node, chosen from the environment in @azure/identity's
// order (secret, certificate, workload identity file, then managed identity). MSAL caches tokens
// in memory until shortly before they expire.
import "server-only";
import { createHash, X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import {
  ConfidentialClientApplication,
  LogLevel,
  ManagedIdentityApplication,
  type Configuration,
} from "@azure/msal-node";
import { AppError } from "../errors";
import type { Env } from "../env";
import type { Cloud } from "./clouds";

export type CredentialKind = "client-secret" | "client-certificate" | "workload-identity" | "managed-identity";

export interface TokenSource {
  kind: CredentialKind;
  /** For logs and the sync summary; never contains a secret. */
  description: string;
  /** An access token for `resource` (e.g. https://graph.microsoft.com). */
  getToken(resource: string, forceRefresh?: boolean): Promise<string>;
}

const logger = {
  piiLoggingEnabled: false,
  logLevel: LogLevel.Error,
  loggerCallback: (_level: LogLevel, message: string) => console.error(`[msal] ${message}`),
};

function required(env: Env, name: "AZURE_TENANT_ID" | "AZURE_CLIENT_ID", why: string): string {
  const value = env[name];
  if (!value) throw new AppError("config", `${name} is required ${why}`);
  return value;
}

function scopeOf(resource: string) {
  return `${resource.replace(/\/+$/, "")}/.default`;
}

function authError(kind: CredentialKind, error: unknown): AppError {
  const e = error as { errorCode?: string; errorMessage?: string; message?: string };
  const detail = e.errorMessage || e.message || String(error);
  return new AppError(
    "upstream",
    `Could not get a token (${kind}): ${e.errorCode ? `${e.errorCode}: ` : ""}${detail.split("\n")[0]}`,
    undefined,
    {
      cause: error,
    },
  );
}

/** Reads a PEM bundle holding one private key and the certificate it belongs to. */
export async function readClientCertificate(path: string) {
  let pem: string;
  try {
    pem = await readFile(path, "utf8");
  } catch (error) {
    throw new AppError("config", `AZURE_CLIENT_CERTIFICATE_PATH ${path} cannot be read: ${(error as Error).message}`);
  }
  const key = pem.match(/-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/)?.[0];
  const cert = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)?.[0];
  if (!key || !cert) {
    throw new AppError(
      "config",
      `AZURE_CLIENT_CERTIFICATE_PATH must be a PEM file holding the certificate and its private key`,
    );
  }
  const x509 = new X509Certificate(cert);
  return {
    privateKey: key,
    thumbprintSha256: createHash("sha256").update(x509.raw).digest("hex"),
    x5c: cert,
  };
}

function confidentialClient(
  env: Env,
  cloud: Cloud,
  credential: Pick<Configuration["auth"], "clientSecret" | "clientCertificate" | "clientAssertion">,
) {
  const tenantId = required(env, "AZURE_TENANT_ID", "to sign in as an application");
  const clientId = required(env, "AZURE_CLIENT_ID", "to sign in as an application");
  const host = new URL(cloud.loginUrl).host;
  return new ConfidentialClientApplication({
    auth: {
      clientId,
      authority: `${cloud.loginUrl}/${tenantId}`,
      // Custom clouds are not in MSAL's instance metadata; naming the host skips discovery.
      ...(cloud.name === "custom" ? { knownAuthorities: [host] } : {}),
      ...credential,
    },
    system: { loggerOptions: logger },
  });
}

export async function createTokenSource(env: Env, cloud: Cloud): Promise<TokenSource> {
  if (env.AZURE_CLIENT_SECRET) {
    const app = confidentialClient(env, cloud, { clientSecret: env.AZURE_CLIENT_SECRET });
    return clientCredentialSource("client-secret", `client secret of app ${env.AZURE_CLIENT_ID}`, app);
  }
  if (env.AZURE_CLIENT_CERTIFICATE_PATH) {
    const app = confidentialClient(env, cloud, {
      clientCertificate: await readClientCertificate(env.AZURE_CLIENT_CERTIFICATE_PATH),
    });
    return clientCredentialSource("client-certificate", `certificate of app ${env.AZURE_CLIENT_ID}`, app);
  }
  if (env.AZURE_FEDERATED_TOKEN_FILE) {
    const file = env.AZURE_FEDERATED_TOKEN_FILE;
    // The file is rotated by the platform (e.g. AKS every hour): read it for every assertion.
    const app = confidentialClient(env, cloud, {
      clientAssertion: async () => (await readFile(file, "utf8")).trim(),
    });
    return clientCredentialSource(
      "workload-identity",
      `workload identity of app ${env.AZURE_CLIENT_ID} (${file})`,
      app,
    );
  }
  const app = new ManagedIdentityApplication({
    managedIdentityIdParams: env.AZURE_CLIENT_ID ? { userAssignedClientId: env.AZURE_CLIENT_ID } : undefined,
    system: { loggerOptions: logger },
  });
  const which = env.AZURE_CLIENT_ID
    ? `user-assigned managed identity ${env.AZURE_CLIENT_ID}`
    : "system-assigned managed identity";
  return {
    kind: "managed-identity",
    description: `${which} via ${app.getManagedIdentitySource()}`,
    async getToken(resource, forceRefresh = false) {
      try {
        const result = await app.acquireToken({ resource, forceRefresh });
        return result.accessToken;
      } catch (error) {
        throw authError("managed-identity", error);
      }
    },
  };
}

function clientCredentialSource(
  kind: CredentialKind,
  description: string,
  app: ConfidentialClientApplication,
): TokenSource {
  return {
    kind,
    description,
    async getToken(resource, forceRefresh = false) {
      try {
        const result = await app.acquireTokenByClientCredential({
          scopes: [scopeOf(resource)],
          skipCache: forceRefresh,
        });
        if (!result) throw new Error("MSAL returned no token");
        return result.accessToken;
      } catch (error) {
        throw authError(kind, error);
      }
    },
  };
}
