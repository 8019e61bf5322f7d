import { MILESTONES } from "../../bot/conversation/events.ts";
import { and, asc, eq } from "drizzle-orm";
import type { ConsoleActor } from "../../bot/conversation/access.ts";
import type { ChannelName } from "../../bot/core/types.ts";
import type { Db } from "../../db/client.ts";
import { siteIdsOfAdvisor } from "../../db/conversations.ts";
import { channelIdentities, conversationEvents, conversations, messages, type StaffRole } from "../../db/schema/index.ts";
import { findStaffUserById } from "../../db/staff.ts";
import type { Runtime } from "../../lib/runtime.ts";
import { chatAs, lastChoices } from "./chat.ts";
import { uniqueUser } from "./database.ts";

/** How the console API would see a staff account: its role, name and sites. */
export async function actorFor(db: Db, staffId: string): Promise<ConsoleActor> {
  const user = await findStaffUserById(db, staffId);
  if (!user) throw new Error(`no staff user ${staffId}`);
  const role: StaffRole = user.role;
  return { id: user.id, name: user.name, role, siteIds: await siteIdsOfAdvisor(db, user.id), audit: { actorType: "staff", actorId: user.id, ip: null } };
}

/**
 * A consented French speaker (unless told otherwise) who came through the site's link
 * (`?start=<siteId>`, as on a platform's poster) and asked for a person: queued at that site.
 */
export async function personWaitingAt(runtime: Pick<Runtime, "engine">, siteId: string, options: { lang?: "fr" | "ar" | "ary"; channel?: ChannelName; user?: string } = {}) {
  const user = options.user ?? uniqueUser("waiting");
  const chat = chatAs(runtime.engine, user, options.channel ?? "cli");
  await chat.start(siteId);
  await chat.choose(`lang:${options.lang ?? "fr"}`);
  await chat.choose("consent:yes");
  await chat.choose("name:skip");
  const replies = await chat.choose("cmd:human");
  if (!lastChoices(replies).includes("cmd:bot")) throw new Error(`${user} was not queued: ${JSON.stringify(replies)}`);
  return { user, chat, replies };
}

export async function conversationOfUser(db: Db, user: string, channel: ChannelName = "cli") {
  const [row] = await db
    .select({ conversation: conversations })
    .from(channelIdentities)
    .innerJoin(conversations, eq(conversations.identityId, channelIdentities.id))
    .where(and(eq(channelIdentities.channel, channel), eq(channelIdentities.externalId, user)));
  if (!row) throw new Error(`no conversation for ${user}`);
  return row.conversation;
}

/** The handoff's events of a conversation, in order (the funnel's milestones left out: tests/analytics checks those). */
export async function eventTypes(db: Db, conversationId: string): Promise<string[]> {
  const rows = await db.select({ type: conversationEvents.type }).from(conversationEvents).where(eq(conversationEvents.conversationId, conversationId)).orderBy(asc(conversationEvents.id));
  return rows.map((row) => row.type).filter((type) => !(MILESTONES as readonly string[]).includes(type));
}

export async function outboundOf(db: Db, conversationId: string) {
  return db
    .select({ id: messages.id, author: messages.author, kind: messages.kind, content: messages.content, authorStaffId: messages.authorStaffId })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "outbound")))
    .orderBy(asc(messages.id));
}
