import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { channelIdentities, contacts, conversations, mediaFiles, whatsappTemplateSends } from "./schema/index.ts";
import { segmentQuery } from "./segments.ts";
import { queryRows, toDate } from "./sql.ts";
import type { Segment } from "../bot/broadcast/types.ts";

/** The channel name WhatsApp people are stored under, whichever client carries them. */
export const WHATSAPP = "whatsapp";

export interface CloudRecipient {
  contactId: string;
  conversationId: string | null;
  language: string | null;
  firstName: string | null;
  lastInboundAt: Date | null;
}

/** What the sender needs to know about an address: the person's language and their window. */
export async function findCloudRecipient(db: Db, externalId: string): Promise<CloudRecipient | null> {
  const [row] = await queryRows<{ contact_id: string; conversation_id: string | null; language: string | null; first_name: string | null; last_inbound_at: unknown }>(
    db,
    sql`select ci.contact_id, c.language, c.first_name, ci.last_inbound_at,
          (select cv.id from conversations cv where cv.identity_id = ci.id and cv.status <> 'closed' limit 1) as conversation_id
        from channel_identities ci join contacts c on c.id = ci.contact_id
        where ci.channel = ${WHATSAPP} and ci.external_id = ${externalId}`,
    { prepare: "rafiq_cloud_recipient" },
  );
  if (!row) return null;
  return { contactId: row.contact_id, conversationId: row.conversation_id, language: row.language, firstName: row.first_name, lastInboundAt: toDate(row.last_inbound_at) };
}

/** What the sender reads before each send, in one indexed lookup: the person's language, first name and window. */
export async function readCloudRecipient(db: Db, externalId: string): Promise<Omit<CloudRecipient, "conversationId" | "contactId"> | null> {
  const [row] = await queryRows<{ language: string | null; first_name: string | null; last_inbound_at: unknown }>(
    db,
    sql`select c.language, c.first_name, ci.last_inbound_at
        from channel_identities ci join contacts c on c.id = ci.contact_id
        where ci.channel = ${WHATSAPP} and ci.external_id = ${externalId}`,
    { prepare: "rafiq_cloud_recipient_send" },
  );
  return row ? { language: row.language, firstName: row.first_name, lastInboundAt: toDate(row.last_inbound_at) } : null;
}

/** The person wrote at `at` (Meta's time): their window runs from the latest such time, whatever order webhooks come in. */
export async function recordInboundAt(db: Db, externalId: string, at: Date): Promise<void> {
  await db
    .update(channelIdentities)
    .set({ lastInboundAt: sql`greatest(${channelIdentities.lastInboundAt}, ${at.toISOString()}::timestamptz)`, lastSeenAt: sql`now()` })
    .where(and(eq(channelIdentities.channel, WHATSAPP), eq(channelIdentities.externalId, externalId)));
}

/** Meta says the window was closed after all (131047): our record yields to theirs. */
export async function closeWindow(db: Db, externalId: string): Promise<void> {
  await db
    .update(channelIdentities)
    .set({ lastInboundAt: null })
    .where(and(eq(channelIdentities.channel, WHATSAPP), eq(channelIdentities.externalId, externalId)));
}

export async function recordTemplateSend(db: Db, externalId: string, template: string, wamid: string, at: Date): Promise<void> {
  await db.insert(whatsappTemplateSends).values({ externalId, template, wamid, sentAt: at });
}

/** People reached with a template in the 24 hours before `now`: what Meta's daily tier counts. */
export async function countTemplateRecipients(db: Db, now: Date): Promise<number> {
  const since = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  const [row] = await db
    .select({ n: sql<number | string>`count(distinct ${whatsappTemplateSends.externalId})` })
    .from(whatsappTemplateSends)
    .where(gt(whatsappTemplateSends.sentAt, since));
  return Number(row?.n ?? 0);
}

/** Meta's marketing stop (user_preferences) or a resume: announcements stop or come back; reminders go either way. */
export async function setMarketingPreference(db: Db, externalId: string, stop: boolean, at: Date): Promise<boolean> {
  const rows = await db
    .update(contacts)
    .set({ optedOut: stop, optedOutAt: stop ? at : null, updatedAt: at })
    .where(sql`${contacts.id} in (select ${channelIdentities.contactId} from ${channelIdentities} where ${channelIdentities.channel} = ${WHATSAPP} and ${channelIdentities.externalId} = ${externalId})`)
    .returning({ id: contacts.id });
  return rows.length > 0;
}

export async function storeMedia(
  db: Db,
  media: { contactId: string; messageId: number | null; mediaId: string; mimeType: string; bytes: Buffer; at: Date; keepMs: number },
): Promise<string> {
  const [row] = await db
    .insert(mediaFiles)
    .values({
      contactId: media.contactId,
      messageId: media.messageId,
      mediaId: media.mediaId,
      mimeType: media.mimeType,
      sizeBytes: media.bytes.byteLength,
      bytes: media.bytes,
      createdAt: media.at,
      expiresAt: new Date(media.at.getTime() + media.keepMs),
    })
    .returning({ id: mediaFiles.id });
  if (!row) throw new Error("media insert returned nothing");
  return row.id;
}

export async function purgeExpiredMedia(db: Db, now: Date): Promise<number> {
  const rows = await db.delete(mediaFiles).where(sql`${mediaFiles.expiresAt} <= ${now.toISOString()}::timestamptz`).returning({ id: mediaFiles.id });
  return rows.length;
}

/** The conversation a WhatsApp address writes into (to release its held messages). */
export async function openConversationOf(db: Db, externalId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: conversations.id })
    .from(channelIdentities)
    .innerJoin(conversations, and(eq(conversations.identityId, channelIdentities.id), sql`${conversations.status} <> 'closed'`))
    .where(and(eq(channelIdentities.channel, WHATSAPP), eq(channelIdentities.externalId, externalId)))
    .limit(1);
  return row?.id ?? null;
}

/**
 * How many of a segment's WhatsApp people are outside their 24-hour window now: each of
 * them costs the announcement template, which Meta's daily tier counts.
 */
export async function countSegmentNeedingTemplate(db: Db, segment: Segment, now: Date): Promise<number> {
  const since = new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString();
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from (${segmentQuery(segment, now)}) reached
        join conversations cv on cv.id = reached.conversation_id
        join channel_identities ci on ci.id = cv.identity_id
        where reached.channel = ${WHATSAPP} and (ci.last_inbound_at is null or ci.last_inbound_at <= ${since}::timestamptz)`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Spreads a broadcast's WhatsApp template recipients over days: the first `firstDay` go
 * now, then `perDay` a day (a day after the start, two days…). People inside their window
 * cost no template and go now.
 */
export async function spreadTemplateRecipients(db: Db, broadcastId: string, firstDay: number, perDay: number, startedAt: Date): Promise<void> {
  const since = new Date(startedAt.getTime() - 24 * 60 * 60 * 1000).toISOString();
  await db.execute(sql`with ranked as (
      select r.id, row_number() over (order by r.id) - 1 as rank
      from broadcast_recipients r
      join conversations cv on cv.id = r.conversation_id
      join channel_identities ci on ci.id = cv.identity_id
      where r.broadcast_id = ${broadcastId} and r.channel = ${WHATSAPP} and r.status = 'pending'
        and (ci.last_inbound_at is null or ci.last_inbound_at <= ${since}::timestamptz)
    )
    update broadcast_recipients r
    set next_attempt_at = ${startedAt.toISOString()}::timestamptz + (floor((ranked.rank - ${firstDay}) / ${perDay}::float8) + 1) * interval '1 day'
    from ranked where r.id = ranked.id and ranked.rank >= ${firstDay}`);
}
