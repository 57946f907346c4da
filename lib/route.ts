// The one wrapper every route handler goes through: it owns error mapping (and, once sign-in
// lands, authentication and authorization). Handlers stay thin: parse, call lib/data, return JSON.
import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { AppError, isAppError } from "./errors";

export interface RouteContext<P> {
  request: NextRequest;
  params: P;
  requestId: string;
}

type NextHandler<P> = (request: NextRequest, context: { params: Promise<P> }) => Promise<Response>;

export function route<P = Record<string, never>>(handler: (ctx: RouteContext<P>) => Promise<unknown>): NextHandler<P> {
  return async (request, context) => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    try {
      const params = (await context?.params) ?? ({} as P);
      const result = await handler({ request, params, requestId });
      const response = result instanceof Response ? result : NextResponse.json(result);
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
}

export function errorResponse(error: unknown, requestId: string): Response {
  let appError: AppError;
  if (isAppError(error)) {
    appError = error;
  } else if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    appError = new AppError("invalid_input", issue?.message ?? "Invalid input", {
      field: issue?.path.join("."),
      issues: error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
    });
  } else {
    console.error(`[${requestId}] unhandled error`, error);
    appError = new AppError("internal", "Something went wrong on our side. The request id identifies it in the logs.");
  }
  if (appError.code === "internal" && isAppError(error)) console.error(`[${requestId}]`, error);
  const safeMessage =
    appError.code === "internal"
      ? "Something went wrong on our side. The request id identifies it in the logs."
      : appError.message;
  return NextResponse.json(
    {
      error: {
        code: appError.code,
        message: safeMessage,
        ...(appError.details ? { details: appError.details } : {}),
        requestId,
      },
    },
    { status: appError.status, headers: { "x-request-id": requestId, "cache-control": "no-store" } },
  );
}
