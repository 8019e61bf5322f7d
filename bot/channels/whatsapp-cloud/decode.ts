import { z } from "zod";
import type { StatusUpdate } from "../../../db/whatsapp-statuses.ts";
import type { InboundContent, InboundMessage, MediaKind } from "../../core/types.ts";

/**
 * Meta's webhook payload, parsed rather than trusted: a field Meta adds is ignored, a
 * malformed message is skipped (and logged), never a crash and never a wrong person.
 */
const seconds = z.coerce.number().int().positive().transform((value) => new Date(value * 1000));
const mediaSchema = z.object({ id: z.string().min(1), mime_type: z.string().catch("application/octet-stream"), voice: z.boolean().optional() });
const messageSchema = z.object({
  /** The person's wa_id; with business-scoped ids, `from` may be absent and `from_user_id` present. */
  from: z.string().min(1).optional(),
  from_user_id: z.string().min(1).optional(),
  id: z.string().min(1),
  timestamp: seconds,
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string(), title: z.string() }).optional(),
    })
    .optional(),
  button: z.object({ payload: z.string().optional(), text: z.string() }).optional(),
  audio: mediaSchema.optional(),
  image: mediaSchema.optional(),
  document: mediaSchema.optional(),
  video: mediaSchema.optional(),
  sticker: mediaSchema.optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  contacts: z.array(z.object({ phones: z.array(z.object({ phone: z.string().optional(), wa_id: z.string().optional() })).optional() })).optional(),
});
const statusSchema = z.object({
  id: z.string().min(1),
  status: z.enum(["sent", "delivered", "read", "failed"]),
  timestamp: seconds,
  recipient_id: z.string().optional(),
  errors: z.array(z.object({ code: z.number().int(), title: z.string().catch("") })).optional(),
});
const preferenceSchema = z.object({
  wa_id: z.string().min(1),
  category: z.string(),
  value: z.string(),
  timestamp: seconds.optional(),
});
const valueSchema = z.object({
  metadata: z.object({ phone_number_id: z.string() }).optional(),
  contacts: z.array(z.object({ wa_id: z.string().optional(), user_id: z.string().optional() })).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  user_preferences: z.array(z.unknown()).optional(),
});
export const webhookSchema = z.object({
  object: z.string(),
  entry: z.array(z.object({ changes: z.array(z.object({ field: z.string(), value: z.unknown() })) })),
});

export interface CloudInbound {
  inbound: InboundMessage;
  /** When the person sent it (Meta's clock): the window runs from here. */
  at: Date;
  /** A voice note or an image to download once the person consented. */
  media: { id: string; mimeType: string } | null;
  /** A reaction: it opens the window but asks for no answer. */
  silent: boolean;
}

export interface CloudEvents {
  messages: CloudInbound[];
  statuses: StatusUpdate[];
  /** Meta's marketing preference: `stop` or `resume` announcements. */
  preferences: { externalId: string; stop: boolean; at: Date }[];
  /** Items that did not parse: logged, skipped. */
  skipped: number;
}

/** One webhook call → what happened, for our phone number only (a shared app may serve several). */
export function decodeWebhook(body: z.output<typeof webhookSchema>, phoneNumberId: string): CloudEvents {
  const events: CloudEvents = { messages: [], statuses: [], preferences: [], skipped: 0 };
  for (const change of body.entry.flatMap((entry) => entry.changes)) {
    const value = valueSchema.safeParse(change.value);
    if (!value.success) {
      events.skipped += 1;
      continue;
    }
    const { metadata, contacts = [] } = value.data;
    if (metadata && metadata.phone_number_id !== phoneNumberId) continue;
    for (const raw of value.data.messages ?? []) {
      const parsed = messageSchema.safeParse(raw);
      const decoded = parsed.success ? decodeMessage(parsed.data, contacts[0]) : null;
      if (decoded) events.messages.push(decoded);
      else events.skipped += 1;
    }
    for (const raw of value.data.statuses ?? []) {
      const parsed = statusSchema.safeParse(raw);
      if (!parsed.success) {
        events.skipped += 1;
        continue;
      }
      const error = parsed.data.errors?.[0];
      events.statuses.push({
        wamid: parsed.data.id,
        status: parsed.data.status,
        at: parsed.data.timestamp,
        errorCode: error?.code ?? null,
        errorTitle: error?.title ?? null,
        recipientId: parsed.data.recipient_id ?? null,
      });
    }
    for (const raw of value.data.user_preferences ?? []) {
      const parsed = preferenceSchema.safeParse(raw);
      if (!parsed.success || parsed.data.category !== "marketing_messages") continue;
      if (parsed.data.value !== "stop" && parsed.data.value !== "resume") continue;
      events.preferences.push({ externalId: parsed.data.wa_id, stop: parsed.data.value === "stop", at: parsed.data.timestamp ?? new Date() });
    }
  }
  return events;
}

type ParsedMessage = z.output<typeof messageSchema>;

function decodeMessage(message: ParsedMessage, contact: { wa_id?: string | undefined; user_id?: string | undefined } | undefined): CloudInbound | null {
  // People are keyed on wa_id, or the business-scoped id when Meta hides the number.
  const externalUserId = message.from ?? message.from_user_id ?? contact?.wa_id ?? contact?.user_id;
  if (!externalUserId) return null;
  const decoded = decodeContent(message, externalUserId);
  if (!decoded) return null;
  return {
    inbound: { channel: "whatsapp", externalUserId, channelMessageId: message.id, content: decoded.content },
    at: message.timestamp,
    media: decoded.media ?? null,
    silent: decoded.silent ?? false,
  };
}

const MEDIA_TYPES: Record<string, MediaKind> = { image: "photo", document: "document", video: "video", sticker: "sticker" };
/** Choice ids Rafiq gives buttons; a template's quick reply carries one as its payload. */
const CHOICE_ID = /^[a-z]+:[\w:.-]+$/;

function decodeContent(message: ParsedMessage, from: string): { content: InboundContent; media?: { id: string; mimeType: string }; silent?: boolean } | null {
  switch (message.type) {
    case "text":
      return message.text ? { content: { kind: "text", text: message.text.body } } : null;
    case "interactive": {
      const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
      return reply ? { content: { kind: "choice", choiceId: reply.id } } : null;
    }
    case "button": {
      // A template's quick reply: its payload is our choice id; without one, the words on it.
      if (!message.button) return null;
      const payload = message.button.payload;
      return { content: payload && CHOICE_ID.test(payload) ? { kind: "choice", choiceId: payload } : { kind: "text", text: message.button.text } };
    }
    case "audio": {
      if (!message.audio) return null;
      const kind: MediaKind = message.audio.voice === false ? "audio" : "voice";
      return { content: { kind: "media", media: kind }, media: { id: message.audio.id, mimeType: message.audio.mime_type } };
    }
    case "image":
      return message.image ? { content: { kind: "media", media: "photo" }, media: { id: message.image.id, mimeType: message.image.mime_type } } : null;
    case "location": {
      const where = message.location;
      if (!where || Math.abs(where.latitude) > 90 || Math.abs(where.longitude) > 180) return { content: { kind: "media", media: "other" } };
      return { content: { kind: "location", latitude: where.latitude, longitude: where.longitude } };
    }
    case "contacts": {
      // Only the person's own card links a number to their profile.
      const own = (message.contacts ?? []).flatMap((card) => card.phones ?? []).find((phone) => phone.wa_id === from);
      return { content: own ? { kind: "contact", phone: `+${from}` } : { kind: "media", media: "other" } };
    }
    case "reaction":
      // A 👍 on one of our messages: it opens the window, but nothing to answer.
      return { content: { kind: "media", media: "other" }, silent: true };
    case "unsupported":
      return { content: { kind: "media", media: "other" } };
    default: {
      const media = MEDIA_TYPES[message.type];
      if (media) return { content: { kind: "media", media } };
      // system notices (number changed…), orders, and whatever comes next: not a person's words to answer.
      return null;
    }
  }
}
