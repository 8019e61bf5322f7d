import { sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { queryRows } from "./sql.ts";

export type CloudStatus = "sent" | "delivered" | "read" | "failed";

export interface StatusUpdate {
  wamid: string;
  status: CloudStatus;
  at: Date;
  errorCode: number | null;
  errorTitle: string | null;
  /** The person the message was for (their wa_id), when Meta says. */
  recipientId?: string | null;
}

export interface StatusOutcome {
  /** False when Meta had already told us this (a re-sent webhook): nothing was changed. */
  fresh: boolean;
  /** Our outbound message with this id, if any. */
  message: { id: number; conversationId: string; templated: boolean; lastError: string | null } | null;
}

/**
 * Records one status of a message we sent, once, and brings our records up to date:
 * delivered or read → the message is delivered (and its announcement recipient counted
 * so); failed → the message failed with Meta's reason, its announcement recipient too,
 * unless a delivered or read status already came (webhooks arrive in any order; the
 * furthest status stands).
 */
export async function recordStatus(db: Db, update: StatusUpdate): Promise<StatusOutcome> {
  return db.transaction(async (tx) => {
    const inserted = await queryRows<{ wamid: string }>(
      tx,
      sql`insert into whatsapp_statuses (wamid, status, at, error_code, error_title)
          values (${update.wamid}, ${update.status}, ${update.at.toISOString()}, ${update.errorCode}, ${update.errorTitle})
          on conflict do nothing returning wamid`,
    );
    const [found] = await queryRows<{ id: number | string; conversation_id: string; last_error: string | null; templated: boolean }>(
      tx,
      sql`select m.id, m.conversation_id, m.last_error,
            exists (select 1 from whatsapp_template_sends t where t.wamid = ${update.wamid}) as templated
          from messages m
          where m.channel = 'whatsapp' and m.direction = 'outbound' and m.channel_message_id = ${update.wamid}
          order by m.id limit 1`,
    );
    const message = found ? { id: Number(found.id), conversationId: found.conversation_id, templated: found.templated, lastError: found.last_error } : null;
    if (inserted.length === 0) return { fresh: false, message };
    if (!message) return { fresh: true, message };
    if (update.status === "delivered" || update.status === "read") {
      await tx.execute(sql`update messages set status = 'delivered', last_error = null where id = ${message.id} and status in ('sent', 'failed')`);
      await tx.execute(sql`update broadcast_recipients set status = 'sent', reason = null where message_id = ${message.id} and status = 'failed'`);
    } else if (update.status === "failed") {
      const reason = `${update.errorCode ?? "?"} ${update.errorTitle ?? "failed"}`.slice(0, 300);
      const reached = sql`exists (select 1 from whatsapp_statuses s where s.wamid = ${update.wamid} and s.status in ('delivered', 'read'))`;
      await tx.execute(sql`update messages set status = 'failed', last_error = ${reason} where id = ${message.id} and status in ('sent', 'delivered') and not ${reached}`);
      await tx.execute(sql`update broadcast_recipients set status = 'failed', reason = ${`rejected: ${reason}`} where message_id = ${message.id} and status = 'sent' and not ${reached}`);
    }
    return { fresh: true, message };
  });
}

/**
 * Meta refused a free-form message for the window after accepting it (131047 in a
 * status): it goes again as its template (the caller closes the window first, so the
 * sender picks the template; a template is never re-queued, hence once).
 */
export async function requeueForTemplate(db: Db, messageId: number): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update messages set status = 'pending', next_attempt_at = null, held_at = null,
          last_error = 'outside the 24-hour window (131047): sent again as its template'
        where id = ${messageId} and direction = 'outbound'
        returning id`,
  );
  return rows.length > 0;
}
