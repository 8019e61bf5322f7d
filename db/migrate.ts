import { loadConfig } from "../lib/config.ts";
import { createLogger } from "../lib/logger.ts";
import { openDatabase } from "./client.ts";

// `npm run db:migrate`: apply the committed migrations to the configured database.
const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  await database.migrate();
  log.info({ database: database.kind }, "migrations applied");
} finally {
  await database.close();
}
