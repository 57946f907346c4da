// Errors from Graph and ARM, with what the sync needs to decide: status, service code, request id.
import { AppError } from "../errors";

export class UpstreamError extends AppError {
  constructor(
    readonly api: "graph" | "arm",
    /** The upstream HTTP status (the product itself answers 502 for it). */
    readonly upstreamStatus: number,
    readonly serviceCode: string | null,
    message: string,
    readonly requestId: string | null,
  ) {
    super("upstream", message, { api, status: upstreamStatus, serviceCode, requestId });
    this.name = "UpstreamError";
  }
}

/** A delta link Graph no longer honours (older than 7 days, or reset): start a full round. */
export class DeltaExpiredError extends UpstreamError {
  override name = "DeltaExpiredError";
}

/** Reads `{error:{code,message}}` (Graph and ARM share it) from a response body. */
export function upstreamError(
  api: "graph" | "arm",
  method: string,
  url: string,
  status: number,
  text: string,
  headers: Headers,
): UpstreamError {
  let code: string | null = null;
  let message = text.slice(0, 200);
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? null;
    message = body.error?.message ?? message;
  } catch {
    // not JSON; keep the start of the text
  }
  const requestId =
    headers.get("request-id") ?? headers.get("x-ms-request-id") ?? headers.get("x-ms-correlation-request-id");
  const path = url.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*$/, "");
  const text2 = `${api === "graph" ? "Graph" : "ARM"} ${method} ${path} failed: HTTP ${status}${code ? ` ${code}` : ""}: ${message}`;
  if (status === 410 || (status === 400 && (code === "syncStateNotFound" || code === "resyncRequired"))) {
    return new DeltaExpiredError(api, status, code, text2, requestId);
  }
  return new UpstreamError(api, status, code, text2, requestId);
}
