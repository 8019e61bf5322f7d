import type { Message, Update } from "grammy/types";
import type { InboundContent, InboundMessage, MediaKind } from "../../core/types.ts";

/** Telegram's deep-link payload alphabet and size (t.me/<bot>?start=<payload>). */
const START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;
const START_COMMAND = /^\/start(?:@\w+)?(?:\s+([\s\S]*))?$/i;

/** The media a message carries, most specific first: an animation also has a `document`. */
const MEDIA_FIELDS: [keyof Message, MediaKind][] = [
  ["sticker", "sticker"],
  ["animation", "video"],
  ["video_note", "video"],
  ["video", "video"],
  ["voice", "voice"],
  ["audio", "audio"],
  ["photo", "photo"],
  ["document", "document"],
];

/** Things a person can send that we cannot read; they get the generic "text only" reply. */
const UNREADABLE_FIELDS: (keyof Message)[] = ["dice", "poll", "story", "paid_media", "game", "checklist"];

/**
 * One Telegram update → what the person sent, or null to ignore it. Only private chats
 * are served: groups, channel posts, edited messages and service messages are ignored.
 * The person's address is the chat id. Re-sent updates are recognised by what they carry,
 * not by update_id: Telegram restarts update ids at random after a week without updates,
 * which would make a new message look like an old one. A message is `msg:<chat>:<id>`
 * (message ids are unique per chat), a button press `cb:<callback query id>`.
 */
export function decodeUpdate(update: Update): InboundMessage | null {
  if (update.message) {
    const message = update.message;
    if (message.chat.type !== "private" || !message.from || message.from.is_bot) return null;
    const content = decodeMessage(message);
    const channelMessageId = `msg:${message.chat.id}:${message.message_id}`;
    return content && { channel: "telegram", externalUserId: String(message.chat.id), channelMessageId, content };
  }
  if (update.callback_query) {
    const query = update.callback_query;
    // Inline-mode messages have no chat; games have no data: neither is ours.
    if (!query.message || query.message.chat.type !== "private" || typeof query.data !== "string" || query.from.is_bot) return null;
    return {
      channel: "telegram",
      externalUserId: String(query.message.chat.id),
      channelMessageId: `cb:${query.id}`,
      content: { kind: "choice", choiceId: query.data },
    };
  }
  return null;
}

function decodeMessage(message: Message): InboundContent | null {
  if (typeof message.text === "string") return decodeText(message.text);
  for (const [field, media] of MEDIA_FIELDS) {
    if (message[field] !== undefined) return { kind: "media", media };
  }
  if (message.location) return { kind: "location", latitude: message.location.latitude, longitude: message.location.longitude };
  if (message.contact) {
    // Only the sender's own number may be linked to their profile, never a friend's card.
    const own = message.contact.user_id !== undefined && message.contact.user_id === message.from?.id;
    return own ? { kind: "contact", phone: message.contact.phone_number } : { kind: "media", media: "other" };
  }
  if (UNREADABLE_FIELDS.some((field) => message[field] !== undefined)) return { kind: "media", media: "other" };
  return null; // a service message (pinned, timer changed…): nothing the person said
}

function decodeText(text: string): InboundContent {
  const start = START_COMMAND.exec(text.trim());
  if (!start) return { kind: "text", text };
  const payload = start[1]?.trim() ?? "";
  return START_PAYLOAD.test(payload) ? { kind: "start", payload } : { kind: "start" };
}
