// One error type for the whole product, mapped to HTTP status in one place (lib/route.ts).

export type AppErrorCode =
  | "invalid_input" // 422
  | "unauthenticated" // 401
  | "forbidden" // 403
  | "not_found" // 404
  | "conflict" // 409
  | "upstream" // 502
  | "unavailable" // 503
  | "config" // 500, but with a message meant for the operator
  | "internal"; // 500

export const statusByCode: Record<AppErrorCode, number> = {
  invalid_input: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  upstream: 502,
  unavailable: 503,
  config: 500,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
  }

  get status() {
    return statusByCode[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A one-line, human explanation of a database or driver error (Prisma messages start with a
 * blank line and the failed call; the cause is on the last non-empty line). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const lines = error.message
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const message = lines.find((l) => /Message: `/.test(l))?.replace(/^.*Message: `(.*)`\.?$/, "$1") ?? lines.at(-1);
  return message || error.name;
}
