import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutbox, DELIVERY_LEASE_MS, DeliveryError, SWEEP_GRACE_MS, type ChannelSender } from "../../bot/core/outbox.ts";
import type { Outbound } from "../../bot/core/types.ts";
import { contacts, conversations, messages } from "../../db/schema/index.ts";
import { createLogger } from "../../lib/logger.ts";
import { uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
beforeAll(async () => {
  runtime = await openTestRuntime();
});
afterAll(() => runtime.close());

/** A push channel whose behaviour each test scripts; it records what reached the person. */
function scriptedSender(behaviour: (call: number) => "ok" | "retry" | "blocked") {
  const delivered: { address: string; message: Outbound }[] = [];
  let calls = 0;
  const sender: ChannelSender = {
    channel: "telegram",
    async send(address, message) {
      calls += 1;
      const outcome = behaviour(calls);
      if (outcome === "retry") throw new DeliveryError("429 Too Many Requests", { retryAfterMs: 3_000 });
      if (outcome === "blocked") throw new DeliveryError("403 bot was blocked by the user", { permanent: true, unreachable: true });
      delivered.push({ address, message });
      return { channelMessageId: `tg-${calls}` };
    },
  };
  return { sender, delivered };
}

/** A push channel that holds every send until `release()`: replies still on their way. */
function gatedSender() {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const delivered: Outbound[] = [];
  const sender: ChannelSender = {
    channel: "telegram",
    async send(_address, message) {
      await gate;
      delivered.push(message);
      return { channelMessageId: `tg-gated-${delivered.length}` };
    },
  };
  return { sender, delivered, release };
}

async function commitRepliesFor(user: string) {
  // Replies are committed by the engine; nothing sends them until the outbox runs,
  // which is exactly the state a crash right after the commit leaves behind.
  const result = await runtime.engine.receive({ channel: "telegram", externalUserId: user, content: { kind: "start" } });
  expect(result.replies.length).toBeGreaterThan(0);
  return result;
}

const outboundOf = (conversationId: string) =>
  runtime.database.db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "outbound")))
    .orderBy(asc(messages.id));

describe("the outbox", () => {
  it("sends replies left pending (as after a crash) on the next sweep, in order, once", async () => {
    const user = uniqueUser("crash");
    const { conversationId } = await commitRepliesFor(user);
    expect((await outboundOf(conversationId)).every((row) => row.status === "pending")).toBe(true);

    const { sender, delivered } = scriptedSender(() => "ok");
    const outbox = createOutbox({ db: runtime.database.db, clock: runtime.clock, log: createLogger("silent"), senders: [sender] });
    // Just saved, never tried: the process that saved them is sending them, not the sweep.
    await outbox.sweep();
    expect(delivered.filter((item) => item.address === user)).toHaveLength(0);

    runtime.clock.advance(SWEEP_GRACE_MS + 1);
    await outbox.sweep();
    await outbox.sweep();

    const rows = await outboundOf(conversationId);
    expect(rows.every((row) => row.status === "sent" && row.channelMessageId?.startsWith("tg-"))).toBe(true);
    expect(delivered.filter((item) => item.address === user).map((item) => item.message)).toEqual(rows.map((row) => row.content));
  });

  it("honours a retry-after without sending later replies first", async () => {
    const user = uniqueUser("retry");
    await commitRepliesFor(user);
    const second = await runtime.engine.receive({ channel: "telegram", externalUserId: user, content: { kind: "text", text: "1" } });
    const { sender, delivered } = scriptedSender((call) => (call === 1 ? "retry" : "ok"));
    const outbox = createOutbox({ db: runtime.database.db, clock: runtime.clock, log: createLogger("silent"), senders: [sender] });

    expect(await outbox.drain(second.conversationId)).toBe(0);
    const waiting = await outboundOf(second.conversationId);
    expect(waiting.every((row) => row.status === "pending")).toBe(true);
    expect(waiting[0]?.nextAttemptAt?.getTime()).toBe(runtime.clock.now().getTime() + 3_000);

    expect(await outbox.drain(second.conversationId)).toBe(0); // not due yet
    runtime.clock.advance(3_000);
    expect(await outbox.drain(second.conversationId)).toBe(waiting.length);
    expect(delivered.map((item) => item.message)).toEqual(waiting.map((row) => row.content));
  });

  it("marks a person who blocked the bot unreachable instead of retrying forever", async () => {
    const user = uniqueUser("blocked");
    const { conversationId } = await commitRepliesFor(user);
    const { sender } = scriptedSender(() => "blocked");
    const outbox = createOutbox({ db: runtime.database.db, clock: runtime.clock, log: createLogger("silent"), senders: [sender] });
    await outbox.drain(conversationId);

    const rows = await outboundOf(conversationId);
    expect(rows.every((row) => row.status === "failed")).toBe(true);
    const [conversation] = await runtime.database.db.select().from(conversations).where(eq(conversations.id, conversationId));
    const [contact] = await runtime.database.db.select().from(contacts).where(eq(contacts.id, conversation?.contactId ?? ""));
    expect(contact?.unreachableAt).not.toBeNull();
  });
  it("holds no database transaction while a channel is slow to send (a paced WhatsApp send takes seconds)", async () => {
    const user = uniqueUser("slow");
    const { conversationId } = await commitRepliesFor(user);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const slow: ChannelSender = {
      channel: "telegram",
      async send() {
        calls += 1;
        await gate;
        return {};
      },
    };
    const outbox = createOutbox({ db: runtime.database.db, clock: runtime.clock, log: createLogger("silent"), senders: [slow] });
    const draining = outbox.drain(conversationId);
    while (calls === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    // While the send hangs, the engine (on PGlite: the one and only connection) still answers,
    // and a second drain of the same conversation does not send the same replies again.
    const other = await runtime.engine.receive({ channel: "cli", externalUserId: uniqueUser("meanwhile"), content: { kind: "start" } });
    expect(other.replies.length).toBeGreaterThan(0);
    expect(await outbox.drain(conversationId)).toBe(0);
    expect(calls).toBe(1);

    release();
    expect(await draining).toBeGreaterThan(0);
    expect((await outboundOf(conversationId)).every((row) => row.status === "sent")).toBe(true);
  });
});

describe("replies claimed with their turn (the engine hands them to this process's outbox)", () => {
  it("are sent by the sweep once their lease lapses when the process died before sending them, once, in order", async () => {
    // A handler that drops what it is given: the process was killed between the commit and the send.
    const stop = runtime.engine.handOver(new Set(["telegram"]), DELIVERY_LEASE_MS, () => {});
    try {
      const user = uniqueUser("claimed-crash");
      const { conversationId } = await commitRepliesFor(user);
      const claimed = await outboundOf(conversationId);
      expect(claimed.every((row) => row.status === "pending" && row.nextAttemptAt !== null)).toBe(true);

      const { sender, delivered } = scriptedSender(() => "ok");
      const outbox = createOutbox({ db: runtime.database.db, clock: runtime.clock, log: createLogger("silent"), senders: [sender] });
      await outbox.sweep();
      expect(delivered.filter((item) => item.address === user)).toHaveLength(0); // still leased to the dead process

      runtime.clock.advance(DELIVERY_LEASE_MS + 1);
      await outbox.sweep();
      await outbox.sweep();
      const rows = await outboundOf(conversationId);
      expect(rows.every((row) => row.status === "sent")).toBe(true);
      expect(delivered.filter((item) => item.address === user).map((item) => item.message)).toEqual(rows.map((row) => row.content));
    } finally {
      stop();
    }
  });

  it("keep their order: a reply saved while earlier ones are still leaving goes after them, each once", async () => {
    const { sender: gated, delivered, release } = gatedSender();
    const outbox = createOutbox({ db: runtime.database.db, clock: runtime.clock, log: createLogger("silent"), senders: [gated] });
    const deliveries: Promise<number>[] = [];
    const stop = runtime.engine.handOver(new Set(["telegram"]), DELIVERY_LEASE_MS, (conversationId, claimed, complete) => {
      deliveries.push(outbox.deliverClaimed(conversationId, claimed, complete));
    });
    try {
      const user = uniqueUser("claimed-order");
      const first = await runtime.engine.receive({ channel: "telegram", externalUserId: user, channelMessageId: `${user}-1`, content: { kind: "start" } });
      const second = await runtime.engine.receive({ channel: "telegram", externalUserId: user, channelMessageId: `${user}-2`, content: { kind: "text", text: "1" } });
      const secondRows = await outboundOf(second.conversationId);
      // The second turn's replies were not claimed: the first ones were still on their way.
      expect(secondRows.filter((row) => second.replies.some((reply) => reply.id === row.id)).every((row) => row.nextAttemptAt === null)).toBe(true);

      release();
      await Promise.all(deliveries);
      const rows = await outboundOf(first.conversationId);
      expect(rows.every((row) => row.status === "sent")).toBe(true);
      expect(delivered).toEqual([...first.replies, ...second.replies].map((reply) => reply.message));
    } finally {
      stop();
      await outbox.stop();
    }
  });
  it("leave right after the earlier ones when a later turn's replies were claimed while those were still leaving", async () => {
    // The person writes again as soon as their webhook is answered; the earlier replies are
    // marked sent, the later turn claims its own, and this process is still finishing the
    // earlier send. Those later replies are leased to this process alone: if it dropped them
    // they would wait two minutes for their lease to lapse (seen in bench:webhook).
    const claims: { conversationId: string; claimed: Parameters<typeof outbox.deliverClaimed>[1]; complete: boolean }[] = [];
    const stop = runtime.engine.handOver(new Set(["telegram"]), DELIVERY_LEASE_MS, (conversationId, claimed, complete) => {
      claims.push({ conversationId, claimed, complete });
    });
    const { sender: gated, delivered, release } = gatedSender();
    const outbox = createOutbox({ db: runtime.database.db, clock: runtime.clock, log: createLogger("silent"), senders: [gated] });
    try {
      const user = uniqueUser("claimed-queued");
      const first = await runtime.engine.receive({ channel: "telegram", externalUserId: user, channelMessageId: `${user}-1`, content: { kind: "start" } });
      const firstClaim = claims.shift();
      expect(firstClaim?.claimed.length).toBe(first.replies.length);
      const sendingFirst = outbox.deliverClaimed(first.conversationId, firstClaim?.claimed ?? [], true);
      // The state the race leaves: the first replies recorded as sent (their send is what the
      // gate holds), so the second turn claims its replies in the statement that saves them.
      await runtime.database.db.update(messages).set({ status: "sent", nextAttemptAt: null }).where(inArray(messages.id, first.replies.map((reply) => reply.id)));
      const second = await runtime.engine.receive({ channel: "telegram", externalUserId: user, channelMessageId: `${user}-2`, content: { kind: "text", text: "1" } });
      const secondClaim = claims.shift();
      expect(secondClaim?.claimed.map((delivery) => delivery.id)).toEqual(second.replies.map((reply) => reply.id));
      const sendingSecond = outbox.deliverClaimed(second.conversationId, secondClaim?.claimed ?? [], secondClaim?.complete ?? true);

      release();
      await Promise.all([sendingFirst, sendingSecond]);
      // No clock advanced: nothing waited for a lease.
      const secondRows = await runtime.database.db.select().from(messages).where(inArray(messages.id, second.replies.map((reply) => reply.id))).orderBy(asc(messages.id));
      expect(secondRows.map((row) => row.status)).toEqual(second.replies.map(() => "sent"));
      expect(delivered).toEqual([...first.replies, ...second.replies].map((reply) => reply.message));
    } finally {
      stop();
      await outbox.stop();
    }
  });
});
