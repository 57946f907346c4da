// The one wrapper every route handler goes through: it owns error mapping (and, once sign-in
// lands, authentication and authorization). Handlers stay thin: parse, call lib/data, return JSON.
import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getPrincipal, type Principal } from "./auth/get-principal";
import { can, type Permission } from "./auth/permissions";
import { AppError, isAppError } from "./errors";

/** Origin must be present and match the host the request was sent to (no `null`, no absent). */
function assertSameOrigin(request: NextRequest) {
  const origin = request.headers.get("origin");
  const host = request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = origin && origin !== "null" ? new URL(origin).host : null;
  } catch {
    originHost = null;
  }
  if (!originHost || !host || originHost !== host) {
    throw new AppError("forbidden", "Cross-origin request refused.");
  }
}

export interface RouteContext<P> {
  request: NextRequest;
  params: P;
  requestId: string;
  principal: Principal | null;
}

type NextHandler<P> = (request: NextRequest, context: { params: Promise<P> }) => Promise<Response>;

export interface RouteOptions {
  /** What the caller must be allowed to do; omitted for public routes (health). */
  permission?: Permission;
}

export function route<P = Record<string, never>>(
  handler: (ctx: RouteContext<P>) => Promise<unknown>,
  options: RouteOptions = {},
): NextHandler<P> {
  return async (request, context) => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    try {
      let principal: Principal | null = null;
      if (options.permission) {
        principal = getPrincipal();
        if (!principal) {
          throw new AppError(
            "unauthenticated",
            "Sign-in is required for this action, and Entra ID sign-in is not available in this version. A deployment on a trusted network may set STEWARD_AUTH_MODE=none.",
          );
        }
        if (!can(principal.roles, options.permission))
          throw new AppError("forbidden", `This action needs the '${options.permission}' permission.`);
        // Writes must come from our own pages: a cross-site form post is refused (CSRF).
        if (request.method !== "GET" && request.method !== "HEAD") assertSameOrigin(request);
      }
      const params = (await context?.params) ?? ({} as P);
      const result = await handler({ request, params, requestId, principal });
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
