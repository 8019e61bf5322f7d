import type { Context } from "hono";
import type { BroadcastService } from "../bot/broadcast/service.ts";
import type { WhatsAppState } from "../bot/channels/whatsapp/connection.ts";
import type { CloudWebhook } from "../bot/channels/whatsapp-cloud/webhook.ts";
import type { ConversationService } from "../bot/conversation/service.ts";
import type { Engine } from "../bot/core/engine.ts";
import type { Translator } from "../bot/i18n.ts";
import type { CatalogueStore } from "../bot/programs/store.ts";
import type { Database } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import type { Config } from "../lib/config.ts";
import type { Logger } from "../lib/logger.ts";

/**
 * What the HTTP routes are given, in a module of its own: the route modules import it,
 * and app.ts imports the route modules, so keeping it in app.ts made every route module
 * part of one import circle.
 */
export interface AppDeps {
  config: Config;
  database: Database;
  engine: Engine;
  /** The programmes in force, in memory; admin writes refresh it. */
  catalogue: CatalogueStore;
  /** What advisors and staff do to conversations; the console's writes go through it. */
  conversations: ConversationService;
  /** Announcements by programme staff; the broadcasts API's writes go through it. */
  broadcasts: BroadcastService;
  translator: Translator;
  clock: Clock;
  log: Logger;
  /** Telegram in webhook mode: grammY's handler, mounted at /telegram/webhook. */
  telegramWebhook?: ((c: Context) => Promise<Response>) | null;
  /** WhatsApp's connection state and pairing QR code, for admins; null when disabled. */
  whatsapp?: WhatsAppAdminView | null;
  /** WhatsApp through Meta's Cloud API: its webhook, mounted at /whatsapp/webhook. */
  whatsappCloudWebhook?: CloudWebhook | null;
}

/** What the admin WhatsApp routes need from the WhatsApp channel (bot/channels/whatsapp/adapter.ts). */
export interface WhatsAppAdminView {
  state(): WhatsAppState;
  qrPng(): Promise<Buffer | null>;
}
