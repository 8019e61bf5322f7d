import { randomBytes } from "node:crypto";
import { openDatabase } from "../../../db/client.ts";
import { fixedClock } from "../../../lib/clock.ts";
import { loadConfig } from "../../../lib/config.ts";
import { createLogger } from "../../../lib/logger.ts";
import { openRuntime } from "../../../lib/runtime.ts";
import { HALVES, type Half } from "./halves.ts";
import { playAll, type TypedReport } from "./player.ts";
import { TYPED_NOW } from "./now.ts";
import { addTypedAdvisors } from "./setup.ts";
import { GOALS, WRITINGS } from "./types.ts";

/**
 * `npm run eval:typed [-- --half tune|test|issue18] [--only <id>] [--show]`: plays the typed
 * conversations through the real engine (on DATABASE_URL when set, else an in-memory
 * embedded database), with the clock frozen at TYPED_NOW (Monday 7 December 2026, 08:30 in Morocco).
 * Prints each conversation's outcome, the share that reached its goal per half, per way
 * of writing and per goal, and every harm done (a meeting cancelled or data erased that
 * the person did not ask for). `--show` prints the failed conversations' transcripts.
 * Exits 1 when a half falls below its bar (THRESHOLDS) or anything was lost.
 */

const argument = (name: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const halves = (argument("--half") ? [argument("--half") as Half] : (["tune", "test"] as Half[])).filter((half) => half in HALVES);
const only = argument("--only");
const show = process.argv.includes("--show");

const config = loadConfig({ ...process.env, LOG_LEVEL: "silent" });
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: "", inMemory: !config.DATABASE_URL });
const runtime = await openRuntime(config, createLogger("silent"), { clock: fixedClock(TYPED_NOW), database });
const runId = randomBytes(4).toString("hex");
const percent = (part: number, whole: number) => `${part}/${whole} (${whole ? Math.round((part / whole) * 100) : 0} %)`;

function summarise(name: string, report: TypedReport) {
  console.log(`\n${name}: reached ${percent(report.reached, report.total)}; harm done: ${report.harmed}`);
  for (const writing of WRITINGS) {
    const group = report.results.filter((result) => result.writing === writing);
    if (group.length) console.log(`  ${writing.padEnd(9)} ${percent(group.filter((result) => result.reached).length, group.length)}`);
  }
  for (const goal of GOALS) {
    const group = report.results.filter((result) => result.goal === goal);
    if (group.length) console.log(`  ${goal.padEnd(10)} ${percent(group.filter((result) => result.reached).length, group.length)}`);
  }
}

/** The bars CI holds: issue 18's own examples all; the tuning half 95 %; the test half 90 %, 80 % in each way of writing. */
const THRESHOLDS: Record<string, { overall: number; perWriting: number }> = {
  issue18: { overall: 1, perWriting: 1 },
  tune: { overall: 0.95, perWriting: 0.8 },
  test: { overall: 0.9, perWriting: 0.8 },
};

let allReached = true;
try {
  await addTypedAdvisors(runtime.database.db, runId, TYPED_NOW);
  const world = { engine: runtime.engine, db: runtime.database.db, runId, now: TYPED_NOW };
  const reports: [string, TypedReport][] = [];
  for (const half of halves) {
    const list = HALVES[half].filter((conversation) => !only || conversation.id === only);
    if (list.length === 0) continue;
    const report = await playAll(world, list);
    reports.push([half, report]);
    for (const result of report.results) {
      const mark = result.reached ? "✓" : result.harm ? "✗!" : "✗";
      console.log(`${mark.padEnd(2)} ${half.padEnd(4)} ${result.id.padEnd(34)} ${result.writing.padEnd(9)} ${result.goal.padEnd(10)} ${String(result.turns).padStart(2)} turns`);
      if (!result.reached || (show && only)) {
        console.log(`     ${[result.failure, result.harm].filter(Boolean).join("; ")}`);
        if (show) for (const exchange of result.transcript) console.log(`     > ${exchange.you}\n       [${exchange.screen ?? "?"}] ${exchange.bot.replace(/\n/g, "\n         ").slice(0, 600)}`);
      }
    }
    const bar = THRESHOLDS[half] ?? { overall: 1, perWriting: 1 };
    const share = (group: typeof report.results) => group.filter((result) => result.reached).length / Math.max(1, group.length);
    const perWriting = WRITINGS.map((writing) => report.results.filter((result) => result.writing === writing)).filter((group) => group.length > 0);
    if (only ? report.reached < report.total : share(report.results) < bar.overall || perWriting.some((group) => share(group) < bar.perWriting)) allReached = false;
    if (report.harmed > 0) allReached = false;
  }
  const titles: Record<string, string> = { tune: "tuning half", test: "test half (never tuned on)", issue18: "issue 18's examples" };
  for (const [half, report] of reports) summarise(titles[half] ?? half, report);
  process.exitCode = allReached ? 0 : 1;
} finally {
  runtime.catalogue.stop();
  await database.close();
}
