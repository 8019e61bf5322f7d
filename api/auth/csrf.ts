import { timingSafeEqual } from "node:crypto";
import { AppError } from "../../lib/errors.ts";
import { sha256Hex } from "./secrets.ts";

/** The header a logged-in browser sends with every write. */
export const CSRF_HEADER = "x-csrf-token";

const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The session's anti-forgery token: derived from the session (its stored hash), so it
 * needs no storage, changes with every login, and only a page that can read our own
 * responses (login, /api/v1/me) ever learns it — a form on another site cannot.
 */
export function csrfTokenFor(sessionHash: string): string {
  return sha256Hex(`csrf:${sessionHash}`);
}

/**
 * Every write made with a session cookie must carry the session's token. Bearer tokens
 * are exempt: a browser never attaches them by itself, so they cannot be forged this way.
 */
export function checkCsrf(method: string, sessionHash: string, sent: string | undefined): void {
  if (SAFE_METHODS.has(method.toUpperCase())) return;
  const expected = Buffer.from(csrfTokenFor(sessionHash));
  const given = Buffer.from(sent ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError("csrf_failed", `writes with a session cookie need the ${CSRF_HEADER} header from the login or /api/v1/me`, 403);
  }
}
