import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id with OWASP's memory-hard minimum (19 MiB, 2 passes, 1 lane): tens of
 * milliseconds per guess on a server, far more on GPUs. Argon2id is the library's
 * default algorithm; `isArgon2idHash` lets tests check we did not drift from it.
 */
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Longest password we hash: argon2 accepts more, but a megabyte password is an attack. */
export const MAX_PASSWORD_LENGTH = 1024;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export function isArgon2idHash(value: string): boolean {
  return value.startsWith("$argon2id$");
}

// Hashed once, lazily, with the same parameters as real hashes so that checking a
// password for an unknown email costs exactly as much as for a known one.
let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString("base64url"));
  return dummyHash;
}

/**
 * True when `password` matches `stored`. With `stored` null (no such user) it still runs
 * a full verification against a dummy hash and returns false: response time must not
 * tell which emails have accounts.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  const target = stored ?? (await getDummyHash());
  try {
    const matches = await verify(target, password);
    return stored !== null && matches;
  } catch {
    // A malformed stored hash is a failed login, not a crash of the login endpoint.
    return false;
  }
}
