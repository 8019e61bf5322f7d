import { createHash, randomBytes } from "node:crypto";
import { AppError } from "../../lib/errors.ts";

/** 32 random bytes in base64url: 43 characters, no padding. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface WebAddress {
  /** The engine's id for the person: a hash, so a database leak does not reveal tokens. */
  externalUserId: string;
  /** Namespaces the browser's message ids, so one visitor cannot collide with another's. */
  hash: string;
}

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

/** The person behind a token; a malformed token is a 400 the page answers by starting over. */
export function webAddress(token: string): WebAddress {
  if (!TOKEN_PATTERN.test(token)) {
    throw new AppError("invalid_token", "not a web chat token: create one with POST /api/v1/webchat/sessions", 400);
  }
  const hash = createHash("sha256").update(token).digest("hex");
  return { externalUserId: `sha256:${hash}`, hash };
}
