import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { channelIdentities, conversations, staffUsers } from "./schema/index.ts";
import { queryRows } from "./sql.ts";

/**
 * A staff member's own chat with the bot (Telegram or web chat), linked with a one-time
 * code: where "someone is waiting" alerts and announcement test sends go. Only the
 * code's SHA-256 is stored, until it is used or expires.
 */

export async function setLinkCode(db: Db, staffId: string, codeHash: string, expiresAt: Date, at: Date): Promise<void> {
  await db.update(staffUsers).set({ linkCodeHash: codeHash, linkCodeExpiresAt: expiresAt, updatedAt: at }).where(eq(staffUsers.id, staffId));
}

/** Uses a code: the staff member it was made for now hears on `identityId`. Null when unknown or expired. */
export async function claimLinkCode(db: Db, codeHash: string, identityId: string, at: Date): Promise<{ id: string; name: string } | null> {
  const [row] = await db
    .update(staffUsers)
    .set({ notifyIdentityId: identityId, linkCodeHash: null, linkCodeExpiresAt: null, updatedAt: at })
    .where(and(eq(staffUsers.linkCodeHash, codeHash), gt(staffUsers.linkCodeExpiresAt, at)))
    .returning({ id: staffUsers.id, name: staffUsers.name });
  return row ?? null;
}

export async function unlinkStaff(db: Db, staffId: string, at: Date): Promise<void> {
  await db.update(staffUsers).set({ notifyIdentityId: null, linkCodeHash: null, linkCodeExpiresAt: null, updatedAt: at }).where(eq(staffUsers.id, staffId));
}

export interface StaffChat {
  staffId: string;
  channel: string;
  /** The open conversation of the linked identity: messages to the staff member go there (outbox). */
  conversationId: string;
  language: string | null;
}

/** Where each of these staff members hears from Rafiq, when linked and still reachable. */
export async function staffChats(db: Db, staffIds: readonly string[]): Promise<StaffChat[]> {
  if (staffIds.length === 0) return [];
  const rows = await queryRows<{ staff_id: string; channel: string; conversation_id: string; language: string | null }>(
    db,
    sql`select u.id as staff_id, i.channel, c.id as conversation_id, ct.language
        from ${staffUsers} u
        join ${channelIdentities} i on i.id = u.notify_identity_id
        join ${conversations} c on c.identity_id = i.id and c.status <> 'closed'
        join contacts ct on ct.id = i.contact_id
        where u.id in (${sql.join(staffIds.map((id) => sql`${id}::uuid`), sql`, `)}) and u.disabled_at is null`,
  );
  return rows.map((row) => ({ staffId: row.staff_id, channel: row.channel, conversationId: row.conversation_id, language: row.language }));
}

/**
 * Advisors of `siteId` with a linked chat whose console is closed (not seen since
 * `onlineSince`): the ones a "someone is waiting" alert is for.
 */
export async function absentLinkedAdvisors(db: Db, siteId: string, onlineSince: Date): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select u.id from ${staffUsers} u join advisor_sites s on s.staff_user_id = u.id
        where s.site_id = ${siteId} and u.role = 'advisor' and u.disabled_at is null and u.notify_identity_id is not null
          and (u.console_seen_at is null or u.console_seen_at < ${onlineSince.toISOString()})`,
  );
  return rows.map((row) => row.id);
}
