import { sql } from "drizzle-orm";
import type { ChannelRate } from "../bot/broadcast/limits.ts";
import type { Db } from "./client.ts";
import { queryRows } from "./sql.ts";

export type TokenResult = { granted: true } | { granted: false; waitMs: number };

/**
 * Takes one token from a bucket shared by every process, in one locked read-modify-write
 * on the bucket's row. Time is the database's (clock_timestamp), so processes on
 * machines whose clocks differ still share one rate. When no token is left, says how
 * long until one is (or until a 429 pause ends).
 */
export async function takeToken(db: Db, key: string, rate: ChannelRate): Promise<TokenResult> {
  let [row] = await take(db, key, rate);
  if (!row) {
    // The first send ever on this account: create its bucket, full.
    await db.execute(sql`insert into rate_buckets (key, tokens, refilled_at) values (${key}, ${rate.burst}, clock_timestamp())
      on conflict (key) do nothing`);
    [row] = await take(db, key, rate);
  }
  if (!row) throw new Error(`rate bucket ${key} vanished`);
  if (row.granted) return { granted: true };
  const pausedMs = Math.max(0, Number(row.paused_ms ?? 0));
  const refillMs = ((1 - Number(row.available)) / rate.perSecond) * 1000;
  return { granted: false, waitMs: Math.ceil(Math.max(pausedMs, refillMs, 1)) };
}

function take(db: Db, key: string, rate: ChannelRate) {
  return queryRows<{ granted: boolean; available: number; paused_ms: number | string | null }>(
    db,
    sql`with bucket as (
          select key, clock_timestamp() as now, paused_until,
            least(${rate.burst}::float8, tokens + extract(epoch from (clock_timestamp() - refilled_at)) * ${rate.perSecond}::float8) as available
          from rate_buckets where key = ${key} for update
        ), decided as (
          select *, available >= 1 and (paused_until is null or paused_until <= now) as granted from bucket
        )
        update rate_buckets set
          tokens = case when decided.granted then decided.available - 1 else decided.available end,
          refilled_at = decided.now
        from decided where rate_buckets.key = decided.key
        returning decided.granted, decided.available,
          extract(epoch from (decided.paused_until - decided.now)) * 1000 as paused_ms`,
  );
}

/** Telegram said 429 "retry after N s": nobody on this account sends until then. */
export async function pauseBucket(db: Db, key: string, ms: number): Promise<void> {
  await db.execute(sql`update rate_buckets set tokens = 0, refilled_at = clock_timestamp(),
      paused_until = greatest(coalesce(paused_until, clock_timestamp()), clock_timestamp() + ${ms} * interval '1 millisecond')
    where key = ${key}`);
}

/**
 * Forgets buckets under `prefix` untouched since `before` and not paused past it: an idle bucket
 * has refilled to full, so deleting it changes nothing, and per-session or per-person buckets
 * would otherwise pile up forever.
 */
export async function pruneIdleBuckets(db: Db, prefix: string, before: Date): Promise<number> {
  const rows = await queryRows<{ key: string }>(
    db,
    sql`delete from rate_buckets where key like ${`${prefix}%`} and refilled_at < ${before.toISOString()}::timestamptz
        and (paused_until is null or paused_until < ${before.toISOString()}::timestamptz) returning key`,
  );
  return rows.length;
}

/**
 * takeToken in one statement, for buckets most of which do not exist yet (one per person):
 * a missing bucket is created full and the token taken from it at once.
 */
export async function takeOrCreateToken(db: Db, key: string, rate: ChannelRate): Promise<TokenResult> {
  const [row] = await queryRows<{ granted: boolean; available: number; paused_ms: number | string | null }>(
    db,
    sql`with now as (select clock_timestamp() as at),
        existing as (
          select b.paused_until, least(${rate.burst}::float8, b.tokens + extract(epoch from (now.at - b.refilled_at)) * ${rate.perSecond}::float8) as available
          from rate_buckets b, now where b.key = ${key} for update of b
        ),
        decided as (
          select coalesce((select available from existing), ${rate.burst}::float8) as available,
            (select paused_until from existing) as paused_until, now.at from now
        ),
        written as (
          insert into rate_buckets (key, tokens, refilled_at, paused_until)
          select ${key}, case when d.available >= 1 and (d.paused_until is null or d.paused_until <= d.at) then d.available - 1 else d.available end, d.at, d.paused_until
          from decided d
          on conflict (key) do update set tokens = excluded.tokens, refilled_at = excluded.refilled_at
          returning 1
        )
        select d.available >= 1 and (d.paused_until is null or d.paused_until <= d.at) as granted, d.available,
          extract(epoch from (d.paused_until - d.at)) * 1000 as paused_ms
        from decided d, (select count(*) from written) w`,
    { prepare: "rafiq_take_or_create_token" },
  );
  if (!row) throw new Error(`rate bucket ${key}: no answer`);
  if (row.granted) return { granted: true };
  const pausedMs = Math.max(0, Number(row.paused_ms ?? 0));
  const refillMs = ((1 - Number(row.available)) / rate.perSecond) * 1000;
  return { granted: false, waitMs: Math.ceil(Math.max(pausedMs, refillMs, 1)) };
}
