import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPglite } from "../helpers/database.ts";
import { openTelegramHarness, type TelegramHarness } from "./harness.ts";

const BUSY_MS = 3_000;

/**
 * A webhook stores the update and answers even when every connection of the main pool is
 * taken (turns, the outbox, a slow query): intake has connections of its own. The turns
 * then catch up, every message answered once and in order.
 */
describe.skipIf(isPglite())("the Telegram webhook under load", () => {
  let tg: TelegramHarness;
  beforeAll(async () => {
    tg = await openTelegramHarness("webhook");
  });
  afterAll(() => tg?.close());

  it("answers while the main pool is busy, and the replies follow in order once it is free", async () => {
    const people = [tg.person(), tg.person(), tg.person()];
    // Every connection of the main pool (5 in tests) held for BUSY_MS.
    const startedBusy = performance.now();
    const busy = Promise.all(Array.from({ length: 5 }, () => tg.runtime.database.db.execute(sql`select pg_sleep(${BUSY_MS / 1000})`)));
    await new Promise((resolve) => setTimeout(resolve, 200));

    const answers: number[] = [];
    for (const person of people) {
      // The language question, then the choice of French (its button under a message of the bot's).
      for (const update of [person.updates.text("/start"), person.updates.press("lang:fr", { method: "sendMessage", payload: {}, ok: true, messageId: 1 })]) {
        const { status, ms } = await tg.stub.deliverWebhook(update);
        expect(status).toBe(200);
        answers.push(ms);
      }
    }
    const answeredAllAt = performance.now() - startedBusy;
    // Stored and answered before the pool was free again (all six, one after the other).
    expect(answeredAllAt).toBeLessThan(BUSY_MS - 500);
    expect(Math.max(...answers)).toBeLessThan(1_000);
    await busy;

    for (const person of people) {
      const sent = await tg.stub.waitFor(() => person.sent().length >= 2 && person.sent(), 10_000);
      expect(sent[0]?.plainText).toMatch(/Choisissez votre langue/);
      expect(sent[1]?.plainText).not.toMatch(/Choisissez votre langue/);
      expect(sent[1]?.plainText).toMatch(/Avant de commencer, un mot sur vos données/);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const person of people) expect(person.sent()).toHaveLength(2);
  });
});
