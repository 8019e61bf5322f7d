/**
 * The slice of whatsapp-web.js that the WhatsApp adapter touches, and nothing more.
 * `real-client.ts` returns the library's `Client` typed as this port (so the compiler
 * checks that the real class fits it), and the tests drive the adapter with a double
 * that implements exactly this. Keep it thin: every member added here is one more thing
 * the double must imitate honestly.
 */

/** What the adapter reads from a whatsapp-web.js `Message`. Parsed in decode.ts, never trusted. */
export interface WhatsAppMessagePort {
  /** `_serialized` is e.g. `false_212612345678@c.us_3EB0C0FFEE`: unique per message, stable across re-deliveries. */
  id: { _serialized: string };
  /** The chat: `2126…@c.us` or `…@lid` for a person, `…@g.us` for a group, `status@broadcast` for statuses. */
  from: string;
  /** Sent by the linked phone itself (or by us). */
  fromMe: boolean;
  /** `chat`, `image`, `ptt`, `sticker`, `location`, `vcard`… (the library's MessageTypes values). */
  type: string;
  /** The text of a `chat` message; a caption or a vCard for some other types. */
  body: string;
  isStatus: boolean;
  /** In a group: the participant who wrote. Undefined in a one-to-one chat. */
  author?: string | undefined;
  /** Only for `location` messages. The library types these as strings; at runtime they are numbers. */
  location?: { latitude: number | string; longitude: number | string } | undefined;
  /** The raw vCards of `vcard` / `multi_vcard` messages. */
  vCards?: string[] | undefined;
}

/** The events the adapter listens to, with the arguments whatsapp-web.js passes. */
export interface WhatsAppClientEvents {
  /** A new pairing QR code (refreshed every ~20 s until a phone scans one). */
  qr: [qr: string];
  authenticated: [];
  ready: [];
  auth_failure: [message: string];
  /** `LOGOUT`, `CONFLICT`, `UNPAIRED`, `UNLAUNCHED`, or a library message. */
  disconnected: [reason: string];
  message: [message: WhatsAppMessagePort];
}

export type WhatsAppEventName = keyof WhatsAppClientEvents;

/** The minimal `Client` surface: listen, connect, disconnect, send text. */
export interface WhatsAppClientPort {
  on<E extends WhatsAppEventName>(event: E, listener: (...args: WhatsAppClientEvents[E]) => void): unknown;
  /** Launches the browser and opens WhatsApp Web; resolves once the page is loaded (QR shown or session restored). */
  initialize(): Promise<void>;
  /** Closes the browser; the session on disk (LocalAuth) is kept. */
  destroy(): Promise<void>;
  /** Resolves with the sent message; the library resolves `undefined` when it finds no chat for `chatId`. */
  sendMessage(chatId: string, content: string): Promise<{ id: { _serialized: string } } | null | undefined>;
}
