import { sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { queryRows } from "./sql.ts";
import { staffNamesByIds } from "./staff.ts";

/**
 * How the team answers, per advisor and per site, over resolved conversations in a range:
 * how many, the median first response time (request to first reply), the median
 * resolution time (request to «resolved»), and what the people said when asked how helpful
 * it was (1-5). Read from the append-only event log only, like the funnel.
 */
export interface ServiceRow {
  /** The advisor's or site's id; null when unknown (a staff member resolved it, no site). */
  key: string | null;
  name: string | null;
  resolved: number;
  firstResponseMedianSeconds: number | null;
  resolutionMedianSeconds: number | null;
  ratings: number;
  ratingAverage: number | null;
}

export interface ServiceStats {
  byAdvisor: ServiceRow[];
  bySite: ServiceRow[];
}

/**
 * One row per resolution in [from, to): who resolved it (the advisor who held it, else the
 * staff member who pressed the button), the site of the request, the latest request and
 * first reply before it, and the rating given after it (before the next request).
 */
function resolutions(range: { from: Date; to: Date }) {
  return sql`select r.id, r.conversation_id, r.at,
      coalesce(r.data->>'advisorId', r.actor_id::text) as advisor_id,
      req.site_id, req.at as requested_at,
      (select min(e.at) from conversation_events e where e.conversation_id = r.conversation_id and e.type = 'advisor_replied'
         and e.at >= req.at and e.at <= r.at) as first_reply_at,
      (select (e.data->>'score')::numeric from conversation_events e where e.conversation_id = r.conversation_id
         and e.type = 'satisfaction_rated' and e.id > r.id
         and not exists (select 1 from conversation_events n where n.conversation_id = r.conversation_id and n.type = 'handoff_requested' and n.id > r.id and n.id < e.id)
       order by e.id limit 1) as score
    from conversation_events r
    left join lateral (
      select q.at, q.data->>'siteId' as site_id from conversation_events q
      where q.conversation_id = r.conversation_id and q.type = 'handoff_requested' and q.id < r.id
      order by q.id desc limit 1) req on true
    where r.type = 'resolved' and r.at >= ${range.from.toISOString()} and r.at < ${range.to.toISOString()}`;
}

export async function readServiceStats(db: Db, range: { from: Date; to: Date }): Promise<ServiceStats> {
  const grouped = (key: "advisor_id" | "site_id") =>
    queryRows<Record<string, unknown>>(
      db,
      sql`select ${sql.identifier(key)} as key, count(*) as resolved,
            percentile_cont(0.5) within group (order by extract(epoch from (first_reply_at - requested_at))) as first_response,
            percentile_cont(0.5) within group (order by extract(epoch from (at - requested_at))) as resolution,
            count(score) as ratings, avg(score) as rating
          from (${resolutions(range)}) resolved
          group by ${sql.identifier(key)}
          order by count(*) desc, ${sql.identifier(key)}`,
    );
  const [advisors, sites] = [await grouped("advisor_id"), await grouped("site_id")];
  // An actor id that is no uuid cannot be a staff member (the API token case keeps its owner).
  const names = await staffNamesByIds(db, advisors.map((row) => row.key).filter((key): key is string => typeof key === "string" && /^[0-9a-f-]{36}$/i.test(key)));
  const toRow = (row: Record<string, unknown>, name: string | null): ServiceRow => ({
    key: typeof row.key === "string" ? row.key : null,
    name,
    resolved: Number(row.resolved),
    firstResponseMedianSeconds: roundOrNull(row.first_response),
    resolutionMedianSeconds: roundOrNull(row.resolution),
    ratings: Number(row.ratings),
    ratingAverage: row.rating === null || row.rating === undefined ? null : Math.round(Number(row.rating) * 10) / 10,
  });
  return {
    byAdvisor: advisors.map((row) => toRow(row, typeof row.key === "string" ? (names.get(row.key) ?? null) : null)),
    bySite: sites.map((row) => toRow(row, null)),
  };
}

function roundOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value));
}
