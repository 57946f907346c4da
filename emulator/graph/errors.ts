// Graph's error envelope: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.
import { randomUUID } from "node:crypto";
import type { EmulatorResponse } from "../http";

export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

export function requestIds(headers: Record<string, string | undefined>): RequestIds {
  return { requestId: randomUUID(), clientRequestId: headers["client-request-id"] ?? randomUUID() };
}

/** Graph's innerError date has no fractional seconds and no zone designator. */
export function graphDate(d = new Date()) {
  return d.toISOString().slice(0, 19);
}

export function graphError(
  status: number,
  code: string,
  message: string,
  ids: RequestIds,
  headers: Record<string, string> = {},
  inner: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers: { "request-id": ids.requestId, "client-request-id": ids.clientRequestId, ...headers },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: graphDate(),
          "request-id": ids.requestId,
          "client-request-id": ids.clientRequestId,
          ...inner,
        },
      },
    },
  };
}

export const notFound = (id: string, ids: RequestIds) =>
  graphError(
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    ids,
  );

export const badRequest = (message: string, ids: RequestIds, code = "Request_BadRequest") =>
  graphError(400, code, message, ids);

export const denied = (ids: RequestIds) =>
  graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.", ids);
