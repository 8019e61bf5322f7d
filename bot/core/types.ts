/**
 * The engine's vocabulary, shared by flows and channels. Flows never import a channel
 * SDK; channels never decide what to say. These types are the seam between them.
 */

/** External language codes (API, database). Darija is `ary` (ISO 639-3). */
export const LANGUAGES = ["fr", "ar", "ary"] as const;
export type Lang = (typeof LANGUAGES)[number];

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export const RTL_LANGUAGES: ReadonlySet<Lang> = new Set(["ar", "ary"]);

export type ChannelName = "web" | "cli" | "telegram" | "whatsapp";

export type MediaKind = "sticker" | "photo" | "voice" | "audio" | "video" | "document" | "other";

/** What a person sent, decoded by a channel adapter. */
export type InboundContent =
  | { kind: "text"; text: string }
  /** A button press, or a typed answer the engine matched to an offered choice. */
  | { kind: "choice"; choiceId: string }
  /** The channel's start signal (Telegram /start, opening the web chat), with a deep-link payload. */
  | { kind: "start"; payload?: string }
  | { kind: "media"; media: MediaKind }
  | { kind: "location"; latitude: number; longitude: number }
  | { kind: "contact"; phone: string };

export interface InboundMessage {
  channel: ChannelName;
  /** The channel's id for the person (Telegram chat id, WhatsApp id, web token hash). */
  externalUserId: string;
  /** The channel's id for the message; duplicates by (channel, id) are dropped. */
  channelMessageId?: string;
  content: InboundContent;
}

export interface Choice {
  /** Stable id, e.g. `lang:fr`, `menu:human`; `cmd:*` ids work from any step. */
  id: string;
  label: string;
  /** Extra words that select this choice when typed (other languages, scripts). Not shown. */
  keywords?: string[];
}

/**
 * What may reach a person whose channel window has closed (WhatsApp's 24 hours since
 * their last message): a pre-approved template standing for this message, named by what
 * it is for, with the values it may quote. Channels without such a window ignore it.
 */
export interface WindowNotice {
  template: NoticeTemplate;
  values: Partial<Record<NoticeValue, string>>;
}
export const NOTICE_TEMPLATES = ["meeting_reminder", "advisor_replied", "announcement"] as const;
export type NoticeTemplate = (typeof NOTICE_TEMPLATES)[number];
/** Values a template may quote, by name: the configuration orders them into its parameters. */
export type NoticeValue = "name" | "when" | "site" | "address" | "advisor" | "text";

/** What the bot says, as data. Each channel renders every kind (exhaustive switch). */
export type Outbound =
  | { kind: "text"; text: string; notice?: WindowNotice }
  | { kind: "choices"; text: string; choices: Choice[]; notice?: WindowNotice }
  | { kind: "link"; text: string; url: string; label: string }
  /** What an advisor wrote, sent as written; `sender` is their first name, shown with it. */
  | { kind: "advisor"; text: string; sender: string };

export type OutboundKind = Outbound["kind"];

/** Channel limits are data, so the same message can be shaped for each. */
export interface ChannelCapabilities {
  /** Longest text one message may carry; longer texts are split. */
  maxTextLength: number;
  /** Buttons per message; 0 means choices become a numbered list. */
  maxButtons: number;
  maxButtonLabelLength: number;
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
}
