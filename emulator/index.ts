// Starts the whole emulator: HTTPS listeners for Graph, ARM and the authority, a plain-HTTP
// listener for the managed-identity endpoints (as Azure does), and the environment that points
// the product at them.
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createArmHandler } from "./arm/handler";
import { CONTROL_PREFIX, createControlHandler } from "./control";
import { DELTA_EXPIRED_MARK, FaultInjector, parseFaultSpec } from "./faults";
import type { DeltaState } from "./graph/delta";
import { createGraphHandler } from "./graph/handler";
import type { EmulatorRequest, Handler } from "./http";
import { createAuthorityHandler } from "./identity/authority";
import { createManagedIdentityHandler } from "./identity/managed-identity";
import { createTokenIssuer, type TokenIssuer } from "./identity/tokens";
import { listen, type Listener } from "./server";
import { createAuthorityTenant } from "./tenant/authority-tenant";
import { generateTenant, todayUtc } from "./tenant/generate";
import type { Tenant } from "./tenant/model";
import { Throttle } from "./throttle";
import { ensureTlsMaterial } from "./tls";

export interface EmulatorOptions {
  /** First of four consecutive ports (Graph, ARM, login, managed identity); 0 picks free ports. */
  port?: number;
  seed?: number;
  size?: "demo" | number;
  /** Fault SPEC (see FAULT_SPEC_HELP). */
  faults?: string;
  /** Reference "now" for generated dates; default today 00:00 UTC. */
  now?: number;
  /** Where the local CA and server certificate live (kept across runs so the CA is trusted once). */
  tlsDir?: string;
  /** The App Service IDENTITY_HEADER secret; random by default. */
  identityHeader?: string;
  graphPageSize?: number;
  armPageSize?: number;
  /** Use an existing tenant instead of generating one (tests). */
  tenant?: Tenant;
  /** Sees every Graph and ARM request before it is answered (tests that check what a client asked for). */
  onRequest?: (service: "graph" | "arm", request: EmulatorRequest) => void;
}

export interface EmulatorUrls {
  graph: string;
  arm: string;
  login: string;
  managedIdentity: string;
}

export interface RunningEmulator {
  urls: EmulatorUrls;
  env: Record<string, string>;
  tenant: Tenant;
  issuer: TokenIssuer;
  faults: FaultInjector;
  throttle: Throttle;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = options.seed ?? 1;
  const tenant =
    options.tenant ?? generateTenant({ seed, size: options.size ?? "demo", now: options.now ?? todayUtc() });
  const tls = await ensureTlsMaterial(options.tlsDir ?? join(tmpdir(), "identity-steward-emulator-tls"));
  const spec = parseFaultSpec(options.faults);
  const faults = new FaultInjector(spec, seed);
  const throttle = new Throttle({ enforce: spec.throttle !== null, timeCompression: spec.throttle ?? 1 });
  const delta: DeltaState = { epoch: 0, forceExpire: (call) => call.headers[DELTA_EXPIRED_MARK] === "1" };
  const identityHeader = options.identityHeader ?? randomBytes(16).toString("hex");

  // Handlers need the listeners' URLs (token audiences, issuer), so listen first and bind later.
  const slots: Record<"graph" | "arm" | "login" | "mi", Handler> = {
    graph: () => ({ status: 503, body: { error: { code: "serviceNotAvailable", message: "starting" } } }),
    arm: () => ({ status: 503, body: { error: { code: "ServiceUnavailable", message: "starting" } } }),
    login: () => ({ status: 503, body: { error: "temporarily_unavailable" } }),
    mi: () => ({ status: 503, body: { error: "temporarily_unavailable" } }),
  };
  const control = createControlHandler({ tenant, faults, delta, throttle });
  const base = options.port ?? 0;
  const at = (i: number) => (base === 0 ? 0 : base + i);
  const listeners: Listener[] = [];
  try {
    listeners.push(
      await listen({
        kind: "graph",
        handler: (r) => {
          options.onRequest?.("graph", r);
          return slots.graph(r);
        },
        tls,
        faults,
        controlPrefix: CONTROL_PREFIX,
        control,
        port: at(0),
      }),
    );
    listeners.push(
      await listen({
        kind: "arm",
        handler: (r) => {
          options.onRequest?.("arm", r);
          return slots.arm(r);
        },
        tls,
        faults,
        controlPrefix: CONTROL_PREFIX,
        control,
        port: at(1),
      }),
    );
    listeners.push(await listen({ kind: "plain", handler: (r) => slots.login(r), tls, port: at(2) }));
    listeners.push(await listen({ kind: "plain", handler: (r) => slots.mi(r), port: at(3) }));
  } catch (error) {
    await Promise.all(listeners.map((l) => l.close()));
    throw error;
  }
  const [g, a, l, m] = listeners as [Listener, Listener, Listener, Listener];
  const urls: EmulatorUrls = {
    graph: `https://localhost:${g.port}`,
    arm: `https://localhost:${a.port}`,
    login: `https://localhost:${l.port}`,
    managedIdentity: `http://127.0.0.1:${m.port}`,
  };
  const issuer = createTokenIssuer({ tenantId: tenant.tenantId, loginBaseUrl: urls.login });
  const authorityTenant = createAuthorityTenant(tenant);
  const verify = issuer.verify.bind(issuer);
  slots.graph = createGraphHandler({
    tenant,
    verify,
    throttle,
    delta,
    defaultPageSize: options.graphPageSize,
    stepFaults: (h) => faults.plan(h),
  });
  slots.arm = createArmHandler({ tenant, verify, throttle, pageSize: options.armPageSize });
  slots.login = createAuthorityHandler({ issuer, tenant: authorityTenant });
  slots.mi = createManagedIdentityHandler({ issuer, tenant: authorityTenant, identityHeader });

  const env: Record<string, string> = {
    AZURE_TENANT_ID: tenant.tenantId,
    STEWARD_CLOUD: "custom",
    STEWARD_GRAPH_URL: urls.graph,
    STEWARD_ARM_URL: urls.arm,
    STEWARD_LOGIN_URL: urls.login,
    IDENTITY_ENDPOINT: `${urls.managedIdentity}/msi/token`,
    IDENTITY_HEADER: identityHeader,
    NODE_EXTRA_CA_CERTS: tls.caCertPath,
  };
  return {
    urls,
    env,
    tenant,
    issuer,
    faults,
    throttle,
    close: async () => {
      await Promise.all(listeners.map((x) => x.close()));
    },
  };
}

export function formatEnv(env: Record<string, string>) {
  return Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
}
