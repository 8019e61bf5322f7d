import type { Db } from "../../db/client.ts";
import type { StaffUserRow } from "../../db/staff.ts";
import { deleteStaffSession, findStaffSession, insertStaffSession, touchStaffSession } from "../../db/staff.ts";
import type { Clock } from "../../lib/clock.ts";
import { newSecret, sha256Hex } from "./secrets.ts";

const HOUR_MS = 60 * 60 * 1000;
/** last_used_at is informative; refreshing it once a minute is plenty. */
export const TOUCH_INTERVAL_MS = 60 * 1000;
const MAX_USER_AGENT_LENGTH = 300;

export interface NewSession {
  /** Goes into the cookie; never stored. */
  token: string;
  expiresAt: Date;
}

export async function startSession(
  db: Db,
  clock: Clock,
  params: { userId: string; ttlHours: number; ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const token = newSecret();
  const at = clock.now();
  const expiresAt = new Date(at.getTime() + params.ttlHours * HOUR_MS);
  await insertStaffSession(db, {
    tokenHash: sha256Hex(token),
    userId: params.userId,
    at,
    expiresAt,
    ip: params.ip,
    userAgent: params.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
  });
  return { token, expiresAt };
}

/** The session's user, or null when the token is unknown, expired, or its user disabled. */
export async function resolveSession(db: Db, clock: Clock, token: string): Promise<{ user: StaffUserRow; tokenHash: string } | null> {
  const tokenHash = sha256Hex(token);
  const found = await findStaffSession(db, tokenHash);
  if (!found) return null;
  const now = clock.now();
  if (found.session.expiresAt.getTime() <= now.getTime()) {
    await deleteStaffSession(db, tokenHash);
    return null;
  }
  if (found.user.disabledAt) return null;
  await touchStaffSession(db, tokenHash, now, new Date(now.getTime() - TOUCH_INTERVAL_MS));
  return { user: found.user, tokenHash };
}

export async function endSession(db: Db, tokenHash: string): Promise<boolean> {
  return (await deleteStaffSession(db, tokenHash)) !== null;
}
