import { and, eq } from "drizzle-orm";
import pino from "pino";
import { createWhatsAppChannel, type WhatsAppChannel, type WhatsAppChannelDeps } from "../../bot/channels/whatsapp/adapter.ts";
import { createIntake } from "../../bot/core/intake.ts";
import { createOutbox } from "../../bot/core/outbox.ts";
import { startWorkers } from "../../bot/core/workers.ts";
import { messages } from "../../db/schema/index.ts";
import type { Logger } from "../../lib/logger.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { FakeWhatsAppClient, type incoming } from "./fake-client.ts";

export type TestRuntime = Awaited<ReturnType<typeof openTestRuntime>>;

/** A logger whose JSON lines the test can read back. */
export function capturingLogger(): { log: Logger; lines: Record<string, unknown>[]; messages: () => string[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines, messages: () => lines.map((line) => String(line.msg)) };
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Pacing off (the pacer has its own test), reconnects in milliseconds. */
export const FAST_WHATSAPP = { WHATSAPP_MIN_INTERVAL_MS: 0, WHATSAPP_CHAT_INTERVAL_MS: 0, WHATSAPP_JITTER_MS: 0 };
export const FAST_RECONNECT = { firstDelayMs: 5, maxDelayMs: 40, startTimeoutMs: 5_000 };

/**
 * The production wiring on the test database, with the double in place of whatsapp-web.js:
 * channel → intake → engine → outbox (run by the workers) → channel.sender → double.
 * A fresh channel, outbox and workers per test; the runtime (database, engine) is the
 * test file's, so tests keep apart by using unique chat ids.
 */
export async function openWhatsApp(
  runtime: TestRuntime,
  options: { client?: FakeWhatsAppClient; deps?: Partial<WhatsAppChannelDeps>; waitReady?: boolean } = {},
) {
  const logs = capturingLogger();
  const client = options.client ?? new FakeWhatsAppClient();
  const qrPrinted: string[] = [];
  const channel: WhatsAppChannel = createWhatsAppChannel(
    { ...runtime.config, ...FAST_WHATSAPP },
    {
      intake: createIntake(runtime.engine, logs.log),
      log: logs.log,
      client,
      clock: runtime.clock,
      reconnect: FAST_RECONNECT,
      printQr: (qr) => void qrPrinted.push(qr),
      ...options.deps,
    },
  );
  const db = runtime.database.db;
  const outbox = createOutbox({ db, clock: runtime.clock, log: logs.log, senders: [channel.sender] });
  const stopWorkers = startWorkers({ engine: runtime.engine, outbox, log: logs.log, pushChannels: new Set(["whatsapp"]), db, clock: runtime.clock });
  await channel.start();
  if (options.waitReady !== false) await until(() => channel.state().status === "ready", "the WhatsApp session to be ready");

  /** Waits until the message is handled and every reply to it has left through the double. */
  async function settled(channelMessageId: string): Promise<void> {
    await until(async () => {
      const [inbound] = await db
        .select({ conversationId: messages.conversationId, status: messages.status })
        .from(messages)
        .where(and(eq(messages.channel, "whatsapp"), eq(messages.direction, "inbound"), eq(messages.channelMessageId, channelMessageId)));
      if (!inbound || inbound.status === "received") return false;
      const pending = await db
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.conversationId, inbound.conversationId), eq(messages.direction, "outbound"), eq(messages.status, "pending")))
        .limit(1);
      return pending.length === 0;
    }, `the replies to ${channelMessageId}`);
  }

  /** A person sends `message`; resolves with the texts WhatsApp delivered back to them. */
  async function exchange(message: ReturnType<typeof incoming>): Promise<string[]> {
    const before = client.sentTo(message.from).length;
    client.receive(message);
    await settled(message.id._serialized);
    return client.sentTo(message.from).slice(before);
  }

  return {
    runtime,
    client,
    channel,
    logs,
    qrPrinted,
    exchange,
    settled,
    async close() {
      await channel.stop();
      await stopWorkers();
    },
  };
}

export type WhatsAppHarness = Awaited<ReturnType<typeof openWhatsApp>>;
