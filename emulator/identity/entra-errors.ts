// Error bodies in the exact shape Entra's token and authorize endpoints return them.
import { randomUUID } from "node:crypto";
import { type EmulatorResponse } from "../http";

export type OAuthError =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "invalid_scope"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "invalid_tenant"
  | "login_required";

export interface EntraError {
  error: OAuthError;
  /** AADSTS number, e.g. 7000215. */
  code: number;
  /** Text after "AADSTSnnn: " and before the trace lines. */
  message: string;
  /** Entra answers invalid_client with 401 and every other token error with 400. */
  status: 400 | 401;
}

export function entraError(error: OAuthError, code: number, message: string): EntraError {
  return { error, code, message, status: error === "invalid_client" ? 401 : 400 };
}

/** `2026-11-22 06:05:00Z`, the timestamp format Entra uses in bodies and descriptions. */
export function entraTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

export function entraErrorBody(e: EntraError, correlationId: string | undefined) {
  const traceId = randomUUID();
  const correlation = correlationId && /^[0-9a-fA-F-]{36}$/.test(correlationId) ? correlationId : randomUUID();
  const timestamp = entraTimestamp();
  return {
    error: e.error,
    error_description: `AADSTS${e.code}: ${e.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [e.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${e.code}`,
  };
}

export function entraErrorResponse(e: EntraError, correlationId: string | undefined): EmulatorResponse {
  return { status: e.status, headers: noStore(), body: entraErrorBody(e, correlationId) };
}

export function noStore(): Record<string, string> {
  return { "cache-control": "no-store, no-cache", pragma: "no-cache" };
}
