// A broadcast-sending process for the kill test: the worker main.ts runs, alone, against
// the Bot API stub the test controls. The test kills it with SIGKILL mid-broadcast.
import { createBroadcastWorker } from "../../bot/broadcast/worker.ts";
import { createTelegramSender } from "../../bot/channels/telegram/sender.ts";
import { createTranslator } from "../../bot/i18n.ts";
import { openDatabase } from "../../db/client.ts";
import { systemClock } from "../../lib/clock.ts";
import { createLogger } from "../../lib/logger.ts";

const env = process.env;
const log = createLogger("silent");
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: "", poolSize: 3 });
const perSecond = Number(env.RATE_PER_SECOND ?? "200");
const worker = createBroadcastWorker({
  db: database.db,
  clock: systemClock,
  log,
  translator: createTranslator(),
  senders: [createTelegramSender({ token: env.BOT_TOKEN ?? "", apiRoot: env.BOT_API_ROOT ?? "" }, log)],
  limits: { web: null, telegram: { perSecond, burst: 5 }, whatsapp: null },
  leaseMs: Number(env.LEASE_MS ?? "2000"),
  idlePollMs: 50,
});
worker.start();
process.stdout.write("ready\n");
