import type { Database } from "../db/client.ts";
import { openDatabase } from "../db/client.ts";
import { seedBooking } from "../bot/booking/seed.ts";
import { createBroadcastService, type BroadcastService } from "../bot/broadcast/service.ts";
import { createConversationService, type ConversationService } from "../bot/conversation/service.ts";
import { createEngine, type Engine } from "../bot/core/engine.ts";
import { createTranslator, type Deployment, type Translator } from "../bot/i18n.ts";
import { loadSeedPrograms } from "../bot/programs/seed.ts";
import { createCatalogueStore, type CatalogueStore } from "../bot/programs/store.ts";
import { seedPrograms } from "../db/programs.ts";
import type { Clock } from "./clock.ts";
import { systemClock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** How soon a programme changed through another process reaches this one. */
const CATALOGUE_POLL_MS = 15_000;

/** The parts every entry point shares (server, terminal chat, benchmarks). */
export interface Runtime {
  config: Config;
  log: Logger;
  clock: Clock;
  database: Database;
  translator: Translator;
  engine: Engine;
  /** The programmes in force; polls the database until `catalogue.stop()`. */
  catalogue: CatalogueStore;
  /** What advisors and staff do to conversations (take over, reply, hand back, assign). */
  conversations: ConversationService;
  /** What programme staff do with announcements (draft, schedule, cancel); the start job. */
  broadcasts: BroadcastService;
}

/** What the privacy notice names for this deployment: controller, CNDP number, and the model's provider when one is configured. */
export function deploymentOf(config: Config): Deployment {
  return {
    controllerName: config.RAFIQ_CONTROLLER_NAME ?? "",
    controllerContact: config.RAFIQ_CONTROLLER_CONTACT ?? "",
    cndpNumber: config.RAFIQ_CNDP_NUMBER ?? "",
    ai: config.OPENAI_API_KEY ? { provider: config.RAFIQ_AI_PROVIDER, country: config.RAFIQ_AI_COUNTRY } : null,
  };
}

export async function openRuntime(config: Config, log: Logger, options: { clock?: Clock; database?: Database } = {}): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      poolSize: config.DATABASE_POOL_SIZE,
      intakePoolSize: config.DATABASE_INTAKE_POOL_SIZE,
    }));
  await database.migrate();
  // New seed programmes only: one staff has edited stays as they left it.
  await seedPrograms(database.db, loadSeedPrograms(), clock.now());
  // Seed sites always; demo advisors only on the embedded database.
  await seedBooking(database, { databaseUrl: config.DATABASE_URL, at: clock.now(), log });
  const catalogue = createCatalogueStore(database.db, { refreshMs: CATALOGUE_POLL_MS, log, clock });
  await catalogue.refresh();
  catalogue.start();
  const translator = createTranslator(undefined, deploymentOf(config));
  const engine = createEngine({
    db: database.db,
    acceptDb: database.intakeDb,
    // The embedded database has one connection; PostgreSQL's intake pool has its own size.
    acceptWritesAtOnce: database.kind === "postgres" ? config.DATABASE_INTAKE_POOL_SIZE : 1,
    translator,
    clock,
    log,
    consentVersion: config.CONSENT_VERSION,
    flowSessionTtlMs: config.FLOW_SESSION_TTL_DAYS * DAY_MS,
    catalogue: () => catalogue.current(),
    publicUrl: publicUrlOf(config),
    bookingCaps: { perSite: config.BOOKING_MAX_PER_SITE, total: config.BOOKING_MAX_TOTAL },
    ...(await languageModelParts(config)),
  });
  const conversations = createConversationService({ db: database.db, engine, clock, log, whatsappProvider: config.WHATSAPP_PROVIDER, translator });
  const broadcasts = createBroadcastService({
    db: database.db,
    clock,
    ...(config.WHATSAPP_ENABLED && config.WHATSAPP_PROVIDER === "cloud" ? { whatsappTier: { limit: config.WHATSAPP_CLOUD_DAILY_TIER } } : {}),
  });
  return { config, log, clock, database, translator, engine, catalogue, conversations, broadcasts };
}

/**
 * The understanding fallback and the project coach, with OPENAI_API_KEY only. Loaded
 * then: the openai SDK and its helpers cost about 30 MB of resident memory in a process
 * that, without a key, never calls them.
 */
async function languageModelParts(config: Config) {
  if (!config.OPENAI_API_KEY) return {};
  const [{ createLlmClient }, { createLlmFallback }, { createProjectCoach }] = await Promise.all([
    import("./llm.ts"),
    import("../bot/nlu/llm-fallback.ts"),
    import("../bot/project/coach.ts"),
  ]);
  const client = createLlmClient(config);
  if (!client) return {};
  const options = { client, model: config.OPENAI_MODEL, timeoutMs: config.OPENAI_TIMEOUT_MS };
  return { secondOpinion: createLlmFallback(options), coach: { port: createProjectCoach(options), dailyCalls: config.COACH_DAILY_CALLS } };
}

/** The address people reach this server at, for links sent in the chat. */
export function publicUrlOf(config: Pick<Config, "PUBLIC_URL" | "PORT">): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, "");
}
