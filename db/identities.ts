import { and, eq, ne, sql, TransactionRollbackError } from "drizzle-orm";
import type { Db } from "./client.ts";
import { channelIdentities, contacts, conversations } from "./schema/index.ts";

export interface ResolvedIdentity {
  identityId: string;
  contactId: string;
  conversationId: string;
}

/**
 * Finds the person behind a channel address, creating the identity, an empty contact and
 * an open conversation the first time. Safe when two processes see a newcomer at once:
 * the unique indexes decide, and the loser reads the winner's rows.
 */
export async function resolveIdentity(db: Db, channel: string, externalId: string): Promise<ResolvedIdentity> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const [found] = await db
      .select({ identityId: channelIdentities.id, contactId: channelIdentities.contactId, conversationId: conversations.id })
      .from(channelIdentities)
      .leftJoin(conversations, and(eq(conversations.identityId, channelIdentities.id), ne(conversations.status, "closed")))
      .where(and(eq(channelIdentities.channel, channel), eq(channelIdentities.externalId, externalId)))
      .limit(1);
    if (found?.conversationId) return { ...found, conversationId: found.conversationId };
    if (found) {
      const conversationId = await openConversation(db, found.identityId, found.contactId, channel);
      if (conversationId) return { ...found, conversationId };
      continue;
    }
    const created = await db.transaction(async (tx) => {
      const [contact] = await tx.insert(contacts).values({}).returning({ id: contacts.id });
      if (!contact) throw new Error("contact insert returned nothing");
      const [identity] = await tx
        .insert(channelIdentities)
        .values({ contactId: contact.id, channel, externalId })
        .onConflictDoNothing()
        .returning({ id: channelIdentities.id });
      if (!identity) {
        tx.rollback(); // someone else created it first: read theirs on the next attempt
        return null;
      }
      const [conversation] = await tx
        .insert(conversations)
        .values({ contactId: contact.id, identityId: identity.id, channel })
        .returning({ id: conversations.id });
      if (!conversation) throw new Error("conversation insert returned nothing");
      return { identityId: identity.id, contactId: contact.id, conversationId: conversation.id };
    }).catch((error: unknown) => {
      if (error instanceof TransactionRollbackError) return null;
      throw error;
    });
    if (created) return created;
  }
  throw new Error(`could not resolve identity ${channel}:${externalId}`);
}

async function openConversation(db: Db, identityId: string, contactId: string, channel: string): Promise<string | null> {
  const [row] = await db
    .insert(conversations)
    .values({ contactId, identityId, channel })
    .onConflictDoNothing({ target: conversations.identityId, where: sql`status <> 'closed'` })
    .returning({ id: conversations.id });
  return row?.id ?? null;
}

/**
 * The open conversation of a channel address, without creating anything: readers (web
 * chat history and stream) must not open conversations for people who never wrote.
 */
export async function findOpenConversation(db: Db, channel: string, externalId: string): Promise<string | null> {
  const [row] = await db
    .select({ conversationId: conversations.id })
    .from(channelIdentities)
    .innerJoin(conversations, and(eq(conversations.identityId, channelIdentities.id), ne(conversations.status, "closed")))
    .where(and(eq(channelIdentities.channel, channel), eq(channelIdentities.externalId, externalId)))
    .limit(1);
  return row?.conversationId ?? null;
}
