/**
 * Domain failures carry a stable code that API clients and tests can rely on.
 * Expected outcomes (not eligible, slot taken) are return values, not errors.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;
  readonly details: Record<string, unknown> | undefined;
  constructor(
    code: string,
    message: string,
    status: AppError["status"] = 400,
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = status;
    this.details = details;
  }
}
