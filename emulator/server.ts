// Adapts emulator Handlers to node:http(s) listeners and applies transport faults (resets,
// truncated bodies, slow responses) and status faults (429/500/503) in each service's error shape.
import { randomUUID } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { DELTA_EXPIRED_MARK, type FaultInjector, type FaultPlan } from "./faults";
import { graphDate } from "./graph/errors";
import type { EmulatorRequest, EmulatorResponse, Handler } from "./http";

export type ServiceKind = "graph" | "arm" | "plain";

export interface ListenerOptions {
  kind: ServiceKind;
  handler: Handler;
  tls?: { certPem: string; keyPem: string };
  /** Requests under this prefix (control endpoints) bypass faults. */
  controlPrefix?: string;
  control?: Handler;
  faults?: FaultInjector;
  host?: string;
  port?: number;
  /** Host name to put in request URLs when the client sent none (HTTP/1.0). */
  publicHost?: string;
}

export interface Listener {
  server: Server;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function encodeBody(res: EmulatorResponse): { bytes: Buffer; contentType: string | undefined } {
  const b = res.body;
  if (b === undefined) return { bytes: Buffer.alloc(0), contentType: undefined };
  if (Buffer.isBuffer(b)) return { bytes: b, contentType: "application/octet-stream" };
  if (typeof b === "string") return { bytes: Buffer.from(b, "utf8"), contentType: "text/plain; charset=utf-8" };
  return { bytes: Buffer.from(JSON.stringify(b), "utf8"), contentType: "application/json; charset=utf-8" };
}

/** A status fault dressed the way the service would send it. */
export function faultResponse(
  kind: ServiceKind,
  plan: FaultPlan,
  headers: Record<string, string | undefined>,
): EmulatorResponse {
  const status = plan.status as 429 | 500 | 503;
  const extra: Record<string, string> = {};
  if (status === 429 && plan.retryAfter !== null && plan.retryAfter !== undefined)
    extra["Retry-After"] = String(plan.retryAfter);
  if (kind === "graph") {
    const requestId = randomUUID();
    const clientRequestId = headers["client-request-id"] ?? randomUUID();
    const code = status === 429 ? "TooManyRequests" : status === 503 ? "serviceNotAvailable" : "UnknownError";
    const message =
      status === 429
        ? "Please retry again later."
        : status === 503
          ? "Service is unavailable. Try again later."
          : "An internal server error occurred.";
    const inner: Record<string, string> = {
      date: graphDate(),
      "request-id": requestId,
      "client-request-id": clientRequestId,
    };
    if (status === 429) Object.assign(inner, { code: "429", status: "429", message: "Please retry after" });
    return {
      status,
      headers: { ...extra, "request-id": requestId, "client-request-id": clientRequestId },
      body: { error: { code, message, innerError: inner } },
    };
  }
  if (kind === "arm") {
    const code = status === 429 ? "TooManyRequests" : status === 503 ? "ServiceUnavailable" : "InternalServerError";
    const message =
      status === 429
        ? "The request is being throttled. Please retry later."
        : status === 503
          ? "The service is temporarily unavailable. Please retry later."
          : "Encountered internal server error. Diagnostic information: timestamp '" + new Date().toISOString() + "'.";
    return { status, headers: { ...extra, "x-ms-request-id": randomUUID() }, body: { error: { code, message } } };
  }
  return {
    status,
    headers: extra,
    body: { error: status === 429 ? "throttled" : "server_error", error_description: `Injected ${status}` },
  };
}

export async function listen(options: ListenerOptions): Promise<Listener> {
  const scheme = options.tls ? "https" : "http";
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
        res.end(
          JSON.stringify({
            error: { code: "InternalServerError", message: error instanceof Error ? error.message : String(error) },
          }),
        );
      } else res.destroy();
    });
  };
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? `${options.publicHost ?? "localhost"}:${port}`;
    const url = new URL(req.url ?? "/", `${scheme}://${host}`);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
    const body = await readBody(req);
    const emulatorReq: EmulatorRequest = { method: req.method ?? "GET", url, headers, body };
    const isControl = options.controlPrefix !== undefined && url.pathname.startsWith(options.controlPrefix);
    let plan: FaultPlan = {};
    if (!isControl && options.faults) {
      try {
        plan = options.faults.plan(headers);
      } catch (error) {
        res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" });
        res.end(error instanceof Error ? error.message : String(error));
        return;
      }
    }
    if (plan.reset) {
      // What a client sees when a load balancer drops the connection: ECONNRESET, no response.
      req.socket.resetAndDestroy();
      return;
    }
    if (plan.delayMs) await new Promise((r) => setTimeout(r, plan.delayMs));
    if (plan.deltaExpired) emulatorReq.headers[DELTA_EXPIRED_MARK] = "1";
    const response =
      isControl && options.control
        ? await options.control(emulatorReq)
        : plan.status
          ? faultResponse(options.kind, plan, headers)
          : await options.handler(emulatorReq);
    const { bytes, contentType } = encodeBody(response);
    const out: Record<string, string> = { ...(response.headers ?? {}) };
    if (contentType && !Object.keys(out).some((k) => k.toLowerCase() === "content-type"))
      out["Content-Type"] = contentType;
    out["Content-Length"] = String(bytes.length);
    res.writeHead(response.status, out);
    if (plan.truncate && bytes.length > 1) {
      // Promise a full body, deliver half: clients must notice the short read.
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
      return;
    }
    res.end(bytes);
  };
  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.certPem, key: options.tls.keyPem }, onRequest)
    : createHttpServer(onRequest);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
