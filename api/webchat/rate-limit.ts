import { createHash } from "node:crypto";
import type { Context } from "hono";
import { takeToken } from "../../db/rate-buckets.ts";
import type { Config } from "../../lib/config.ts";
import type { AppDeps } from "../deps.ts";
import { clientIp } from "../auth/client-ip.ts";
import { errorBody } from "../errors.ts";

/** Every web chat bucket's key starts with this; idle ones are pruned (bot/core/workers.ts). */
export const WEBCHAT_BUCKET_PREFIX = "webchat:";

const HOUR_S = 3600;
const MINUTE_S = 60;

type Limits = Pick<Config, "WEBCHAT_SESSIONS_PER_HOUR_PER_ADDRESS" | "WEBCHAT_MESSAGES_PER_MINUTE_PER_ADDRESS" | "WEBCHAT_MESSAGES_PER_MINUTE_PER_SESSION">;

/**
 * Sessions are free and anonymous, so a loop could open thousands and flood the engine.
 * Token buckets in PostgreSQL (shared by every process): new sessions per client address
 * per hour, messages per address and per session per minute, each allowing its whole
 * allowance as a burst. Many people share one address (a youth centre's wifi, a mobile
 * carrier's NAT), so the per-address limits are generous. Addresses are kept hashed.
 * Returns the 429 to send, or null to go on.
 */
export function webchatRateLimits(deps: Pick<AppDeps, "database"> & { config: Limits & Pick<Config, "TRUST_PROXY"> }) {
  const { config } = deps;
  const db = deps.database.db;
  const perHour = (count: number) => ({ perSecond: count / HOUR_S, burst: count });
  const perMinute = (count: number) => ({ perSecond: count / MINUTE_S, burst: count });

  async function take(keys: [string, { perSecond: number; burst: number }][]): Promise<number | null> {
    for (const [key, rate] of keys) {
      const result = await takeToken(db, key, rate);
      if (!result.granted) return result.waitMs;
    }
    return null;
  }

  function addressKey(c: Context, kind: string): string | null {
    const ip = clientIp(c, config.TRUST_PROXY);
    return ip ? `${WEBCHAT_BUCKET_PREFIX}${kind}:ip:${createHash("sha256").update(ip).digest("hex").slice(0, 32)}` : null;
  }

  return {
    async newSession(c: Context): Promise<Response | null> {
      const key = addressKey(c, "sessions");
      const waitMs = key ? await take([[key, perHour(config.WEBCHAT_SESSIONS_PER_HOUR_PER_ADDRESS)]]) : null;
      return waitMs === null ? null : tooMany(c, waitMs);
    },
    async message(c: Context, sessionHash: string): Promise<Response | null> {
      const keys: [string, { perSecond: number; burst: number }][] = [[`${WEBCHAT_BUCKET_PREFIX}messages:session:${sessionHash.slice(0, 32)}`, perMinute(config.WEBCHAT_MESSAGES_PER_MINUTE_PER_SESSION)]];
      const address = addressKey(c, "messages");
      if (address) keys.push([address, perMinute(config.WEBCHAT_MESSAGES_PER_MINUTE_PER_ADDRESS)]);
      const waitMs = await take(keys);
      return waitMs === null ? null : tooMany(c, waitMs);
    },
  };
}

function tooMany(c: Context, waitMs: number): Response {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  c.header("Retry-After", String(seconds));
  return c.json(errorBody("too_many_requests", "Too many messages at once; wait a moment, then send again.", { retryAfterSeconds: seconds }), 429);
}
