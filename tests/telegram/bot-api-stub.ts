import { randomInt } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";

/**
 * A small Telegram Bot API emulator for tests: `/bot<token>/<method>` on 127.0.0.1,
 * enough of the API for the Rafiq bot, with Telegram's own checks where they catch our
 * bugs (HTML that would not parse, a text over 4096 characters, callback data over 64
 * bytes). It records every call, serves queued updates to getUpdates (long polling),
 * posts them to the registered webhook like Telegram does, and can be told to fail a
 * method once (429 with retry_after, 403 blocked…).
 */
export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  ok: boolean;
  /** For a successful sendMessage: the text as the person reads it (tags and escapes parsed). */
  plainText?: string;
  messageId?: number;
  /** When it arrived (performance.now() of the test process). */
  at?: number;
}

export interface ScriptedFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

export const STUB_BOT = { id: 7_000_000_001, is_bot: true, first_name: "Rafiq", username: "rafiq_test_bot" } as const;
/** getUpdates waits at most this long for an update, whatever timeout the bot asks for. */
const MAX_POLL_WAIT_MS = 1_000;
const TELEGRAM_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span", "tg-spoiler", "tg-emoji", "blockquote"]);

export type BotApiStub = Awaited<ReturnType<typeof startBotApiStub>>;

export interface StubOptions {
  /**
   * Telegram's flood limit, enforced: a sendMessage beyond `perSecond` in any sliding
   * second gets 429 with retry_after, as Telegram answers a bot that sends too fast.
   */
  limit?: { perSecond: number };
  /** Told of each call once it is answered and recorded (benchmarks time replies by it). */
  onCall?: (call: RecordedCall) => void;
}

export async function startBotApiStub(token: string, options: StubOptions = {}) {
  const calls: RecordedCall[] = [];
  /** When each accepted sendMessage arrived (ms), for the flood limit. */
  const accepted: number[] = [];
  let throttled = 0;
  const queue: { update: Update; redelivery: boolean }[] = [];
  const failures: { method: string; failure: ScriptedFailure; when: (payload: Record<string, unknown>) => boolean }[] = [];
  const pollers = new Set<() => void>();
  let webhook: { url: string; secret: string | undefined } | null = null;
  // Update ids unique across the test files sharing one database: a random start, then in sequence.
  let nextUpdateId = randomInt(100_000_000, 2_000_000_000);
  let nextMessageId = 1;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => reply(res, 500, { ok: false, error_code: 500, description: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
    if (!match) return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (match[1] !== token) return reply(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = match[2] ?? "";
    const payload = await readPayload(req);
    const scripted = failures.findIndex((entry) => entry.method === method && entry.when(payload));
    if (scripted !== -1) {
      const failure = failures.splice(scripted, 1)[0]?.failure;
      calls.push({ method, payload, ok: false });
      if (failure) return reply(res, failure.error_code, { ok: false, ...failure });
    }
    if (method === "getUpdates") return serveUpdates(req, res, payload);
    if (method === "sendMessage" && options.limit && overLimit(options.limit.perSecond)) {
      throttled += 1;
      calls.push({ method, payload, ok: false });
      return reply(res, 429, { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    }
    const outcome = answer(method, payload);
    const at = performance.now();
    if (method === "sendMessage" && outcome.ok) accepted.push(at);
    const call: RecordedCall = { method, payload, ok: outcome.ok, at, ...outcome.record };
    calls.push(call);
    options.onCall?.(call);
    if (!outcome.ok) return reply(res, outcome.status, { ok: false, error_code: outcome.status, description: outcome.description });
    return reply(res, 200, { ok: true, result: outcome.result });
  }

  function overLimit(perSecond: number): boolean {
    const windowStart = performance.now() - 1_000;
    while (accepted.length > 0 && (accepted[0] ?? 0) <= windowStart) accepted.shift();
    return accepted.length >= perSecond;
  }

  type Outcome =
    | { ok: true; result: unknown; record?: { plainText: string; messageId: number } }
    | { ok: false; status: number; description: string; record?: undefined };

  function answer(method: string, payload: Record<string, unknown>): Outcome {
    switch (method) {
      case "getMe":
        return { ok: true, result: { ...STUB_BOT, can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false } };
      case "deleteWebhook":
        webhook = null;
        return { ok: true, result: true };
      case "setWebhook":
        webhook = { url: String(payload.url), secret: typeof payload.secret_token === "string" ? payload.secret_token : undefined };
        return { ok: true, result: true };
      case "setMyCommands":
      case "answerCallbackQuery":
        return { ok: true, result: true };
      case "editMessageReplyMarkup":
        return { ok: true, result: true };
      case "sendMessage":
        return sendMessage(payload);
      default:
        return { ok: false, status: 404, description: "Not Found: method not found" };
    }
  }

  function sendMessage(payload: Record<string, unknown>): Outcome {
    const text = typeof payload.text === "string" ? payload.text : "";
    const parsed = payload.parse_mode === "HTML" ? parseHtml(text) : { plain: text };
    if ("error" in parsed) return { ok: false, status: 400, description: `Bad Request: can't parse entities: ${parsed.error}` };
    if (parsed.plain.trim() === "") return { ok: false, status: 400, description: "Bad Request: message text is empty" };
    if (parsed.plain.length > 4096) return { ok: false, status: 400, description: "Bad Request: message is too long" };
    for (const button of keyboardButtons(payload.reply_markup)) {
      if (typeof button.callback_data === "string" && Buffer.byteLength(button.callback_data) > 64) {
        return { ok: false, status: 400, description: "Bad Request: BUTTON_DATA_INVALID" };
      }
    }
    const messageId = nextMessageId++;
    const chat = { id: Number(payload.chat_id), type: "private", first_name: "Test" };
    const result = { message_id: messageId, date: Math.floor(Date.now() / 1000), chat, from: STUB_BOT, text: parsed.plain, reply_markup: payload.reply_markup };
    return { ok: true, result, record: { plainText: parsed.plain, messageId } };
  }

  function serveUpdates(req: IncomingMessage, res: ServerResponse, payload: Record<string, unknown>) {
    const offset = typeof payload.offset === "number" ? payload.offset : 0;
    const limit = typeof payload.limit === "number" ? payload.limit : 100;
    const waitMs = Math.min(MAX_POLL_WAIT_MS, (typeof payload.timeout === "number" ? payload.timeout : 0) * 1000);
    // Telegram forgets updates below the offset: the bot has confirmed them.
    for (let index = queue.length - 1; index >= 0; index -= 1) {
      const entry = queue[index];
      if (entry && !entry.redelivery && entry.update.update_id < offset) queue.splice(index, 1);
    }
    const take = () => {
      const batch = queue.slice(0, limit);
      // A re-delivery is served once, whatever the offset (as after a crash before confirming).
      for (const entry of batch) if (entry.redelivery) queue.splice(queue.indexOf(entry), 1);
      return batch.map((entry) => entry.update);
    };
    const call: RecordedCall = { method: "getUpdates", payload, ok: true };
    calls.push(call);
    const respond = () => {
      pollers.delete(respond);
      clearTimeout(timer);
      if (res.writableEnded || res.destroyed) return;
      const updates = take();
      call.payload = { ...payload, served: updates.map((update) => update.update_id) };
      reply(res, 200, { ok: true, result: updates });
    };
    const ready = queue.length > 0 || waitMs === 0;
    const timer = setTimeout(respond, ready ? 0 : waitMs);
    pollers.add(respond);
    req.on("close", () => {
      pollers.delete(respond);
      clearTimeout(timer);
    });
  }

  return {
    url,
    token,
    calls,
    /** sendMessage calls refused with 429 by the flood limit. */
    get throttled() {
      return throttled;
    },
    get webhook() {
      return webhook;
    },
    /** A fresh update id, as Telegram would number the next update. */
    nextUpdateId: () => nextUpdateId++,
    /** Queues an update for getUpdates (long polling). `redelivery` serves it again even if confirmed. */
    pushUpdate(update: Update, options: { redelivery?: boolean } = {}) {
      queue.push({ update, redelivery: options.redelivery ?? false });
      for (const poller of [...pollers]) poller();
    },
    /** Posts an update to the registered webhook, with the registered secret unless told otherwise. */
    async deliverWebhook(update: unknown, secret: string | null | undefined = webhook?.secret) {
      if (!webhook) throw new Error("no webhook registered with the stub");
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (secret) headers["x-telegram-bot-api-secret-token"] = secret;
      const started = performance.now();
      const response = await fetch(webhook.url, { method: "POST", headers, body: typeof update === "string" ? update : JSON.stringify(update) });
      await response.arrayBuffer();
      return { status: response.status, ms: performance.now() - started };
    },
    /** The next call to `method` (whose payload passes `when`) fails once with `failure`. */
    failNext(method: string, failure: ScriptedFailure, when: (payload: Record<string, unknown>) => boolean = () => true) {
      failures.push({ method, failure, when });
    },
    callsTo(method: string) {
      return calls.filter((call) => call.method === method);
    },
    /** Messages that reached the chat (successful sendMessage calls), oldest first. */
    sentTo(chatId: number) {
      return calls.filter((call) => call.method === "sendMessage" && call.ok && Number(call.payload.chat_id) === chatId);
    },
    /** Resolves when `predicate` holds for the recorded calls; fails with what was seen after `timeoutMs`. */
    async waitFor<T>(predicate: (calls: RecordedCall[]) => T | undefined | null | false, timeoutMs = 5_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = predicate(calls);
        if (value) return value;
        if (Date.now() > deadline) {
          const seen = calls.map((call) => `${call.method}${call.ok ? "" : "(failed)"} ${JSON.stringify(call.payload).slice(0, 120)}`);
          throw new Error(`the stub did not see the expected calls within ${timeoutMs} ms; it saw:\n${seen.join("\n")}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      for (const poller of [...pollers]) poller();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function reply(res: ServerResponse, status: number, body: unknown) {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readPayload(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (raw.trim() === "") return {};
  const parsed: unknown = JSON.parse(raw);
  return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
}

function keyboardButtons(markup: unknown): { callback_data?: unknown; url?: unknown }[] {
  if (!markup || typeof markup !== "object" || !("inline_keyboard" in markup) || !Array.isArray(markup.inline_keyboard)) return [];
  return markup.inline_keyboard.flat().filter((button: unknown): button is { callback_data?: unknown } => typeof button === "object" && button !== null);
}

/** Telegram's HTML parse mode: known tags, and &, <, > only as entities. */
export function parseHtml(html: string): { plain: string } | { error: string } {
  let plain = "";
  for (let index = 0; index < html.length; ) {
    const char = html[index] ?? "";
    if (char === "<") {
      const tag = /^<\/?([a-z-]+)(?:\s[^<>]*)?>/i.exec(html.slice(index));
      if (!tag || !TELEGRAM_TAGS.has((tag[1] ?? "").toLowerCase())) return { error: `unsupported start tag at byte offset ${index}` };
      index += tag[0].length;
    } else if (char === "&") {
      const entity = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(html.slice(index));
      if (!entity) return { error: `character entity expected at byte offset ${index}` };
      plain += decodeEntity(entity[1] ?? "");
      index += entity[0].length;
    } else if (char === ">") {
      return { error: `unexpected end tag at byte offset ${index}` };
    } else {
      plain += char;
      index += 1;
    }
  }
  return { plain };
}

function decodeEntity(name: string): string {
  const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
  if (named[name.toLowerCase()]) return named[name.toLowerCase()] ?? "";
  return String.fromCodePoint(name[1]?.toLowerCase() === "x" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1)));
}
