import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Meta signs each webhook call: `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of
 * the body's bytes exactly as sent, keyed with the app secret. Checked on those raw bytes
 * (Meta escapes non-ASCII as \uXXXX: re-serialising parsed JSON would change them) and
 * compared in constant time.
 */
export function signatureOf(rawBody: Uint8Array, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}

export function verifySignature(rawBody: Uint8Array, header: string | undefined, appSecret: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(signatureOf(rawBody, appSecret));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The verify token check of Meta's GET handshake, in constant time too. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
