import { EventEmitter } from "node:events";
import type { WhatsAppClientEvents, WhatsAppClientPort, WhatsAppEventName } from "../../bot/channels/whatsapp/client-port.ts";

export interface SentMessage {
  chatId: string;
  content: string;
}

let sequence = 0;

/** The phone number the fake session is linked to (what `msg.to` holds for incoming messages). */
export const LINKED_NUMBER = "212600000000@c.us";

/** A person's WhatsApp id no other test uses: `2126…@c.us`. */
export function uniqueChatId(): string {
  const digits = String(Date.now() % 1e5).padStart(5, "0") + String(Math.floor(Math.random() * 1e4)).padStart(4, "0");
  return `2126${digits}@c.us`;
}

/**
 * A Message shaped like the ones whatsapp-web.js emits (same field names and formats,
 * including the ones the adapter does not read), so decode.ts parses what it will meet.
 */
export function incoming(from: string, fields: Partial<Record<string, unknown>> & { type?: string; body?: string } = {}) {
  sequence += 1;
  const key = `3EB0${Date.now().toString(16).toUpperCase()}${sequence}`;
  const fromMe = fields.fromMe === true;
  return {
    id: { fromMe, remote: from, id: key, _serialized: `${fromMe}_${from}_${key}` },
    ack: 1,
    hasMedia: ["image", "ptt", "audio", "video", "document", "sticker"].includes(fields.type ?? "chat"),
    body: "",
    type: "chat",
    timestamp: Math.floor(Date.now() / 1000),
    from,
    to: LINKED_NUMBER,
    author: undefined,
    deviceType: "android",
    isForwarded: false,
    forwardingScore: 0,
    isStatus: from === "status@broadcast",
    isStarred: false,
    broadcast: false,
    fromMe,
    hasQuotedMsg: false,
    hasReaction: false,
    duration: undefined,
    location: undefined,
    vCards: [],
    mentionedIds: [],
    links: [],
    ...fields,
  };
}

/**
 * A test double of whatsapp-web.js's Client, limited to the port the adapter uses: a real
 * EventEmitter (the real Client is one), initialize/destroy that tests can script, and a
 * sendMessage that records what reached each chat.
 */
export class FakeWhatsAppClient implements WhatsAppClientPort {
  readonly events = new EventEmitter();
  readonly sent: SentMessage[] = [];
  initializeCalls = 0;
  destroyCalls = 0;
  /** What initialize does; by default a restored session: authenticated, then ready. */
  onInitialize: (client: FakeWhatsAppClient) => Promise<void> = async (client) => {
    setImmediate(() => {
      client.emit("authenticated");
      client.emit("ready");
    });
  };
  /** Scripts sendMessage: return an Error to reject with it, `"no-chat"` to resolve undefined like the library. */
  onSend: (chatId: string, content: string) => Error | "no-chat" | "ok" = () => "ok";

  on<E extends WhatsAppEventName>(event: E, listener: (...args: WhatsAppClientEvents[E]) => void): this {
    this.events.on(event, listener);
    return this;
  }

  emit<E extends WhatsAppEventName>(event: E, ...args: WhatsAppClientEvents[E]): boolean {
    return this.events.emit(event, ...args);
  }

  /** A person's message arrives, as the library would emit it. */
  receive(message: ReturnType<typeof incoming>): void {
    this.events.emit("message", message);
  }

  async initialize(): Promise<void> {
    this.initializeCalls += 1;
    await this.onInitialize(this);
  }

  async destroy(): Promise<void> {
    this.destroyCalls += 1;
  }

  async sendMessage(chatId: string, content: string) {
    const outcome = this.onSend(chatId, content);
    if (outcome instanceof Error) throw outcome;
    if (outcome === "no-chat") return undefined;
    this.sent.push({ chatId, content });
    return { id: { _serialized: `true_${chatId}_SENT${this.sent.length}` } };
  }

  sentTo(chatId: string): string[] {
    return this.sent.filter((message) => message.chatId === chatId).map((message) => message.content);
  }
}
