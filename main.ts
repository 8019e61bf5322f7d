import { serve } from "@hono/node-server";
import { createApp } from "./api/app.ts";
import { ensureAdmin } from "./api/auth/bootstrap-admin.ts";
import type { ChannelAdapter } from "./bot/channels/types.ts";
import { createIntake } from "./bot/core/intake.ts";
import { createJobRunner, type JobHandler } from "./bot/core/jobs.ts";
import { broadcastLimits } from "./bot/broadcast/limits.ts";
import { BROADCAST_START_JOB } from "./bot/broadcast/service.ts";
import { createBroadcastWorker } from "./bot/broadcast/worker.ts";
import { createReminderHandler } from "./bot/booking/reminder-handler.ts";
import { REMINDER_JOB_KIND } from "./bot/booking/reminders.ts";
import { createOutbox } from "./bot/core/outbox.ts";
import { startWorkers } from "./bot/core/workers.ts";
import { loadConfigOrExit, missingControllerSettings } from "./lib/config.ts";
import { installLastResort } from "./lib/last-resort.ts";
import { createLogger } from "./lib/logger.ts";
import { startIdleMemoryTrim } from "./lib/memory-trim.ts";
import { openRuntime, publicUrlOf } from "./lib/runtime.ts";
import { demoLoginsText, ensureDemoLogins } from "./bot/booking/demo-logins.ts";
import { createWaitingAlertHandler, WAITING_ALERT_JOB } from "./bot/conversation/staff-alerts.ts";

/** The composition root: configuration, database, engine, channels, HTTP. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

const config = loadConfigOrExit();

const log = createLogger(config.LOG_LEVEL);
const runtime = await openRuntime(config, log);
const { database, engine, clock } = runtime;
await database.warm();
log.info({ database: database.kind, dataDir: database.kind === "pglite" ? config.DATA_DIR : undefined }, "database ready, migrations applied");

if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
  const outcome = await ensureAdmin(database.db, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD }, clock, log);
  if (outcome === "email_taken") log.warn({ email: config.ADMIN_EMAIL }, "ADMIN_EMAIL belongs to a non-admin account; no admin was created");
} else {
  log.info("no ADMIN_EMAIL/ADMIN_PASSWORD: no admin account is created (set them to use the staff API)");
}

// Law 09-08: the notice must name who answers for the data and the CNDP number; the embedded demo may go without.
const missingController = missingControllerSettings(config);
if (database.kind !== "pglite" && missingController.length > 0) {
  log.warn({ missing: missingController }, "the privacy notice names no controller or CNDP number: set these before serving real people (see the README's configuration)");
}

// Embedded mode: logins to try the console with, made for this data folder (labelled demo).
const demoLogins = database.kind === "pglite" ? await ensureDemoLogins(database.db, config.DATA_DIR, clock.now()) : null;

// Push channels: each decodes its updates into the intake and sends through the outbox.
// Each is loaded only when configured (grammY, the WhatsApp clients and their QR code
// renderers are resident memory a deployment without them should not carry).
const intake = createIntake(engine, log, { turnConcurrency: config.TURN_CONCURRENCY, turnBatchMax: config.TURN_BATCH_MAX });
const channels: ChannelAdapter[] = [];
const telegram = config.TELEGRAM_BOT_TOKEN
  ? (await import("./bot/channels/telegram/adapter.ts")).createTelegramChannel(config, { intake, log, translator: runtime.translator })
  : null;
if (telegram) channels.push(telegram);
// WhatsApp: the unofficial WhatsApp Web client (pilots) or Meta's Cloud API (production), never both.
const whatsapp =
  config.WHATSAPP_ENABLED && config.WHATSAPP_PROVIDER === "web" ? (await import("./bot/channels/whatsapp/adapter.ts")).createWhatsAppChannel(config, { intake, log }) : null;
if (whatsapp) channels.push(whatsapp);
const whatsappCloud =
  config.WHATSAPP_ENABLED && config.WHATSAPP_PROVIDER === "cloud"
    ? (await import("./bot/channels/whatsapp-cloud/adapter.ts")).createWhatsAppCloudChannel(config, { db: database.db, engine, translator: runtime.translator, clock, log })
    : null;
if (whatsappCloud) channels.push(whatsappCloud);
const senders = channels.map((channel) => channel.sender);
const outbox = createOutbox({ db: database.db, clock, log, senders });
const stopWorkers = startWorkers({
  engine,
  outbox,
  log,
  db: database.db,
  clock,
  pushChannels: new Set(senders.map((sender) => sender.channel)),
  assignWaiting: () => runtime.conversations.assignWaiting(),
});
// The persistent job queue (db/jobs.ts), handlers by kind: appointment reminders, the start of an announcement.
const jobHandlers: Record<string, JobHandler> = {
  [REMINDER_JOB_KIND]: createReminderHandler({ translator: runtime.translator, onQueued: (id, channel) => engine.events.emit("outbound", id, channel) }),
  [BROADCAST_START_JOB]: runtime.broadcasts.jobHandler(),
  [WAITING_ALERT_JOB]: createWaitingAlertHandler({
    translator: runtime.translator,
    consoleUrl: `${publicUrlOf(config)}/console`,
    onQueued: (id, channel) => engine.events.emit("outbound", id, channel),
  }),
};
const jobRunner = createJobRunner({ db: database.db, clock, log, handlers: jobHandlers });
jobRunner.start();
// Announcements: paced per channel by token buckets in the database, after replies.
const broadcastWorker = createBroadcastWorker({ db: database.db, clock, log, translator: runtime.translator, senders, limits: broadcastLimits(config) });
broadcastWorker.start();

const { catalogue, translator, conversations, broadcasts } = runtime;
const app = createApp({ config, database, engine, catalogue, translator, clock, log, conversations, broadcasts, telegramWebhook: telegram?.webhookHandler ?? null, whatsapp, whatsappCloudWebhook: whatsappCloud?.webhook ?? null });
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  log.info({ url: `http://localhost:${info.port}/` }, "Rafiq is listening: open the web chat at this address");
  if (demoLogins) process.stdout.write(demoLoginsText(demoLogins, `http://localhost:${info.port}/console`));
  // After listening (Telegram calls the webhook as soon as it is set), and never one
  // channel waiting for another: a channel that cannot connect must not stop the rest.
  for (const channel of channels) {
    channel.start().catch((error: unknown) => log.error({ err: error, channel: channel.channel }, "channel failed to start; the others keep serving"));
  }
});

const stopMemoryTrim = startIdleMemoryTrim({ idleSeconds: config.MEMORY_TRIM_IDLE_S, log });

/** Stops taking work, lets work in flight settle and closes the database; once. */
let draining: Promise<void> | null = null;
function drain(): Promise<void> {
  draining ??= (async () => {
    stopMemoryTrim();
    await Promise.allSettled(channels.map((channel) => channel.stop()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stopWorkers();
    await broadcastWorker.stop();
    await jobRunner.stop();
    catalogue.stop();
    await database.close();
  })();
  return draining;
}

async function shutdown(signal: string) {
  if (draining) return;
  log.info({ signal }, "shutting down");
  const force = setTimeout(() => {
    log.error("shutdown took too long; exiting");
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS);
  force.unref();
  await drain();
  log.info("stopped cleanly");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
installLastResort({ log, drain, timeoutMs: SHUTDOWN_TIMEOUT_MS });
