import type { Db } from "../../../db/client.ts";
import { pruneIdleBuckets } from "../../../db/rate-buckets.ts";
import { purgeExpiredMedia } from "../../../db/whatsapp-cloud.ts";
import type { Clock } from "../../../lib/clock.ts";
import type { Config } from "../../../lib/config.ts";
import type { Logger } from "../../../lib/logger.ts";
import { cloudRate } from "../../broadcast/limits.ts";
import type { Engine } from "../../core/engine.ts";
import type { Translator } from "../../i18n.ts";
import type { ChannelAdapter } from "../types.ts";
import { createGraphClient } from "./graph-client.ts";
import { CLOUD_CAPABILITIES } from "./limits.ts";
import { keepMedia } from "./media.ts";
import { createCloudSender, pairKeyPrefix } from "./sender.ts";
import { parseTemplates } from "./templates.ts";
import { createCloudWebhook, type CloudWebhook } from "./webhook.ts";

export type CloudChannelConfig = Pick<
  Config,
  | "WHATSAPP_CLOUD_ACCESS_TOKEN"
  | "WHATSAPP_CLOUD_PHONE_NUMBER_ID"
  | "WHATSAPP_CLOUD_APP_SECRET"
  | "WHATSAPP_CLOUD_VERIFY_TOKEN"
  | "WHATSAPP_CLOUD_GRAPH_URL"
  | "WHATSAPP_CLOUD_API_VERSION"
  | "WHATSAPP_CLOUD_PER_SECOND"
  | "WHATSAPP_CLOUD_PAIR_INTERVAL_MS"
  | "WHATSAPP_CLOUD_PAIR_BURST"
  | "WHATSAPP_CLOUD_TEMPLATES"
  | "WHATSAPP_CLOUD_MEDIA_MAX_BYTES"
  | "WHATSAPP_CLOUD_MEDIA_KEEP_HOURS"
>;

export interface CloudChannelDeps {
  db: Db;
  engine: Pick<Engine, "accept" | "processConversation" | "events">;
  translator: Translator;
  clock: Clock;
  log: Logger;
}

export type CloudChannel = ChannelAdapter & { webhook: CloudWebhook };

/** Housekeeping: idle pair buckets and expired media go this often. */
const HOUSEKEEPING_MS = 10 * 60_000;

/**
 * WhatsApp through Meta's official Cloud API: the production WhatsApp (templates, the
 * 24-hour window, 80 messages/s), beside whatsapp-web.js for pilots; main.ts picks one by
 * WHATSAPP_PROVIDER. Inbound: Meta's signed webhook (webhook.ts) stores messages through
 * the engine's accept path. Outbound: the outbox and the announcement worker call the
 * sender (sender.ts). Same channel name (`whatsapp`), same engine, flows and console.
 */
export function createWhatsAppCloudChannel(config: CloudChannelConfig, deps: CloudChannelDeps): CloudChannel {
  const token = config.WHATSAPP_CLOUD_ACCESS_TOKEN;
  const phoneNumberId = config.WHATSAPP_CLOUD_PHONE_NUMBER_ID;
  const appSecret = config.WHATSAPP_CLOUD_APP_SECRET;
  const verifyToken = config.WHATSAPP_CLOUD_VERIFY_TOKEN;
  if (!token || !phoneNumberId || !appSecret || !verifyToken) throw new Error("the WhatsApp Cloud API needs its access token, phone number id, app secret and verify token");
  const log = deps.log.child({ channel: "whatsapp", provider: "cloud" });
  const templates = parseTemplates(config.WHATSAPP_CLOUD_TEMPLATES);
  const graph = createGraphClient({ baseUrl: config.WHATSAPP_CLOUD_GRAPH_URL, version: config.WHATSAPP_CLOUD_API_VERSION, token, phoneNumberId });
  const keepMs = config.WHATSAPP_CLOUD_MEDIA_KEEP_HOURS * 3_600_000;
  const maxBytes = config.WHATSAPP_CLOUD_MEDIA_MAX_BYTES;
  const webhook = createCloudWebhook({
    db: deps.db,
    engine: deps.engine,
    log,
    appSecret,
    verifyToken,
    phoneNumberId,
    onMedia: (item) => keepMedia({ db: deps.db, graph, clock: deps.clock, log, maxBytes, keepMs }, item),
  });
  const sender = createCloudSender({
    db: deps.db,
    graph,
    templates,
    translator: deps.translator,
    clock: deps.clock,
    log,
    phoneNumberId,
    rate: cloudRate(config.WHATSAPP_CLOUD_PER_SECOND),
    pair: { intervalMs: config.WHATSAPP_CLOUD_PAIR_INTERVAL_MS, burst: config.WHATSAPP_CLOUD_PAIR_BURST },
  });
  const phoneId = phoneNumberId;
  const pairIdleMs = config.WHATSAPP_CLOUD_PAIR_INTERVAL_MS * config.WHATSAPP_CLOUD_PAIR_BURST + 60_000;
  let timer: NodeJS.Timeout | null = null;

  async function housekeeping() {
    try {
      await pruneIdleBuckets(deps.db, pairKeyPrefix(phoneId), new Date(deps.clock.now().getTime() - pairIdleMs));
      const purged = await purgeExpiredMedia(deps.db, deps.clock.now());
      if (purged > 0) log.info({ purged }, "expired WhatsApp media deleted");
    } catch (error) {
      log.warn({ err: error }, "WhatsApp housekeeping failed; will try again");
    }
  }

  return {
    channel: "whatsapp",
    capabilities: CLOUD_CAPABILITIES,
    sender,
    webhook,
    async start() {
      timer ??= setInterval(() => void housekeeping(), HOUSEKEEPING_MS);
      timer.unref();
      log.info({ phoneNumberId, graph: config.WHATSAPP_CLOUD_GRAPH_URL }, "WhatsApp Cloud API ready: Meta calls the webhook at /whatsapp/webhook");
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await webhook.settled();
    },
  };
}
