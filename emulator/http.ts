// The emulator's request/response model. Handlers are plain functions of this shape, so tests can
// call them in-process; emulator/server.ts adapts them to node:http(s) and applies faults.

export interface EmulatorRequest {
  method: string;
  /** Absolute URL as the client addressed it (scheme, host and port of the listener). */
  url: URL;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON (application/json; charset=utf-8). */
  body?: string | Buffer | object;
}

export type Handler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;
