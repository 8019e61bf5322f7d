import { createHash, randomInt } from "node:crypto";

/** How long a code from the console can be sent to the bot. */
export const LINK_CODE_TTL_MS = 10 * 60_000;

/** Eight random digits, shown as «RAFIQ 1234 5678»: easy to type on a phone, one live code per staff member. */
export function newLinkCode(): { code: string; display: string } {
  const code = String(randomInt(0, 100_000_000)).padStart(8, "0");
  return { code, display: `RAFIQ ${code.slice(0, 4)} ${code.slice(4)}` };
}

/** Only the hash is stored: a database reader cannot link a chat of their own. */
export function hashLinkCode(code: string): string {
  return createHash("sha256").update(`rafiq-link:${code}`).digest("hex");
}
