import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, base64url: 256 bits, more than anyone can guess online. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Session and API tokens are stored as their SHA-256 only: they are already high-entropy,
 * so a fast hash suffices, and a leaked table cannot be replayed as cookies or tokens.
 */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
