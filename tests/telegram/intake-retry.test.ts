import type { Context } from "grammy";
import { describe, expect, it } from "vitest";
import { intakeMiddleware } from "../../bot/channels/telegram/intake-middleware.ts";
import type { InboundMessage } from "../../bot/core/types.ts";
import { createLogger } from "../../lib/logger.ts";

/** What the database driver throws while the server is away. */
const away = () => Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), { code: "CONNECTION_CLOSED" });

function update(text: string) {
  // The fields the middleware reads from grammY's context: the update itself.
  const ctx = { update: { update_id: 1, message: { message_id: 7, date: 0, text, chat: { id: 42, type: "private" }, from: { id: 42, is_bot: false, first_name: "Amina" } } } };
  return ctx as unknown as Context;
}

function intakeFailing(times: number, error: () => Error) {
  const stored: InboundMessage[] = [];
  let calls = 0;
  const intake = async (inbound: InboundMessage) => {
    calls += 1;
    if (calls <= times) throw error();
    stored.push(inbound);
    return { duplicate: false };
  };
  return { intake, stored, calls: () => calls };
}

describe("Telegram long polling while the database is away", () => {
  it("waits it out past the usual attempts, then stores the update (it is not lost)", async () => {
    const fake = intakeFailing(4, away);
    await intakeMiddleware({ intake: fake.intake, log: createLogger("silent"), attempts: 3, track: () => {} })(update("salam"), async () => {});
    expect(fake.calls()).toBe(5);
    expect(fake.stored.map((inbound) => inbound.content)).toEqual([{ kind: "text", text: "salam" }]);
  }, 20_000);

  it("gives up after the usual attempts on any other failure", async () => {
    const fake = intakeFailing(4, () => new Error("a bug"));
    const run = intakeMiddleware({ intake: fake.intake, log: createLogger("silent"), attempts: 3, track: () => {} })(update("salam"), async () => {});
    await expect(run).rejects.toThrow("a bug");
    expect(fake.calls()).toBe(3);
  }, 20_000);

  it("in webhook mode takes one attempt, so the webhook answers 503 and Telegram re-sends", async () => {
    const fake = intakeFailing(1, away);
    const run = intakeMiddleware({ intake: fake.intake, log: createLogger("silent"), attempts: 1, track: () => {} })(update("salam"), async () => {});
    await expect(run).rejects.toThrow("CONNECTION_CLOSED");
    expect(fake.calls()).toBe(1);
  });
});
