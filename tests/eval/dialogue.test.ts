import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPglite } from "../helpers/database.ts";
import { openDatabase } from "../../db/client.ts";
import { fixedClock } from "../../lib/clock.ts";
import { loadConfig } from "../../lib/config.ts";
import { createLogger } from "../../lib/logger.ts";
import { openRuntime, type Runtime } from "../../lib/runtime.ts";
import { addEvalAdvisors } from "./dialogue-setup.ts";
import { runDialogues } from "./dialogue-runner.ts";
import { SCENARIOS } from "./dialogue-scenarios.ts";
import { WRITINGS } from "./dialogue-writings.ts";

/**
 * The dialogue evaluation (`npm run eval:dialogue`) as a test: every scripted, typed-only
 * conversation reaches its goal, so a change that traps or loses a person fails CI. On its
 * own embedded database: its 16 bookings and their reminders stay out of other tests' way.
 */
const NOW = new Date("2026-03-02T09:00:00Z");
const runId = "test";
let runtime: Runtime;
let close: (() => Promise<void>) | undefined;
/**
 * It opens its own embedded database in either run, so the PGlite run would only repeat it:
 * it runs once, in the PostgreSQL run.
 */
const ranInThePostgresRun = isPglite();
beforeAll(async () => {
  if (ranInThePostgresRun) return;
  const database = await openDatabase({ dataDir: "", inMemory: true });
  runtime = await openRuntime(loadConfig({ LOG_LEVEL: "silent" }), createLogger("silent"), { clock: fixedClock(NOW), database });
  close = async () => {
    runtime.catalogue.stop();
    await database.close();
  };
  await addEvalAdvisors(runtime.database.db, runId, NOW);
}, 30_000);
afterAll(() => close?.());

describe.skipIf(ranInThePostgresRun)("the dialogue evaluation", () => {
  it("has at least 40 conversations, in each of the four ways of writing, for each goal", () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(SCENARIOS.map((scenario) => scenario.id)).size).toBe(SCENARIOS.length);
    for (const writing of WRITINGS) {
      for (const goal of ["verdicts", "booking", "sheet"] as const) {
        expect(SCENARIOS.some((scenario) => scenario.writing === writing && scenario.goal === goal), `${writing} ${goal}`).toBe(true);
      }
    }
  });

  it("brings every typed-only conversation to its goal (verdicts, a booking, a project sheet)", { timeout: 60_000 }, async () => {
    const report = await runDialogues(runtime.engine, runtime.database.db, SCENARIOS, runId);
    const failed = report.results.filter((result) => !result.reached).map((result) => `${result.id}: ${result.path.join(" → ")}\n${result.lastReply}`);
    expect(failed).toEqual([]);
    expect(report.meanTurns).toBeLessThan(20);
  });
});
