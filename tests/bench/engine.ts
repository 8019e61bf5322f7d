import { cpus } from "node:os";
import { createEngine, type Engine } from "../../bot/core/engine.ts";
import { createTranslator } from "../../bot/i18n.ts";
import { systemClock } from "../../lib/clock.ts";
import { createLogger } from "../../lib/logger.ts";
import { openBenchDatabase, summarize } from "./support.ts";

/**
 * `npm run bench:engine`: messages/s and latency through the whole engine (dedupe,
 * identity, row lock, flow step, effects, outbox rows, state) on PostgreSQL, for the
 * menu path ("menu" typed by people who finished onboarding).
 *
 * - 1 user: one person, one message at a time.
 * - 1,000 users, saturated: all 1,000 people have a message in flight at every moment
 *   (closed loop). Shows the maximum throughput; latency here is queueing time.
 * - 1,000 users, 500 msg/s offered: messages arrive at the target rate (Poisson), spread
 *   over the 1,000 people; shows the latency a person sees at that load.
 */
const POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 5);
const USERS = 1_000;
const SINGLE_USER_MESSAGES = Number(process.env.BENCH_SINGLE_MESSAGES ?? 2_000);
const SATURATED_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const OFFERED_RATE = Number(process.env.BENCH_RATE ?? 500);

const bench = await openBenchDatabase(POOL_SIZE);
const engine = createEngine({
  db: bench.database.db,
  translator: createTranslator(),
  clock: systemClock,
  log: createLogger("silent"),
  consentVersion: "bench",
  flowSessionTtlMs: 86_400_000,
});

async function timed(engine: Engine, user: string, text: string): Promise<number> {
  const started = performance.now();
  const result = await engine.receive({ channel: "telegram", externalUserId: user, content: { kind: "text", text } });
  if (result.replies.length === 0) throw new Error(`no reply for ${user}`);
  return performance.now() - started;
}

async function onboard(user: string) {
  await engine.receive({ channel: "telegram", externalUserId: user, content: { kind: "start" } });
  await engine.receive({ channel: "telegram", externalUserId: user, content: { kind: "choice", choiceId: "lang:fr" } });
  await engine.receive({ channel: "telegram", externalUserId: user, content: { kind: "choice", choiceId: "consent:yes" } });
  await engine.receive({ channel: "telegram", externalUserId: user, content: { kind: "text", text: "Amine" } });
}

const users = Array.from({ length: USERS }, (_, index) => `bench-${index}`);
process.stderr.write(`onboarding ${USERS} people…\n`);
for (let index = 0; index < users.length; index += 50) await Promise.all(users.slice(index, index + 50).map(onboard));

const results = [];

// Warm-up, then one person alone.
for (let index = 0; index < 200; index += 1) await timed(engine, users[0] ?? "", "menu");
{
  const latencies: number[] = [];
  const started = performance.now();
  for (let index = 0; index < SINGLE_USER_MESSAGES; index += 1) latencies.push(await timed(engine, users[0] ?? "", "menu"));
  results.push(summarize("1 user, sequential", latencies, performance.now() - started));
}

// 1,000 people each with a message always in flight.
{
  const latencies: number[] = [];
  const deadline = performance.now() + SATURATED_SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    users.map(async (user) => {
      while (performance.now() < deadline) latencies.push(await timed(engine, user, "menu"));
    }),
  );
  results.push(summarize(`${USERS} users, saturated`, latencies, performance.now() - started));
}

// 1,000 people, messages arriving at the offered rate.
{
  const latencies: number[] = [];
  const total = OFFERED_RATE * SATURATED_SECONDS;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  let next = started;
  for (let index = 0; index < total; index += 1) {
    next += -Math.log(1 - Math.random()) * (1000 / OFFERED_RATE);
    const wait = next - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const user = users[index % USERS] ?? "";
    inFlight.push(timed(engine, user, "menu").then((ms) => void latencies.push(ms)));
  }
  await Promise.all(inFlight);
  results.push(summarize(`${USERS} users, ${OFFERED_RATE} msg/s offered`, latencies, performance.now() - started));
}

console.log(`Engine benchmark — PostgreSQL, pool ${POOL_SIZE}, Node ${process.version}, ${cpus().length} cores, menu path`);
console.table(results);
await bench.drop();
