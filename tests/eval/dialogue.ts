import { randomBytes } from "node:crypto";
import { openDatabase } from "../../db/client.ts";
import { fixedClock } from "../../lib/clock.ts";
import { loadConfig } from "../../lib/config.ts";
import { createLogger } from "../../lib/logger.ts";
import { openRuntime } from "../../lib/runtime.ts";
import { addEvalAdvisors } from "./dialogue-setup.ts";
import { runDialogues } from "./dialogue-runner.ts";
import { SCENARIOS } from "./dialogue-scenarios.ts";

/**
 * `npm run eval:dialogue`: plays the scripted conversations through the real engine, on
 * DATABASE_URL when set (its migrations applied), else on an in-memory embedded database,
 * with the clock frozen on Monday 2 March 2026, 09:00 UTC. Prints each conversation's
 * outcome and turns, then the share that reached its goal; exits 1 unless all did.
 */
export const EVAL_NOW = new Date("2026-03-02T09:00:00Z");

const config = loadConfig({ ...process.env, LOG_LEVEL: "silent" });
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: "", inMemory: !config.DATABASE_URL });
const runtime = await openRuntime(config, createLogger("silent"), { clock: fixedClock(EVAL_NOW), database });
const runId = randomBytes(4).toString("hex");
try {
  await addEvalAdvisors(runtime.database.db, runId, EVAL_NOW);
  const report = await runDialogues(runtime.engine, runtime.database.db, SCENARIOS, runId);
  for (const result of report.results) {
    console.log(`${result.reached ? "✓" : "✗"} ${result.id.padEnd(26)} ${result.writing.padEnd(9)} ${result.goal.padEnd(8)} ${String(result.turns).padStart(2)} turns`);
    if (!result.reached) console.log(`    path: ${result.path.join(" → ")}\n    last reply: ${result.lastReply.slice(0, 400)}`);
  }
  const byGoal = (goal: string) => report.results.filter((result) => result.goal === goal);
  for (const goal of ["verdicts", "booking", "sheet"]) {
    const group = byGoal(goal);
    const turns = group.map((result) => result.turns);
    console.log(`${goal}: ${group.filter((result) => result.reached).length}/${group.length} reached, turns ${Math.min(...turns)}–${Math.max(...turns)} (mean ${(turns.reduce((a, b) => a + b, 0) / group.length).toFixed(1)})`);
  }
  console.log(`reached the goal: ${report.reached}/${report.total} (${(report.share * 100).toFixed(0)} %), mean ${report.meanTurns.toFixed(1)} turns`);
  process.exitCode = report.reached === report.total ? 0 : 1;
} finally {
  runtime.catalogue.stop();
  await database.close();
}
