import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { channelIdentities } from "../../db/schema/index.ts";

/**
 * WhatsApp's customer-service window, decided here and only here (as Chatwoot's
 * MessageWindowService): the Cloud API carries free-form messages for 24 hours after
 * the person's last message; after that only approved templates. The sender reads it
 * before every send and the console before offering the reply box, so both agree.
 */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Closed a minute early: a message we accept just before the end may reach Meta after it. */
const SAFETY_MARGIN_MS = 60_000;

export interface MessageWindow {
  open: boolean;
  /** Until when free-form messages go (null: the person never wrote on this address). */
  closesAt: Date | null;
  lastInboundAt: Date | null;
}

export function windowFrom(lastInboundAt: Date | null, now: Date): MessageWindow {
  if (!lastInboundAt) return { open: false, closesAt: null, lastInboundAt: null };
  const closesAt = new Date(lastInboundAt.getTime() + WHATSAPP_WINDOW_MS - SAFETY_MARGIN_MS);
  return { open: now.getTime() < closesAt.getTime(), closesAt, lastInboundAt };
}

/** Only WhatsApp through Meta's Cloud API has a window; every other channel is always open. */
export function hasMessageWindow(channel: string, whatsappProvider: "web" | "cloud"): boolean {
  return channel === "whatsapp" && whatsappProvider === "cloud";
}

/** The window of a conversation's address (its channel identity), or null where none applies. */
export async function readConversationWindow(
  db: Db,
  conversation: { channel: string; identityId: string | null },
  whatsappProvider: "web" | "cloud",
  now: Date,
): Promise<MessageWindow | null> {
  if (!hasMessageWindow(conversation.channel, whatsappProvider)) return null;
  if (!conversation.identityId) return windowFrom(null, now);
  const [row] = await db
    .select({ lastInboundAt: channelIdentities.lastInboundAt })
    .from(channelIdentities)
    .where(eq(channelIdentities.id, conversation.identityId))
    .limit(1);
  return windowFrom(row?.lastInboundAt ?? null, now);
}
