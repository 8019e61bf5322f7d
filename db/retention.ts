import { inArray, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { erasePersonalData } from "./contacts.ts";
import { auditLog, channelIdentities } from "./schema/index.ts";
import { queryRows } from "./sql.ts";

/** The privacy notice's promise, which the notice quotes: at most this many months after the last message. */
export const RETENTION_MONTHS = 24;

// Any constant; the same in every process, so only one of them purges at a time.
const RETENTION_LOCK_KEY = 7_246_002;
const BATCH = 500;

/**
 * The privacy notice promises that data is kept at most 24 months after a person's last
 * message. This erases everyone silent since `cutoff`: personal fields, answers, message
 * contents and channel addresses go; anonymous rows stay so counts still add up.
 * Returns how many people were erased.
 */
export async function eraseInactiveContacts(db: Db, cutoff: Date, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${RETENTION_LOCK_KEY}) as locked`);
    if (!lock?.locked) return 0;
    const stale = await queryRows<{ id: string }>(
      tx,
      sql`select ct.id from contacts ct
          where ct.erased_at is null
            and coalesce((select max(c.last_message_at) from conversations c where c.contact_id = ct.id), ct.created_at) < ${cutoff.toISOString()}
          limit ${BATCH}`,
    );
    const ids = stale.map((row) => row.id);
    if (ids.length === 0) return 0;
    await erasePersonalData(tx, ids, now);
    // Nothing will be sent to them again: the channel addresses go too.
    await tx.delete(channelIdentities).where(inArray(channelIdentities.contactId, ids));
    await tx.insert(auditLog).values({ actorType: "system", action: "retention.erase", details: { contacts: ids.length, cutoff: cutoff.toISOString() }, at: now });
    return ids.length;
  });
}
