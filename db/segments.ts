import { sql, type SQL } from "drizzle-orm";
import { BROADCAST_CHANNELS, type Segment } from "../bot/broadcast/types.ts";
import { provincesOf } from "../bot/geography/index.ts";
import type { Db } from "./client.ts";
import { queryRows } from "./sql.ts";

function inList(expression: SQL, values: readonly (string | number)[]): SQL {
  // An empty list matches nobody (the API refuses empty lists; this keeps SQL valid).
  if (values.length === 0) return sql`false`;
  return sql`${expression} in (${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )})`;
}

/** What a segment asks of one person (`c` the contact, `cv` the conversation), beyond the rules everyone is held to. */
function criteria(segment: Segment, now: Date): SQL[] {
  const where: SQL[] = [];
  if (segment.regions) {
    const provinces = segment.regions.flatMap((region) => provincesOf(region).map((province) => province.slug));
    where.push(sql`(${inList(sql`c.profile->>'region'`, segment.regions)} or ${inList(sql`c.profile->>'province'`, provinces)})`);
  }
  if (segment.provinces) where.push(inList(sql`c.profile->>'province'`, segment.provinces));
  // The age is a number written by the flow that asked it; anything else does not match.
  const age = sql`(case when jsonb_typeof(c.profile->'age') = 'number' then (c.profile->>'age')::numeric end)`;
  if (segment.ageMin !== undefined) where.push(sql`${age} >= ${segment.ageMin}`);
  if (segment.ageMax !== undefined) where.push(sql`${age} <= ${segment.ageMax}`);
  if (segment.genders) where.push(inList(sql`c.profile->>'gender'`, segment.genders));
  if (segment.languages) where.push(inList(sql`coalesce(c.language, 'fr')`, segment.languages));
  if (segment.channels) where.push(inList(sql`cv.channel`, segment.channels));
  if (segment.eligibility) {
    const { programId, verdicts } = segment.eligibility;
    where.push(sql`exists (
      select 1 from (select results from eligibility_checks e where e.contact_id = c.id order by e.created_at desc limit 1) latest,
        jsonb_array_elements(latest.results) verdict
      where verdict->>'programId' = ${programId} and ${inList(sql`verdict->>'verdict'`, verdicts)})`);
  }
  if (segment.projectStarted !== undefined) {
    const started = sql`exists (select 1 from projects p where p.contact_id = c.id and p.canvas <> '{}'::jsonb)`;
    where.push(segment.projectStarted ? started : sql`not ${started}`);
  }
  if (segment.booked !== undefined) {
    const booked = sql`exists (select 1 from appointments a where a.contact_id = c.id and a.status = 'confirmed' and a.starts_at > ${now.toISOString()})`;
    where.push(segment.booked ? booked : sql`not ${booked}`);
  }
  if (segment.labels) where.push(sql`exists (select 1 from contact_labels l where l.contact_id = c.id and ${inList(sql`l.label`, segment.labels)})`);
  return where;
}

/**
 * The first consent notice that says announcements are targeted by age, gender, region and
 * eligibility (CONSENT_VERSION 2026-12, law 09-08). People who agreed to an earlier notice
 * did not agree to targeting: no segment reaches them until they accept the new notice,
 * which the router asks at their next message. Versions are compared as «YYYY-MM» strings;
 * a version in another form does not cover targeting.
 */
export const TARGETING_NOTICE_VERSION = "2026-12";
const consentCoversTargeting = sql`(c.consent_version ~ '^[0-9]{4}-[0-9]{2}' and c.consent_version >= ${TARGETING_NOTICE_VERSION})`;

/**
 * The people a segment reaches, one row each, on the conversation they last wrote from.
 * Whatever the segment says, only people who consented to a notice that names targeting,
 * did not stop announcements, were not erased and can still be reached (a channel
 * address, not blocked) are in it. `consent: "older"` asks instead for the people the
 * segment would reach but for their consent to an older notice (the count shows them).
 */
export function segmentQuery(segment: Segment, now: Date, consent: "covers" | "older" = "covers"): SQL {
  const where = [
    sql`c.consented_at is not null`,
    consent === "covers" ? consentCoversTargeting : sql`not ${consentCoversTargeting}`,
    sql`not c.opted_out`,
    sql`c.erased_at is null`,
    sql`c.unreachable_at is null`,
    sql`cv.identity_id is not null`,
    sql`cv.status <> 'closed'`,
    inList(sql`cv.channel`, BROADCAST_CHANNELS),
    ...criteria(segment, now),
  ];
  return sql`select distinct on (c.id) c.id as contact_id, cv.id as conversation_id, cv.channel, coalesce(c.language, 'fr') as language
    from contacts c join conversations cv on cv.contact_id = c.id
    where ${sql.join(where, sql` and `)}
    order by c.id, cv.last_message_at desc nulls last, cv.created_at desc`;
}

export interface SegmentCount {
  total: number;
  byChannel: Record<string, number>;
  byLanguage: Record<string, number>;
  /** Left out: they match, but agreed to a notice before targeting was named and have not seen the new one yet. */
  awaitingNotice: number;
}

/** How many people a segment reaches now, by channel and language: the live count before sending. */
export async function countSegment(db: Db, segment: Segment, now: Date): Promise<SegmentCount> {
  const rows = await queryRows<{ channel: string; language: string; n: number | string }>(
    db,
    sql`select channel, language, count(*) as n from (${segmentQuery(segment, now)}) reached group by channel, language`,
  );
  const [older] = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from (${segmentQuery(segment, now, "older")}) waiting`);
  const count: SegmentCount = { total: 0, byChannel: {}, byLanguage: {}, awaitingNotice: Number(older?.n ?? 0) };
  for (const row of rows) {
    const n = Number(row.n);
    count.total += n;
    count.byChannel[row.channel] = (count.byChannel[row.channel] ?? 0) + n;
    count.byLanguage[row.language] = (count.byLanguage[row.language] ?? 0) + n;
  }
  return count;
}

/** Writes one recipient row per person the segment reaches now (a second call adds nobody twice). */
export async function fanOut(db: Db, broadcastId: string, segment: Segment, now: Date): Promise<number> {
  const rows = await queryRows<{ id: unknown }>(
    db,
    sql`insert into broadcast_recipients (broadcast_id, contact_id, conversation_id, channel, language)
        select ${broadcastId}, contact_id, conversation_id, channel, language from (${segmentQuery(segment, now)}) reached
        on conflict (broadcast_id, contact_id) do nothing
        returning id`,
  );
  return rows.length;
}
