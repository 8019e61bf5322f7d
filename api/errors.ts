import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { isDatabaseUnavailable } from "../lib/database-errors.ts";
import { AppError } from "../lib/errors.ts";
import type { Logger } from "../lib/logger.ts";

/** Every API error has this shape: `{"error":{"code","message"}}`, plus details for fields. */
export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: details ? { code, message, details } : { code, message } };
}

export function validationError(error: z.ZodError): AppError {
  const fields = error.issues.map((issue) => ({ field: issue.path.join(".") || "(body)", message: issue.message }));
  const first = fields[0];
  const message = first ? `${first.field}: ${first.message}` : "invalid request";
  return new AppError("invalid_request", message, 400, { fields });
}

/** How long clients are asked to wait before retrying while the database is away. */
export const UNAVAILABLE_RETRY_AFTER_S = 2;

/** The database is away: a retryable 503 (same message id, same answer once it is back). */
export function unavailableResponse(c: Context) {
  c.header("Retry-After", String(UNAVAILABLE_RETRY_AFTER_S));
  return c.json(errorBody("unavailable", "Temporarily unavailable; nothing was lost, please retry in a moment."), 503);
}

/** The one error boundary of the HTTP transport. */
export function handleError(log: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof AppError) {
      return c.json(errorBody(error.code, error.message, error.details), error.status as ContentfulStatusCode);
    }
    if (error instanceof HTTPException) {
      const status = error.status;
      const code = status === 413 ? "payload_too_large" : status === 401 ? "unauthorized" : "http_error";
      return c.json(errorBody(code, error.message || "request refused"), status as ContentfulStatusCode);
    }
    if (isDatabaseUnavailable(error)) {
      log.warn({ err: error, method: c.req.method, path: c.req.path }, "database unavailable; asked the client to retry");
      return unavailableResponse(c);
    }
    log.error({ err: error, method: c.req.method, path: c.req.path }, "unhandled API error");
    return c.json(errorBody("internal_error", "Something went wrong on our side; nothing was lost, please retry."), 500);
  };
}
