import type { ApiTokenRow } from "../../db/api-tokens.ts";
import { findApiTokenByHash, insertApiToken, touchApiToken } from "../../db/api-tokens.ts";
import type { Db } from "../../db/client.ts";
import type { ApiTokenScope } from "../../db/schema/index.ts";
import type { StaffUserRow } from "../../db/staff.ts";
import type { Clock } from "../../lib/clock.ts";
import { newSecret, sha256Hex } from "./secrets.ts";
import { TOUCH_INTERVAL_MS } from "./sessions.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Recognisable in logs and by secret scanners. */
export const API_TOKEN_PREFIX = "rfq_";
/** How much of the token lists show: enough to tell tokens apart, far too little to use. */
const SHOWN_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 6;

export async function issueApiToken(
  db: Db,
  clock: Clock,
  params: { name: string; userId: string; scope: ApiTokenScope; expiresInDays: number },
): Promise<{ token: string; row: ApiTokenRow }> {
  const token = API_TOKEN_PREFIX + newSecret();
  const at = clock.now();
  const row = await insertApiToken(db, {
    name: params.name,
    tokenHash: sha256Hex(token),
    prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
    userId: params.userId,
    scope: params.scope,
    at,
    expiresAt: new Date(at.getTime() + params.expiresInDays * DAY_MS),
  });
  if (!row) throw new Error("api token insert returned no row");
  return { token, row };
}

/** The token's owner, or null when the token is unknown, revoked, expired or its owner disabled. */
export async function resolveApiToken(db: Db, clock: Clock, token: string): Promise<{ user: StaffUserRow; tokenId: string; scope: ApiTokenScope } | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const found = await findApiTokenByHash(db, sha256Hex(token));
  if (!found) return null;
  const now = clock.now();
  if (found.token.revokedAt) return null;
  if (found.token.expiresAt.getTime() <= now.getTime()) return null;
  if (found.user.disabledAt) return null;
  await touchApiToken(db, found.token.id, now, new Date(now.getTime() - TOUCH_INTERVAL_MS));
  return { user: found.user, tokenId: found.token.id, scope: found.token.scope };
}
