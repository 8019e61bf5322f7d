// A broadcast-sending process on the WhatsApp Cloud API for the benchmark: the worker
// main.ts runs, alone, with the real Cloud sender against the fake Graph API the
// benchmark runs. The benchmark may kill it with SIGKILL mid-broadcast.
import { cloudRate } from "../../bot/broadcast/limits.ts";
import { createBroadcastWorker } from "../../bot/broadcast/worker.ts";
import { createGraphClient } from "../../bot/channels/whatsapp-cloud/graph-client.ts";
import { createCloudSender } from "../../bot/channels/whatsapp-cloud/sender.ts";
import { DEFAULT_TEMPLATES } from "../../bot/channels/whatsapp-cloud/templates.ts";
import { createTranslator } from "../../bot/i18n.ts";
import { openDatabase } from "../../db/client.ts";
import { systemClock } from "../../lib/clock.ts";
import { createLogger } from "../../lib/logger.ts";

const env = process.env;
const log = createLogger("silent");
// The app's pool (DATABASE_POOL_SIZE): each announcement loop holds a connection only for its statements.
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: "", poolSize: Number(env.POOL_SIZE ?? "5") });
const phoneNumberId = env.PHONE_NUMBER_ID ?? "";
const rate = cloudRate(Number(env.PER_SECOND ?? "80"));
const translator = createTranslator();
const sender = createCloudSender({
  db: database.db,
  graph: createGraphClient({ baseUrl: env.GRAPH_URL ?? "", version: "v23.0", token: env.TOKEN ?? "", phoneNumberId }),
  templates: DEFAULT_TEMPLATES,
  translator,
  clock: systemClock,
  log,
  phoneNumberId,
  rate,
  pair: { intervalMs: 6_000, burst: 45 },
});
const worker = createBroadcastWorker({
  db: database.db,
  clock: systemClock,
  log,
  translator,
  senders: [sender],
  limits: { web: null, telegram: null, whatsapp: rate },
  leaseMs: Number(env.LEASE_MS ?? "60000"),
  idlePollMs: 50,
});
worker.start();
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  void worker.stop().then(() => database.close()).then(() => process.exit(0));
});
