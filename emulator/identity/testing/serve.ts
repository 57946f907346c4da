// Serves a Handler on a loopback node:http(s) listener so real clients (MSAL, fetch) can reach it.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo } from "node:net";
import { type EmulatorRequest, type Handler } from "../../http";

export interface ServedHandler {
  /** `https://localhost:<port>` or `http://127.0.0.1:<port>`, no trailing slash. */
  origin: string;
  port: number;
  /** Every request the handler saw, in order, for assertions on what clients actually send. */
  requests: EmulatorRequest[];
  close(): Promise<void>;
}

export async function serveHandler(
  handler: Handler,
  options: { tls?: { certPem: string; keyPem: string } } = {},
): Promise<ServedHandler> {
  const requests: EmulatorRequest[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    void respond(req, res);
  };
  const server = options.tls
    ? createHttpsServer({ cert: options.tls.certPem, key: options.tls.keyPem }, listener)
    : createHttpServer(listener);
  const scheme = options.tls ? "https" : "http";

  async function respond(req: IncomingMessage, res: ServerResponse) {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
      const emulatorRequest: EmulatorRequest = {
        method: req.method ?? "GET",
        url: new URL(req.url ?? "/", `${scheme}://${req.headers.host ?? "localhost"}`),
        headers,
        body: Buffer.concat(chunks),
      };
      requests.push(emulatorRequest);
      const out = await handler(emulatorRequest);
      const responseHeaders: Record<string, string> = { ...out.headers };
      let body: string | Buffer | undefined;
      if (out.body === undefined || typeof out.body === "string" || Buffer.isBuffer(out.body)) {
        body = out.body;
      } else {
        body = JSON.stringify(out.body);
        responseHeaders["content-type"] ??= "application/json; charset=utf-8";
      }
      res.writeHead(out.status, responseHeaders);
      res.end(body);
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: options.tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
