import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { loadConfig } from "../../lib/config.ts";
import { createLogger } from "../../lib/logger.ts";
import { openRuntime } from "../../lib/runtime.ts";
import { startWireCounter } from "../helpers/pg-wire-counter.ts";
import { startOpenAiStub } from "../helpers/openai-stub.ts";
import { freePort, startServer, stopServer } from "../smoke/support.ts";
import { startBotApiStub } from "../telegram/bot-api-stub.ts";
import { closedLoop, createLoad, describeStats, mergeStats, openLoop, type LoadStats, type LoadTarget, type Person } from "./webhook-load.ts";

/**
 * `npm run bench:webhook`: Rafiq on the path Telegram really takes (webhook POST with the
 * secret → intake → turn → outbox → sendMessage to a local Bot API stub), `npm start` as
 * a process of its own, beside a bare grammY bot that stores each update with one INSERT
 * and replies once — same harness, same run, same stub, same PostgreSQL, fresh databases.
 * Both bots run at once and take turns under load, scenario by scenario, in slices
 * (runSideBySide), so a shared machine's drift weighs on both alike. Statements are counted
 * on the wire (a proxy in front of PostgreSQL, one per bot), commits also checked against
 * pg_stat_database; both from outside the bots. Every update must be answered exactly
 * once and in order per person, or the script fails.
 *
 * Env: BENCH_SECONDS (the closed-loop scenario, default 6), BENCH_SLICES (3: each scenario's
 * slices per bot; the seconds are each bot's total), BENCH_WARMUP_SECONDS (unmeasured,
 * at 32 in flight, before each bot's scenarios, default 3), BENCH_RATE_SECONDS (each offered-rate
 * scenario and each half of the model run, default 20), BENCH_PEOPLE (1000), DATABASE_POOL_SIZE (5),
 * BENCH_CPU_PROFILE=<folder> profiles Rafiq's process, BENCH_MODEL=0 skips the 2 s model run, BENCH_ONLY_MODEL=1 runs it alone, BENCH_PREFILL=1000000 also runs Rafiq on a table
 * holding that many finished messages, DATABASE_URL (the server; a local one by default);
 * TURN_CONCURRENCY, TURN_BATCH_MAX and DATABASE_INTAKE_POOL_SIZE are passed on to Rafiq when set;
 * BENCH_WIRE_COUNT=0 connects the bots to PostgreSQL directly (no statement counts);
 * BENCH_DEBUG_SLOW=<ms> prints each reply slower than that, with when its webhook was answered;
 * BENCH_NODE_OPTIONS is passed to Rafiq as NODE_OPTIONS (say, `--import` of a probe of your own).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
/**
 * At 50/s, 6 s give 300 replies, whose p99 is the third slowest: one pause of either bot
 * decides it, and the ratio swung from 1.6× to 10.5× between runs of the same code. 20 s
 * give 1,000 at 50/s (p99: the tenth slowest).
 */
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 20);
/**
 * Each bot first runs this long at 32 in flight, unmeasured: the first seconds after start
 * measure V8 compiling the code on the hot path (more of it in Rafiq than in the bare bot),
 * not the bot. Rafiq's first scenario ran at 383 updates/s, and the same scenario at 473/s
 * later in the same run.
 */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 1_000);
/**
 * Each scenario runs in this many slices per bot, the bots taking turns (runSideBySide):
 * BENCH_SECONDS and BENCH_RATE_SECONDS are each bot's total over its slices.
 */
const SLICES = Math.max(1, Number(process.env.BENCH_SLICES ?? 3));
const POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 5);
const IN_FLIGHT = 32;
const RATES = [50, 200];
const MODEL_RUN = process.env.BENCH_MODEL !== "0";
/** BENCH_ONLY_MODEL=1: Rafiq's model run alone (no bare bot, no throughput scenarios), to iterate on it. */
const ONLY_MODEL = MODEL_RUN && process.env.BENCH_ONLY_MODEL === "1";
const MODEL_DELAY_MS = 2_000;
const MODEL_BOUND = 20;
const WALKERS = 100;
const WALKER_RATE = 50;
const PREFILL = Number(process.env.BENCH_PREFILL ?? 0);
/**
 * BENCH_WIRE_COUNT=0: the bots connect to PostgreSQL directly, not through the counting
 * proxy (statements per update then unknown). The proxy is a hop in this process for every
 * round trip, so it weighs more on a bot with more round trips: run both ways to see it.
 */
const WIRE_COUNT = process.env.BENCH_WIRE_COUNT !== "0";
/** A message the rules cannot place (tests/engine/second-opinion.test.ts): the model is asked. */
const UNPLACEABLE = "hmm lghnem w lma3z dakchi li 9elt 0661234567";
const MENU_WALK = ["menu", "aide"];

const serverUrl = new URL(process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres");
const admin = postgres(serverUrl.toString(), { max: 1, onnotice: () => {} });
/**
 * One proxy per bot: each bot's statements and commits are its own, not the other's idle
 * background work (the bots run side by side, taking turns under load).
 */
const postgresTarget = { host: serverUrl.hostname, port: Number(serverUrl.port || 5432) };
const counters = { bare: await startWireCounter({ target: postgresTarget }), rafiq: await startWireCounter({ target: postgresTarget }) };
type WireCounter = typeof counters.bare;
const token = `${Date.now() % 1_000_000}:BENCH-${randomBytes(8).toString("hex")}`;
const secret = randomBytes(16).toString("hex");
// The load numbers updates as the stub does, and the stub tells the load of each reply.
const load = createLoad(() => stub.nextUpdateId());
const stub = await startBotApiStub(token, { onCall: load.onCall });
const model = await startOpenAiStub();
// A malformed answer: the rules' reading stands and the menu is asked again, so the next unplaceable message asks the model again.
model.reply = { kind: "slow", ms: MODEL_DELAY_MS, then: { kind: "json", content: { intent: "not_an_intent" } } };
const dataDir = mkdtempSync(join(tmpdir(), "rafiq-bench-webhook-"));
const databases: string[] = [];
const failures: string[] = [];

async function createDatabase(label: string, counter: WireCounter) {
  const name = `rafiq_bench_${label}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  databases.push(name);
  const direct = new URL(serverUrl);
  direct.pathname = `/${name}`;
  const proxied = new URL(direct);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(counter.port);
  return { name, direct: direct.toString(), proxied: WIRE_COUNT ? proxied.toString() : direct.toString() };
}

/**
 * pg_stat_database's commits, once every backend reported them: an idle backend reports
 * within PGSTAT_IDLE_INTERVAL (10 s), which is why scenarios use the wire's count.
 */
async function settledCommitsOf(database: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  const [row] = await admin<{ commits: string }[]>`select xact_commit::text as commits from pg_stat_database where datname = ${database}`;
  return Number(row?.commits ?? 0);
}

/**
 * Runs the scenarios of both bots; the wire's commit count of each is checked against
 * pg_stat_database over all of them.
 */
async function runChecked(bots: Bot[], run: () => Promise<void>) {
  const before = await Promise.all(bots.map((bot) => settledCommitsOf(bot.target.database)));
  for (const bot of bots) bot.wireCommits = 0;
  await run();
  const after = await Promise.all(bots.map((bot) => settledCommitsOf(bot.target.database)));
  bots.forEach((bot, index) => {
    // The idle background work between scenarios (outbox sweeps, recovery) commits outside the counted slices.
    process.stdout.write(`     ${bot.name}: commits counted on the wire during scenarios ${bot.wireCommits}, pg_stat_database over the whole time ${(after[index] ?? 0) - (before[index] ?? 0)}\n`);
  });
}

/** CPU time (user + system, ms) process `pid` has used, from /proc (Linux); NaN if unreadable. */
function cpuMsOfPid(pid: number | string): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

const cpuMsOf = (child: ChildProcess) => cpuMsOfPid(child.pid ?? -1);

/**
 * CPU time (ms) of the PostgreSQL backends serving `database` (their process title names
 * it), from /proc: the server is local in this benchmark. The server's shared processes
 * (WAL writer, checkpointer) are left out, since other work on the machine uses them too;
 * a backend that exits takes its time along. NaN off Linux.
 */
function postgresCpuMs(database: string): number {
  try {
    let total = 0;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let cmdline = "";
      try {
        cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      } catch {
        continue; // the process ended meanwhile
      }
      const ms = cmdline.includes(` ${database} `) ? cpuMsOfPid(entry) : 0;
      if (Number.isFinite(ms)) total += ms;
    }
    return total;
  } catch {
    return Number.NaN;
  }
}

const people = (first: number, count: number, script: string[]): Person[] =>
  Array.from({ length: count }, (_, index) => ({ chatId: first + index, script, sent: 0 }));

/** Onboards people the way the app does (its engine, on its database), their replies marked sent. */
async function seedRafiq(url: string, groups: { people: Person[]; lang: string }[]) {
  const runtime = await openRuntime(loadConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: "5", LOG_LEVEL: "silent", DATA_DIR: dataDir }), createLogger("silent"));
  const say = (person: Person, content: Parameters<typeof runtime.engine.receive>[0]["content"]) =>
    runtime.engine.receive({ channel: "telegram", externalUserId: String(person.chatId), content });
  for (const group of groups) {
    for (let index = 0; index < group.people.length; index += 25) {
      await Promise.all(
        group.people.slice(index, index + 25).map(async (person) => {
          await say(person, { kind: "start" });
          await say(person, { kind: "choice", choiceId: `lang:${group.lang}` });
          await say(person, { kind: "choice", choiceId: "consent:yes" });
          await say(person, { kind: "choice", choiceId: "name:skip" });
        }),
      );
    }
  }
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`update messages set status = 'sent', processed_at = now() where direction = 'outbound' and status = 'pending'`;
  await sql.end();
  runtime.catalogue.stop();
  await runtime.database.close();
}

interface Row {
  bot: string;
  scenario: string;
  updatesPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  webhookP99: number;
  statements: number;
  commits: number;
  cpuMs: number;
  postgresCpuMs: number;
  /** This process: the load, the Bot API stub and the counting proxies. */
  harnessCpuMs: number;
}

/** A bot under test: its process, its database, its proxy and the people who write to it. */
interface Bot {
  name: string;
  target: LoadTarget & { database: string; child: ChildProcess };
  counter: WireCounter;
  walkers: Person[];
  wireCommits: number;
}

/** One slice of a scenario against one bot, measured from outside. */
interface Slice {
  stats: LoadStats;
  elapsedMs: number;
  cpuMs: number;
  postgresCpuMs: number;
  harnessCpuMs: number;
  statements: number;
  commits: number;
  unanswered: number;
}

async function measureSlice(bot: Bot, run: () => Promise<unknown>): Promise<Slice> {
  load.takeStats();
  bot.counter.reset();
  const cpuBefore = cpuMsOf(bot.target.child);
  const harnessBefore = process.cpuUsage();
  const postgresBefore = postgresCpuMs(bot.target.database);
  const started = performance.now();
  await run();
  const unanswered = await load.settle(120_000);
  const stats = load.takeStats();
  const harness = process.cpuUsage(harnessBefore);
  const { statements, commits } = bot.counter.counts();
  bot.wireCommits += commits;
  return {
    stats,
    elapsedMs: Math.max(1, stats.lastReplyAt - started),
    cpuMs: cpuMsOf(bot.target.child) - cpuBefore,
    postgresCpuMs: postgresCpuMs(bot.target.database) - postgresBefore,
    harnessCpuMs: (harness.user + harness.system) / 1000,
    statements,
    commits,
    unanswered,
  };
}

/** A scenario's slices as one row: rates over the slices' time together, percentiles over all their replies. */
function toRow(bot: Bot, scenario: string, slices: Slice[]): Row {
  const sum = (pick: (slice: Slice) => number) => slices.reduce((total, slice) => total + pick(slice), 0);
  const stats = describeStats(mergeStats(slices.map((slice) => slice.stats)), 0, sum((slice) => slice.elapsedMs));
  const unanswered = sum((slice) => slice.unanswered);
  const exact = unanswered === 0 && stats.unexpected === 0 && stats.misordered === 0;
  const check = `${bot.name}, ${scenario}: ${stats.answered}/${stats.updates} answered, ${unanswered} unanswered, ${stats.unexpected} extra, ${stats.misordered} out of order, ${stats.webhookErrors} webhook errors`;
  process.stdout.write(`${exact ? "ok  " : "FAIL"} ${check}\n`);
  if (!exact) failures.push(check);
  const answered = Math.max(1, stats.answered);
  return {
    bot: bot.name,
    scenario,
    updatesPerSecond: stats.updatesPerSecond,
    p50: stats.p50,
    p99: stats.p99,
    max: stats.max,
    webhookP99: stats.webhookP99,
    statements: WIRE_COUNT ? sum((slice) => slice.statements) / answered : Number.NaN,
    commits: WIRE_COUNT ? sum((slice) => slice.commits) / answered : Number.NaN,
    harnessCpuMs: sum((slice) => slice.harnessCpuMs) / answered,
    cpuMs: sum((slice) => slice.cpuMs) / answered,
    postgresCpuMs: sum((slice) => slice.postgresCpuMs) / answered,
  };
}

/** The scenarios, each run as SLICES slices per bot: `share` is one slice's part of its time. */
const scenarios: { name: string; run: (bot: Bot, share: number) => Promise<unknown> }[] = [
  { name: `${IN_FLIGHT} in flight`, run: (bot, share) => closedLoop(load, bot.target, bot.walkers, IN_FLIGHT, SECONDS * share) },
  ...RATES.map((rate) => ({
    name: `${rate}/s offered`,
    run: async (bot: Bot, share: number) => Promise.all(await openLoop(load, bot.target, bot.walkers, rate, RATE_SECONDS * share)),
  })),
];

/**
 * Runs every scenario on both bots, in slices, the bots taking turns (and the first of each
 * pair alternating): a shared machine's speed drifts over minutes (the same bare bot did
 * 606 and 1,184 updates/s in two runs an hour apart), and a bot measured only before the
 * other would carry the drift into the ratio.
 */
async function runSideBySide(bots: Bot[]) {
  for (const scenario of scenarios) {
    const slices = new Map<Bot, Slice[]>(bots.map((bot) => [bot, []]));
    for (let index = 0; index < SLICES; index++) {
      const order = index % 2 === 0 ? bots : [...bots].reverse();
      for (const bot of order) slices.get(bot)?.push(await measureSlice(bot, () => scenario.run(bot, 1 / SLICES)));
    }
    for (const bot of bots) rows.push(toRow(bot, scenario.name, slices.get(bot) ?? []));
  }
}

/** Runs the closed loop unmeasured (WARMUP_SECONDS), then forgets what it saw. */
async function warmUp(bot: Bot) {
  if (WARMUP_SECONDS <= 0) return;
  await closedLoop(load, bot.target, bot.walkers, IN_FLIGHT, WARMUP_SECONDS);
  await load.settle(120_000);
  load.takeStats();
}

async function learnAll(target: LoadTarget, chatId: number, texts: string[]) {
  for (const text of texts) {
    await load.learn(target, chatId, text);
    const again = await load.learn(target, chatId, text);
    process.stderr.write(`  ${JSON.stringify(text)} → ${again.length} message(s)\n`);
  }
}

const rows: Row[] = [];
const modelRows: { run: string; p50: number; p99: number; modelCalls: number }[] = [];
const children: ChildProcess[] = [];
try {
  // Each bot has people of its own: a person's script runs on one bot.
  const walkers = people(600_000_001, PEOPLE, MENU_WALK);
  const warmup = people(600_900_001, 1, MENU_WALK);
  const bareWalkers = people(610_000_001, PEOPLE, MENU_WALK);
  const bareWarmup = people(610_900_001, 1, MENU_WALK);

  // Rafiq: npm start, webhook mode, its replies through the outbox.
  const rafiqDatabase = await createDatabase("rafiq", counters.rafiq);
  const modelBound = people(600_800_001, MODEL_BOUND, [UNPLACEABLE]);
  const modelWarmup = people(600_900_101, 1, [UNPLACEABLE]);
  process.stderr.write(`Rafiq: onboarding ${PEOPLE + MODEL_BOUND + 2} people…\n`);
  await seedRafiq(rafiqDatabase.direct, [
    { people: [...walkers, ...warmup], lang: "fr" },
    { people: [...modelBound, ...modelWarmup], lang: "ary" },
  ]);
  const rafiqPort = await freePort();
  process.stderr.write("Rafiq: starting…\n");
  const rafiqChild = await startServer(rafiqPort, {
    DATABASE_URL: rafiqDatabase.proxied,
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    DATA_DIR: dataDir,
    HOST: "127.0.0.1",
    LOG_LEVEL: "error",
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_MODE: "webhook",
    TELEGRAM_API_ROOT: stub.url,
    TELEGRAM_WEBHOOK_SECRET: secret,
    PUBLIC_URL: `http://127.0.0.1:${rafiqPort}`,
    ...(MODEL_RUN ? { OPENAI_API_KEY: "bench", OPENAI_BASE_URL: model.baseURL, OPENAI_MODEL: "stub-model" } : {}),
    // Tuning knobs passed on to Rafiq when set.
    ...Object.fromEntries(["TURN_CONCURRENCY", "TURN_BATCH_MAX", "DATABASE_INTAKE_POOL_SIZE"].flatMap((name) => (process.env[name] ? [[name, process.env[name] ?? ""]] : []))),
    // BENCH_CPU_PROFILE=<folder>: Rafiq writes a V8 CPU profile there when it stops (read it in
    // Chrome's DevTools, or summed per package with tests/bench/profile-summary.ts).
    ...(process.env.BENCH_CPU_PROFILE ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}` } : {}),
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
  });
  children.push(rafiqChild);
  const rafiq: Bot = {
    name: "Rafiq",
    target: { webhookUrl: `http://127.0.0.1:${rafiqPort}/telegram/webhook`, secret, database: rafiqDatabase.name, child: rafiqChild },
    counter: counters.rafiq,
    walkers,
    wireCommits: 0,
  };

  // The baseline beside it: a bare grammY bot and one INSERT.
  let bare: Bot | null = null;
  if (!ONLY_MODEL) {
    const database = await createDatabase("bare", counters.bare);
    const port = await freePort();
    process.stderr.write("bare grammY bot: starting…\n");
    const child = await startServer(
      port,
      { DATABASE_URL: database.proxied, DATABASE_POOL_SIZE: String(POOL_SIZE), TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: stub.url, TELEGRAM_WEBHOOK_SECRET: secret },
      { script: "tests/bench/bare-bot.ts" },
    );
    children.push(child);
    bare = {
      name: "bare grammY + 1 insert",
      target: { webhookUrl: `http://127.0.0.1:${port}/telegram/webhook`, secret, database: database.name, child },
      counter: counters.bare,
      walkers: bareWalkers,
      wireCommits: 0,
    };
    await learnAll(bare.target, bareWarmup[0]?.chatId ?? 0, MENU_WALK);
  }
  await learnAll(rafiq.target, warmup[0]?.chatId ?? 0, MENU_WALK);
  for (const bot of bare ? [bare, rafiq] : [rafiq]) await warmUp(bot);
  if (bare) {
    const bots = [bare, rafiq];
    await runChecked(bots, () => runSideBySide(bots));
  }

  if (MODEL_RUN) {
    const target = rafiq.target;
    await learnAll(target, modelWarmup[0]?.chatId ?? 0, [UNPLACEABLE]);
    const menuWalkers = walkers.slice(0, WALKERS);
    model.requests.length = 0;
    for (const withModel of [false, true]) {
      const run = withModel ? `${WALKERS} walkers at ${WALKER_RATE}/s + ${MODEL_BOUND} model-bound (2 s model)` : `${WALKERS} walkers at ${WALKER_RATE}/s alone`;
      load.takeStats();
      load.takeStats("model-bound");
      let stop = false;
      const modelLoops = withModel
        ? modelBound.map(async (person) => {
            while (!stop) await load.send(target, person, "model-bound");
          })
        : [];
      // The walkers are measured beside people already waiting on the model, as in a running
      // service: not during their first round, whose 20 messages arrive in the same
      // millisecond (a start no traffic has) on code V8 has not compiled yet (the SDK, the
      // second opinion), which the run without them never pays. Afterwards each sends again
      // as soon as their answer comes.
      if (withModel) await new Promise((resolve) => setTimeout(resolve, MODEL_DELAY_MS + 1_000));
      const started = performance.now();
      // The walkers' figures alone: the model-bound people's updates are measured apart.
      const walkerReplies = await openLoop(load, target, menuWalkers, WALKER_RATE, RATE_SECONDS);
      await Promise.all(walkerReplies);
      const walkerStats = describeStats(load.takeStats(), started);
      stop = true;
      await Promise.all(modelLoops);
      const unanswered = await load.settle(60_000);
      const others = load.takeStats("model-bound");
      const wrong = walkerStats.misordered + walkerStats.unexpected + others.misordered + others.unexpected;
      process.stdout.write(`${unanswered + wrong === 0 ? "ok  " : "FAIL"} Rafiq, ${run}: ${unanswered} unanswered, ${wrong} extra or out of order\n`);
      if (unanswered + wrong > 0) failures.push(`model run (${run}): ${unanswered} unanswered, ${wrong} extra or out of order`);
      modelRows.push({ run, p50: walkerStats.p50, p99: walkerStats.p99, modelCalls: model.requests.length });
      model.requests.length = 0;
    }
  }

  if (PREFILL > 0) {
    process.stderr.write(`Rafiq: inserting ${PREFILL} finished messages…\n`);
    const sql = postgres(rafiqDatabase.direct, { max: 1, onnotice: () => {} });
    await sql`
      insert into messages (conversation_id, direction, author, channel, kind, content, status, processed_at, created_at)
      select ids[1 + g % array_length(ids, 1)],
             (case when g % 2 = 0 then 'inbound' else 'outbound' end)::message_direction,
             (case when g % 2 = 0 then 'contact' else 'bot' end)::message_author,
             'telegram', 'text', '{"text": "menu"}'::jsonb,
             (case when g % 2 = 0 then 'processed' else 'sent' end)::message_status,
             now() - interval '1 day', now() - interval '1 day'
      from (select array_agg(id) as ids from conversations) c, generate_series(1, ${PREFILL}) g`;
    await sql.end();
    const scenario = `${IN_FLIGHT} in flight, ${PREFILL.toLocaleString("en")} finished messages`;
    rows.push(toRow(rafiq, scenario, [await measureSlice(rafiq, () => closedLoop(load, rafiq.target, walkers, IN_FLIGHT, SECONDS))]));
  }
} catch (error) {
  failures.push(String(error instanceof Error ? error.stack : error));
} finally {
  for (const child of children) await stopServer(child);
  await stub.close();
  await model.close();
  for (const counter of Object.values(counters)) await counter.close();
  for (const name of databases) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : "–");
console.log(
  `\nWebhook benchmark — Node ${process.version}, ${cpus().length} cores (load average over the last minute: ${(loadavg()[0] ?? 0).toFixed(1)}), ` +
    `PostgreSQL pool ${POOL_SIZE}, ${PEOPLE} people walking the menu, ${SECONDS} s in flight, ${RATE_SECONDS} s per offered rate`,
);
console.table(
  rows.map((row) => ({
    bot: row.bot,
    scenario: row.scenario,
    "updates/s": fixed(row.updatesPerSecond, 0),
    "p50 ms": fixed(row.p50),
    "p99 ms": fixed(row.p99),
    "max ms": fixed(row.max),
    "webhook p99 ms": fixed(row.webhookP99),
    "statements/update": fixed(row.statements, 2),
    "commits/update": fixed(row.commits, 2),
    "bot CPU ms/update": fixed(row.cpuMs, 2),
    "PostgreSQL CPU ms/update": fixed(row.postgresCpuMs, 2),
    "harness CPU ms/update": fixed(row.harnessCpuMs, 2),
  })),
);
const ratios = rows
  .filter((row) => row.bot === "Rafiq")
  .flatMap((rafiq) => {
    const bare = rows.find((row) => row.bot !== "Rafiq" && row.scenario === rafiq.scenario);
    if (!bare) return [];
    return [
      {
        scenario: rafiq.scenario,
        "updates/s ×": fixed(rafiq.updatesPerSecond / bare.updatesPerSecond, 2),
        "p50 ×": fixed(rafiq.p50 / bare.p50),
        "p99 ×": fixed(rafiq.p99 / bare.p99),
        "webhook p99 ×": fixed(rafiq.webhookP99 / bare.webhookP99),
        "statements ×": fixed(rafiq.statements / bare.statements),
        "commits ×": fixed(rafiq.commits / bare.commits),
        "CPU ×": fixed(rafiq.cpuMs / bare.cpuMs),
        "PostgreSQL CPU ×": fixed(rafiq.postgresCpuMs / bare.postgresCpuMs),
      },
    ];
  });
console.log("Rafiq / bare");
console.table(ratios);
if (modelRows.length > 0) {
  const [alone, beside] = modelRows;
  console.log(`Menu walkers' latency with people whose messages wait on a model answering in ${MODEL_DELAY_MS / 1000} s`);
  console.table(modelRows.map((row) => ({ run: row.run, "walkers' p50 ms": fixed(row.p50), "walkers' p99 ms": fixed(row.p99), "model calls": row.modelCalls })));
  if (alone && beside) console.log(`p99 with them / without: ${fixed(beside.p99 / alone.p99, 2)}× (target ≤ 2×)`);
}
if (failures.length > 0) {
  console.error(`\n${failures.length} check(s) failed:\n${failures.join("\n")}`);
  process.exit(1);
}
console.log("every update answered exactly once, in order per person");
