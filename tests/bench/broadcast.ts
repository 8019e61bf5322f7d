import { createBroadcastWorker } from "../../bot/broadcast/worker.ts";
import { createBroadcastService } from "../../bot/broadcast/service.ts";
import type { BroadcastLimits } from "../../bot/broadcast/limits.ts";
import { broadcastLimits } from "../../bot/broadcast/limits.ts";
import { createTelegramSender } from "../../bot/channels/telegram/sender.ts";
import { createTranslator } from "../../bot/i18n.ts";
import { sql } from "drizzle-orm";
import { findBroadcast } from "../../db/broadcasts.ts";
import { queryRows } from "../../db/sql.ts";
import { openDatabase } from "../../db/client.ts";
import { systemClock } from "../../lib/clock.ts";
import { createLogger } from "../../lib/logger.ts";
import { seedPeople } from "../broadcast/people.ts";
import { startBotApiStub } from "../telegram/bot-api-stub.ts";
import { openBenchDatabase } from "./support.ts";
import { runCloudBenchmark } from "./broadcast-cloud.ts";

/**
 * `npm run bench:broadcast`: an announcement to Telegram people through the real worker
 * and the real Telegram client, against a local Bot API stub that enforces Telegram's
 * flood limit (30 messages in any second, else 429). Prints messages/s, the share of the
 * configured rate reached and the 429s received, with one sending process and with two
 * sharing the database's token bucket (as two app processes would).
 */
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 500);
const TELEGRAM_LIMIT_PER_SECOND = 30;
const limits: BroadcastLimits = broadcastLimits({ BROADCAST_TELEGRAM_PER_SECOND: 25, BROADCAST_WHATSAPP_PER_MINUTE: 4 });
const configured = limits.telegram?.perSecond ?? 0;
const TOKEN = "123456:bench";
const log = createLogger("silent");

const bench = await openBenchDatabase(4);
const stub = await startBotApiStub(TOKEN, { limit: { perSecond: TELEGRAM_LIMIT_PER_SECOND } });
const translator = createTranslator();
const service = createBroadcastService({ db: bench.database.db, clock: systemClock });
const [staff] = await queryRows<{ id: string }>(
  bench.database.db,
  sql`insert into staff_users (email, name, role, password_hash) values ('bench@example.org', 'Bench', 'staff', 'not a hash: cannot log in') returning id`,
);
const actor = { userId: staff!.id, audit: { actorType: "staff" as const, actorId: staff!.id, ip: null } };

async function scenario(label: string, processes: number) {
  const people = await seedPeople(
    bench.database.db,
    Array.from({ length: PEOPLE }, (_, index) => ({ channel: "telegram" as const, externalId: String(Math.floor(Math.random() * 1e9) + 1e9 + index) })),
  );
  const chats = new Set(people.map((person) => person.externalId));
  const draft = await service.create(actor, {
    title: label,
    texts: { fr: "Nouvel appel", ar: "دعوة جديدة", ary: "عرض جديد" },
    action: "eligibility",
    segment: { channels: ["telegram"] },
  });
  await service.schedule(actor, draft.id, null);
  await bench.database.db.transaction((tx) => service.start(tx, draft.id));
  const throttledBefore = stub.throttled;
  const databases = await Promise.all(
    Array.from({ length: processes }, () => openDatabase({ databaseUrl: bench.url, dataDir: "", poolSize: 2 })),
  );
  const workers = databases.map((database) =>
    createBroadcastWorker({ db: database.db, clock: systemClock, log, translator, senders: [createTelegramSender({ token: TOKEN, apiRoot: stub.url }, log)], limits, idlePollMs: 100 }),
  );
  for (const worker of workers) worker.start();
  while ((await findBroadcast(bench.database.db, draft.id))?.status !== "sent") await new Promise((resolve) => setTimeout(resolve, 100));
  await Promise.all(workers.map((worker) => worker.stop()));
  await Promise.all(databases.map((database) => database.close()));
  // The next scenario's announcement is for its own people only.
  await bench.database.db.execute(sql`update contacts set opted_out = true where opted_out = false`);

  const times = stub
    .callsTo("sendMessage")
    .filter((call) => call.ok && chats.has(String(call.payload.chat_id)))
    .map((call) => call.at ?? 0)
    .sort((a, b) => a - b);
  // Over the steady part: the first burst (the bucket starts full) is left out.
  const burst = limits.telegram?.burst ?? 0;
  const steady = times.slice(burst);
  const seconds = ((steady.at(-1) ?? 0) - (steady[0] ?? 0)) / 1000;
  const rate = (steady.length - 1) / seconds;
  let maxInOneSecond = 0;
  for (let start = 0, end = 0; end < times.length; end += 1) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= 1000) start += 1;
    maxInOneSecond = Math.max(maxInOneSecond, end - start + 1);
  }
  return {
    scenario: label,
    people: PEOPLE,
    delivered: times.length,
    "msg/s": Number(rate.toFixed(2)),
    "share of configured rate": `${((rate / configured) * 100).toFixed(1)} %`,
    "max in any second": maxInOneSecond,
    "429 from stub": stub.throttled - throttledBefore,
  };
}

const only = process.env.BENCH_ONLY; // "telegram" or "cloud": one half of the benchmark
if (only !== "cloud") {
  console.log(`configured: ${configured} msg/s (burst ${limits.telegram?.burst}); the stub allows ${TELEGRAM_LIMIT_PER_SECOND} in any second`);
  const rows = [await scenario("1 sending process", 1), await scenario("2 sending processes, one bucket", 2)];
  console.table(rows);
}
await stub.close();
if (only !== "telegram") {
  // Unmarked: the Telegram people above are opted out by now, so the next announcement is for WhatsApp people only.
  await runCloudBenchmark({ db: bench.database.db, url: bench.url, service, actor });
}
await bench.drop();
