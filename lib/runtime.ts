import type { Database } from "../db/client.ts";
import { openDatabase } from "../db/client.ts";
import { createEngine, type Engine } from "../bot/core/engine.ts";
import { createTranslator, type Translator } from "../bot/i18n.ts";
import type { Clock } from "./clock.ts";
import { systemClock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The parts every entry point shares (server, terminal chat, benchmarks). */
export interface Runtime {
  config: Config;
  log: Logger;
  clock: Clock;
  database: Database;
  translator: Translator;
  engine: Engine;
}

export async function openRuntime(config: Config, log: Logger, options: { clock?: Clock; database?: Database } = {}): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const database =
    options.database ??
    (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE }));
  await database.migrate();
  const translator = createTranslator();
  const engine = createEngine({
    db: database.db,
    translator,
    clock,
    log,
    consentVersion: config.CONSENT_VERSION,
    flowSessionTtlMs: config.FLOW_SESSION_TTL_DAYS * DAY_MS,
  });
  return { config, log, clock, database, translator, engine };
}
