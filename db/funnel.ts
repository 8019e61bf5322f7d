import { sql, type SQL } from "drizzle-orm";
import { weekStart, type FunnelCounts, type FunnelGroup } from "../bot/analytics/funnel.ts";
import { addLocalDays, localDateOf, startOfLocalDay } from "../bot/booking/local-time.ts";
import { MILESTONES } from "../bot/conversation/events.ts";
import type { Db } from "./client.ts";
import { queryRows } from "./sql.ts";

export type FunnelGroupBy = "week" | "site" | "language" | "channel";
/** One group's counts; `key` null when the group's value was never known (no site, no language chosen). */
export type FunnelRow = FunnelGroup;

/**
 * Which value of a conversation decides its group. A conversation is counted once, in
 * the cohort of its first milestone (the week it started, local time), with the last
 * site and language its milestones knew (the language is chosen after the first message,
 * the site often only at booking), on its channel.
 */
const GROUP_KEY: Record<Exclude<FunnelGroupBy, "week">, SQL> = {
  site: sql`site_id`,
  language: sql`language`,
  channel: sql`channel`,
};

/**
 * The local week (its Monday) of `first_at`. The weeks' bounds come from the app's own
 * time-zone rules (bot/booking/local-time.ts), not the database's: the two may ship
 * different tz data for Morocco, and bookings and the chat already follow the app's.
 */
function weekKey(range: { from: Date; to: Date }): SQL {
  const branches: SQL[] = [];
  for (let week = weekStart(localDateOf(range.from)); ; week = addLocalDays(week, 7)) {
    const end = startOfLocalDay(addLocalDays(week, 7));
    branches.push(sql`when first_at < ${end.toISOString()} then ${week}`);
    if (end >= range.to) break;
  }
  return sql`(case ${sql.join(branches, sql` `)} end)`;
}

/**
 * The funnel read from the append-only event log only (pseudonymous: ids and settings),
 * so an erasure changes none of its numbers. Conversations whose first milestone falls in
 * [from, to); each count is how many of them reached that step. Grouped, or one total row
 * (key null) without groupBy. Plain SQL that runs on PostgreSQL and PGlite alike.
 */
export async function readFunnel(db: Db, range: { from: Date; to: Date; groupBy?: FunnelGroupBy }): Promise<FunnelRow[]> {
  const key = !range.groupBy ? sql`null::text` : range.groupBy === "week" ? weekKey(range) : GROUP_KEY[range.groupBy];
  const flags = sql.join(
    MILESTONES.map((type) => sql`bool_or(type = ${type}) as ${sql.identifier(type)}`),
    sql`, `,
  );
  const counts = sql.join(
    MILESTONES.map((type) => sql`count(*) filter (where ${sql.identifier(type)}) as ${sql.identifier(type)}`),
    sql`, `,
  );
  const types = sql.join(
    MILESTONES.map((type) => sql`${type}`),
    sql`, `,
  );
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with per_conversation as (
          select conversation_id, min(at) as first_at,
            (array_agg(data->>'channel' order by id) filter (where data->>'channel' is not null))[1] as channel,
            (array_agg(data->>'language' order by id desc) filter (where data->>'language' is not null))[1] as language,
            (array_agg(data->>'siteId' order by id desc) filter (where data->>'siteId' is not null))[1] as site_id,
            ${flags}
          from conversation_events
          where type in (${types})
          group by conversation_id
        )
        select ${key} as key, ${counts}
        from per_conversation
        where first_at >= ${range.from.toISOString()} and first_at < ${range.to.toISOString()}
        group by 1
        order by 1 nulls last`,
  );
  return rows.map((row) => ({
    key: typeof row.key === "string" ? row.key : null,
    counts: Object.fromEntries(MILESTONES.map((type) => [type, Number(row[type] ?? 0)])) as FunnelCounts,
  }));
}
