import { z } from "zod";
import type { InboundContent, InboundMessage, MediaKind } from "../../core/types.ts";

/**
 * What the library hands us, parsed rather than trusted: a message from a WhatsApp Web
 * build the library does not fully understand must be dropped, not crash the listener.
 */
const messageSchema = z.object({
  id: z.object({ _serialized: z.string().min(1) }),
  from: z.string(),
  fromMe: z.boolean(),
  type: z.string(),
  body: z.string().catch(""),
  isStatus: z.boolean().catch(false),
  author: z.string().nullish().catch(undefined),
  location: z.object({ latitude: z.coerce.number(), longitude: z.coerce.number() }).nullish().catch(undefined),
  vCards: z.array(z.string()).nullish().catch(undefined),
});

/** A person's chat: a phone-number id (`2126…@c.us`) or WhatsApp's privacy id (`…@lid`). */
const PERSON_CHAT = /^\d{5,20}@(?:c\.us|lid)$/;

export function isPersonChat(chatId: string): boolean {
  return PERSON_CHAT.test(chatId);
}

const MEDIA_TYPES: Record<string, MediaKind> = {
  sticker: "sticker",
  image: "photo",
  album: "photo",
  ptt: "voice",
  audio: "audio",
  video: "video",
  document: "document",
};

/**
 * Things a person sent that we cannot read but should answer ("I only read text"). Every
 * other type (revoked, reactions, e2e and group notifications, call logs, ciphertext
 * placeholders, `unknown`) is the app talking, not the person: no reply.
 */
const OTHER_CONTENT_TYPES = new Set(["poll_creation", "groups_v4_invite", "order", "product", "payment", "oversized", "scheduled_event_creation"]);

/**
 * One whatsapp-web.js message → an InboundMessage, or null when Rafiq must not answer it:
 * groups, status updates, broadcasts and newsletters, messages from the linked phone
 * itself, system notices. The person's id is the chat id (`msg.from`), so replies go back
 * to the same chat; the message id makes a re-delivered message a duplicate.
 */
export function decodeMessage(raw: unknown): InboundMessage | null {
  const parsed = messageSchema.safeParse(raw);
  if (!parsed.success) return null;
  const msg = parsed.data;
  if (msg.fromMe || msg.isStatus || msg.author) return null;
  if (!PERSON_CHAT.test(msg.from)) return null; // @g.us, status@broadcast, @newsletter, …
  const content = decodeContent(msg);
  if (!content) return null;
  return { channel: "whatsapp", externalUserId: msg.from, channelMessageId: msg.id._serialized, content };
}

function decodeContent(msg: z.output<typeof messageSchema>): InboundContent | null {
  const media = MEDIA_TYPES[msg.type];
  if (media) return { kind: "media", media };
  switch (msg.type) {
    case "chat":
      return { kind: "text", text: msg.body };
    case "location": {
      const { latitude, longitude } = msg.location ?? {};
      if (latitude === undefined || longitude === undefined || !validCoordinates(latitude, longitude)) return other();
      return { kind: "location", latitude, longitude };
    }
    case "vcard":
    case "multi_vcard": {
      // Only the person's own card links a number to their profile; a friend's card is just unreadable to us.
      const own = (msg.vCards ?? [msg.body]).flatMap(phonesFromVCard).find((phone) => isSendersNumber(phone, msg.from));
      return own ? { kind: "contact", phone: own } : other();
    }
    default:
      return OTHER_CONTENT_TYPES.has(msg.type) ? other() : null;
  }
}

const other = (): InboundContent => ({ kind: "media", media: "other" });

function validCoordinates(latitude: number, longitude: number): boolean {
  return Number.isFinite(latitude) && Number.isFinite(longitude) && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
}

/**
 * The phone numbers of a vCard. WhatsApp writes `TEL;type=CELL;waid=212612345678:+212 6 12 34 56 78`:
 * the `waid` is the number in international form without `+`, so it wins; otherwise the
 * TEL value with its spaces, dots, dashes and brackets removed.
 */
export function phonesFromVCard(vcard: string): string[] {
  const phones: string[] = [];
  for (const line of vcard.split(/\r?\n/)) {
    if (!/^(?:item\d+\.)?TEL[;:]/i.test(line)) continue;
    const waid = /;waid=(\d{6,15})/i.exec(line)?.[1];
    const value = waid ? `+${waid}` : line.slice(line.indexOf(":") + 1).replace(/[\s().-]/g, "");
    if (/^\+?\d{6,15}$/.test(value)) phones.push(value);
  }
  return phones;
}

/**
 * Whether `phone` is the sender's: a `2126…@c.us` chat id is the number itself. A `@lid`
 * id hides the number, so a card from such a chat cannot be proven to be the sender's.
 */
function isSendersNumber(phone: string, from: string): boolean {
  const sender = /^(\d+)@c\.us$/.exec(from)?.[1];
  if (!sender) return false;
  const digits = phone.replace(/^\+|^00/, "");
  // A local Moroccan form (06…, 07…, 05…) of the same number counts too.
  return digits === sender || (/^0[5-7]\d{8}$/.test(digits) && `212${digits.slice(1)}` === sender);
}
