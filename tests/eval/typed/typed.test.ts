import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPglite } from "../../helpers/database.ts";
import { openDatabase } from "../../../db/client.ts";
import { fixedClock } from "../../../lib/clock.ts";
import { loadConfig } from "../../../lib/config.ts";
import { createLogger } from "../../../lib/logger.ts";
import { openRuntime, type Runtime } from "../../../lib/runtime.ts";
import { HALVES } from "./halves.ts";
import { TYPED_NOW } from "./now.ts";
import { playAll } from "./player.ts";
import { addTypedAdvisors } from "./setup.ts";
import { WRITINGS } from "./types.ts";
import { startOpenAiStub, type OpenAiStub } from "../../helpers/openai-stub.ts";

/**
 * Issue 18's examples as typed conversations through the real engine: each class of
 * failure (a move read as a cancellation, a typed yes, a place in Arabic letters, "don't
 * know", numbers inside words, a value outside the list, a name with an iPhone
 * apostrophe, a question in passing, a change of mind, a polite request, a greeting as
 * the first message) in French, MSA, Darija in Arabic letters and Arabizi. Every one
 * must reach its goal with every answer understood, and nothing of the person's lost.
 * On its own embedded database, so its bookings stay out of other tests' way.
 * (The tuning and test halves of the evaluation run in CI: `npm run eval:typed`.)
 */
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
  runtime = await openRuntime(loadConfig({ LOG_LEVEL: "silent" }), createLogger("silent"), { clock: fixedClock(TYPED_NOW), database });
  close = async () => {
    runtime.catalogue.stop();
    await database.close();
  };
  await addTypedAdvisors(runtime.database.db, "test", TYPED_NOW);
}, 60_000);
afterAll(() => close?.());

describe.skipIf(ranInThePostgresRun)("issue 18's examples, typed as people type", () => {
  it("cover every way of writing", () => {
    for (const writing of WRITINGS) expect(HALVES.issue18.filter((conversation) => conversation.writing === writing).length, writing).toBeGreaterThanOrEqual(15);
  });

  it("all reach their goal, understood the first time, and nothing is lost", { timeout: 240_000 }, async () => {
    const report = await playAll({ engine: runtime.engine, db: runtime.database.db, runId: "test", now: TYPED_NOW }, HALVES.issue18);
    const failed = report.results
      .filter((result) => !result.reached)
      .map((result) => `${result.id}: ${[result.failure, result.harm].filter(Boolean).join("; ")}\n${result.transcript.map((exchange) => `> ${exchange.you}\n  ${exchange.bot.slice(0, 200)}`).join("\n")}`);
    expect(failed).toEqual([]);
    expect(report.harmed).toBe(0);
  });
});

describe.skipIf(ranInThePostgresRun)("with a language model configured", () => {
  let withModel: Runtime;
  let stub: OpenAiStub;
  let closeModel: () => Promise<void>;
  beforeAll(async () => {
    stub = await startOpenAiStub();
    // A model that reads every message it is asked about as a plain wish to stop the announcements.
    stub.reply = {
      kind: "json",
      content: { intent: "stop", confidence: 0.99, language: "fr", entities: { age: null, place: null, gender: null, amountMad: null, amountUnitClear: null, date: null, time: null } },
    };
    const database = await openDatabase({ dataDir: "", inMemory: true });
    const config = loadConfig({ LOG_LEVEL: "silent", OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: stub.baseURL, COACH_DAILY_CALLS: "0" });
    withModel = await openRuntime(config, createLogger("silent"), { clock: fixedClock(TYPED_NOW), database });
    closeModel = async () => {
      withModel.catalogue.stop();
      await database.close();
      await stub.close();
    };
    await addTypedAdvisors(withModel.database.db, "model", TYPED_NOW);
  }, 60_000);
  afterAll(() => closeModel());

  it("only adds to the rules: a model that misreads everything changes none of the examples' outcomes", { timeout: 240_000 }, async () => {
    const report = await playAll({ engine: withModel.engine, db: withModel.database.db, runId: "model", now: TYPED_NOW }, HALVES.issue18);
    expect(report.results.filter((result) => !result.reached).map((result) => `${result.id}: ${result.failure ?? ""} ${result.harm ?? ""}`)).toEqual([]);
    expect(report.harmed).toBe(0);
    // It was asked (about what the rules could not place), and its word never outweighed theirs.
    expect(stub.requests.length).toBeGreaterThan(0);
  });
});
