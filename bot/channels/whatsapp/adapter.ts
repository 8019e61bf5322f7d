import { systemClock, type Clock } from "../../../lib/clock.ts";
import type { Config } from "../../../lib/config.ts";
import type { Logger } from "../../../lib/logger.ts";
import type { Intake } from "../../core/intake.ts";
import type { ChannelAdapter } from "../types.ts";
import type { WhatsAppClientPort } from "./client-port.ts";
import { createWhatsAppConnection, DEFAULT_RECONNECT, type ReconnectPolicy, type WhatsAppState } from "./connection.ts";
import { decodeMessage } from "./decode.ts";
import { createInboundQueue } from "./inbound.ts";
import { createPacer } from "./pacer.ts";
import { printQrToTerminal, qrToPng } from "./qr.ts";
import { WHATSAPP_CAPABILITIES } from "./render.ts";
import { createWhatsAppSender } from "./sender.ts";

export type { WhatsAppState } from "./connection.ts";

export type WhatsAppChannelConfig = Pick<
  Config,
  "DATA_DIR" | "CHROMIUM_PATH" | "WHATSAPP_MIN_INTERVAL_MS" | "WHATSAPP_CHAT_INTERVAL_MS" | "WHATSAPP_JITTER_MS"
>;

export interface WhatsAppChannelDeps {
  intake: Intake;
  log: Logger;
  /** One client object, reused across reconnects (the tests' double). */
  client?: WhatsAppClientPort;
  /** A fresh client per (re)connection. Default: the real whatsapp-web.js client (real-client.ts). */
  createClient?: () => WhatsAppClientPort | Promise<WhatsAppClientPort>;
  clock?: Clock;
  reconnect?: Partial<ReconnectPolicy>;
  /** Where the pairing QR is drawn; default: the terminal, on stderr. */
  printQr?: (qr: string) => void;
}

/** The WhatsApp channel as the composition root and the admin API see it. */
export interface WhatsAppChannel extends ChannelAdapter {
  state(): WhatsAppState;
  /** The current pairing QR code as a PNG, or null when there is none (paired, not started, disabled). */
  qrPng(): Promise<Buffer | null>;
}

/**
 * WhatsApp through whatsapp-web.js: an unofficial client that drives WhatsApp Web in
 * Chromium, paired with a phone by QR code. Inbound: decode.ts turns messages into
 * InboundMessages for the intake (ignoring groups, statuses and the phone's own
 * messages). Outbound: the outbox calls `sender`, which renders (numbered lists, no
 * buttons), paces (pacer.ts — the ban risk) and sends. The session reconnects by itself
 * (connection.ts); `start()` never blocks or throws, so Chromium missing or WhatsApp Web
 * unreachable leaves the other channels serving.
 *
 * The official WhatsApp Cloud API (Meta's webhooks + Graph API) would be a second adapter
 * beside this one, in `bot/channels/whatsapp-cloud/`, implementing the same ChannelAdapter
 * (`channel: "whatsapp"`): its own decode (webhook JSON), render (interactive buttons up to
 * 3, lists up to 10, templates outside the 24-hour window) and sender (HTTP, no pacing
 * beyond Meta's rate limits). Flows and the engine would not change; main.ts would pick
 * one adapter by configuration. Its ids are bare phone numbers (`2126…`), while this
 * adapter's are chat ids (`2126…@c.us`): switching would map one to the other.
 */
export function createWhatsAppChannel(config: WhatsAppChannelConfig, deps: WhatsAppChannelDeps): WhatsAppChannel {
  const log = deps.log.child({ channel: "whatsapp" });
  const inbound = createInboundQueue(deps.intake, log);
  const injected = deps.client;
  const createClient =
    deps.createClient ??
    (injected
      ? () => injected
      : // Loaded on first use: deployments without WhatsApp never load puppeteer, and a broken install fails here, not at boot.
        async () => (await import("./real-client.ts")).createWhatsAppWebClient(config));

  const connection = createWhatsAppConnection({
    createClient,
    log,
    clock: deps.clock ?? systemClock,
    reconnect: { ...DEFAULT_RECONNECT, ...deps.reconnect },
    onQr: deps.printQr ?? ((qr) => printQrToTerminal(qr)),
    onMessage(message) {
      const decoded = decodeMessage(message);
      if (!decoded) {
        log.debug({ type: message.type }, "WhatsApp message ignored (group, status, own, or system)");
        return;
      }
      inbound.push(decoded);
    },
  });

  const pacer = createPacer({
    minIntervalMs: config.WHATSAPP_MIN_INTERVAL_MS,
    chatIntervalMs: config.WHATSAPP_CHAT_INTERVAL_MS,
    jitterMs: config.WHATSAPP_JITTER_MS,
  });

  return {
    channel: "whatsapp",
    capabilities: WHATSAPP_CAPABILITIES,
    sender: createWhatsAppSender({ connection, pacer, capabilities: WHATSAPP_CAPABILITIES }),
    async start() {
      connection.start();
    },
    async stop() {
      await connection.stop();
      await inbound.drain();
    },
    state: () => connection.state(),
    async qrPng() {
      const qr = connection.qr();
      return qr ? qrToPng(qr) : null;
    },
  };
}
