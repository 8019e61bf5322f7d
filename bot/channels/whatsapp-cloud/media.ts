import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { contacts, conversations } from "../../../db/schema/index.ts";
import { storeMedia } from "../../../db/whatsapp-cloud.ts";
import type { Clock } from "../../../lib/clock.ts";
import type { Logger } from "../../../lib/logger.ts";
import type { GraphClient } from "./graph-client.ts";

/** Voice notes and images are kept (for the voice-note work to come); other media are not fetched. */
const KEPT_TYPES = /^(audio|image)\//;

/**
 * Downloads a received voice note or image by its media id (with the access token),
 * refusing anything over `maxBytes`, and keeps it `keepMs` — only if the person has
 * consented (law 09-08): before consent nothing they send is kept, so nothing is fetched.
 * Returns the stored file's id, or null when nothing was kept.
 */
export async function keepMedia(
  deps: { db: Db; graph: GraphClient; clock: Clock; log: Logger; maxBytes: number; keepMs: number },
  item: { conversationId: string; messageId: number | null; media: { id: string; mimeType: string } },
): Promise<string | null> {
  if (!KEPT_TYPES.test(item.media.mimeType) || deps.keepMs <= 0) return null;
  const [person] = await deps.db
    .select({ contactId: contacts.id, consentedAt: contacts.consentedAt, erasedAt: contacts.erasedAt })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(eq(conversations.id, item.conversationId))
    .limit(1);
  if (!person || !person.consentedAt || person.erasedAt) return null;
  const info = await deps.graph.mediaInfo(item.media.id);
  if (info.size !== null && info.size > deps.maxBytes) {
    deps.log.info({ size: info.size, maxBytes: deps.maxBytes }, "WhatsApp media too large: not downloaded");
    return null;
  }
  const bytes = await deps.graph.download(info.url, deps.maxBytes);
  return storeMedia(deps.db, {
    contactId: person.contactId,
    messageId: item.messageId,
    mediaId: item.media.id,
    mimeType: info.mimeType,
    bytes,
    at: deps.clock.now(),
    keepMs: deps.keepMs,
  });
}
