import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReminderHandler } from "../../bot/booking/reminder-handler.ts";
import { REMINDER_JOB_KIND } from "../../bot/booking/reminders.ts";
import { loadBookingView } from "../../bot/booking/view.ts";
import { createJobRunner } from "../../bot/core/jobs.ts";
import type { Lang, Outbound } from "../../bot/core/types.ts";
import { appointments, channelIdentities, conversations, messages } from "../../db/schema/index.ts";
import { addAdvisorAt, addSite } from "../booking/booking-fixture.ts";
import { chatAs, lastChoices, onboardedChat, texts } from "../helpers/chat.ts";
import { uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

/**
 * The booking journey through the whole engine on the test database: book, see, move,
 * cancel — the advisor's slot frees each time — a race for one slot, and the reminders.
 * The clock is frozen on Monday 2 March 2026, 09:00 UTC (Ramadan: 09:00 in Casablanca).
 */

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
let siteId: string;
let advisorId: string;

beforeAll(async () => {
  runtime = await openTestRuntime();
  const site = await addSite(runtime.database.db, { province: "khouribga" });
  siteId = site.id;
  advisorId = await addAdvisorAt(runtime.database.db, siteId);
});
afterAll(() => runtime.close());

async function consented(lang: Lang) {
  const user = uniqueUser(`book-${lang}`);
  return { chat: await onboardedChat(runtime.engine, user, lang), user };
}

function pick(replies: Outbound[], prefix: string): string {
  const id = lastChoices(replies).find((choice) => choice.startsWith(prefix));
  if (!id) throw new Error(`no ${prefix}* choice in: ${texts(replies)}\n${lastChoices(replies).join(" ")}`);
  return id;
}

/** From the menu to the summary, through every step's buttons. */
async function toSummary(chat: ReturnType<typeof chatAs>, options: { dayIndex?: number; timeIndex?: number } = {}) {
  const sites = await chat.choose("cmd:book");
  const all = lastChoices(sites).includes(`book:site:${siteId}`) ? sites : await chat.choose("book:allsites");
  const topics = await chat.choose(pick(all, `book:site:${siteId}`));
  const days = await chat.choose(pick(topics, "book:topic:general"));
  const dayIds = lastChoices(days).filter((id) => id.startsWith("book:day:"));
  const times = await chat.choose(dayIds[options.dayIndex ?? 0]!);
  const timeIds = lastChoices(times).filter((id) => id.startsWith("book:time:"));
  const timeId = timeIds[options.timeIndex ?? 0]!;
  const summary = await chat.choose(timeId);
  return { summary, start: new Date(timeId.slice("book:time:".length)) };
}

async function contactIdOf(user: string): Promise<string> {
  const [identity] = await runtime.database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, user));
  return identity!.contactId;
}

async function confirmedOf(contactId: string) {
  return runtime.database.db
    .select()
    .from(appointments)
    .where(and(eq(appointments.contactId, contactId), eq(appointments.status, "confirmed")));
}

async function isFree(start: Date): Promise<boolean> {
  const view = await loadBookingView(runtime.database.db, { contactId: "00000000-0000-4000-8000-000000000000", siteId, appointmentId: null, now: runtime.clock.now() });
  return view.slots.some((slot) => slot.advisorId === advisorId && slot.start.getTime() === start.getTime());
}

describe("booking a meeting in the chat", () => {
  it.each(["fr", "ar", "ary"] as const)("in %s: book, see it, move it, cancel it — the slot frees each time", async (lang) => {
    const { chat, user } = await consented(lang);
    const { summary, start } = await toSummary(chat, { dayIndex: ["fr", "ar", "ary"].indexOf(lang), timeIndex: 1 });
    expect(lastChoices(summary)).toContain("book:confirm:yes");
    expect(await isFree(start)).toBe(true);

    const booked = await chat.choose("book:confirm:yes");
    const link = booked.find((reply) => reply.kind === "link");
    expect(link && link.kind === "link" ? link.url : "").toMatch(/\/calendar\/[0-9a-f-]{36}\.ics$/);
    const contactId = await contactIdOf(user);
    const [first] = await confirmedOf(contactId);
    expect(first?.startsAt.getTime()).toBe(start.getTime());
    expect(await isFree(start)).toBe(false);

    const mine = await chat.choose("cmd:appointments");
    const show = pick(mine, "appt:show:");
    const detail = await chat.choose(show);
    const days = await chat.choose(pick(detail, "appt:move:"));
    const times = await chat.choose(lastChoices(days).filter((id) => id.startsWith("book:day:"))[3]!);
    const newTime = lastChoices(times).filter((id) => id.startsWith("book:time:"))[0]!;
    await chat.choose(newTime);
    const moved = await chat.choose("book:confirm:yes");
    expect(texts(moved)).not.toBe("");
    const [second] = await confirmedOf(contactId);
    const newStart = new Date(newTime.slice("book:time:".length));
    expect(second?.startsAt.getTime()).toBe(newStart.getTime());
    expect(second?.rescheduledFrom).toBe(first?.id);
    expect(await isFree(start)).toBe(true);
    expect(await isFree(newStart)).toBe(false);

    const list = await chat.choose("cmd:appointments");
    const detail2 = await chat.choose(pick(list, "appt:show:"));
    const reasons = await chat.choose(pick(detail2, "appt:cancel:"));
    // Nothing is lost on a guess: the reason, then a question naming the meeting, then the cancellation.
    const confirm = await chat.choose(pick(reasons, "book:reason:"));
    expect(lastChoices(confirm)).toEqual(expect.arrayContaining(["book:cancel:yes", "book:cancel:no"]));
    expect(await confirmedOf(contactId)).toHaveLength(1);
    const cancelled = await chat.choose("book:cancel:yes");
    expect(lastChoices(cancelled)).toContain("cmd:book");
    expect(await confirmedOf(contactId)).toHaveLength(0);
    expect(await isFree(newStart)).toBe(true);
    const [row] = await runtime.database.db.select().from(appointments).where(eq(appointments.id, second!.id));
    expect(row?.status).toBe("cancelled");
    expect(row?.cancelReason).toBe("unavailable");
  });

  it("reads a typed day and time: «demain à 10 h» goes straight to the summary", async () => {
    const { chat } = await consented("fr");
    const sites = await chat.choose("cmd:book");
    const all = lastChoices(sites).includes(`book:site:${siteId}`) ? sites : await chat.choose("book:allsites");
    const topics = await chat.choose(pick(all, `book:site:${siteId}`));
    await chat.choose(pick(topics, "book:topic:general"));
    const summary = await chat.text("demain à 10h");
    expect(lastChoices(summary)).toContain("book:confirm:yes");
    expect(texts(summary)).toMatch(/mardi 3 mars à 10 h/);
  });

  it("reads a typed site and topic: «minassati», then «mon projet»", async () => {
    const { chat } = await consented("fr");
    await chat.choose("cmd:book");
    const topics = await chat.text("Minassati");
    expect(lastChoices(topics)).toContain("book:topic:project");
    expect(texts(topics)).toMatch(/Minassati/);
    const days = await chat.text("mon projet");
    expect(texts(days)).toMatch(/Minassati/);
    expect(lastChoices(days)).toContain("book:othersite");
  });

  it("erasing one's data cancels the meetings to come and frees the advisor's time", async () => {
    const { chat, user } = await consented("ar");
    const { start } = await toSummary(chat, { dayIndex: 6, timeIndex: 1 });
    await chat.choose("book:confirm:yes");
    const contactId = await contactIdOf(user);
    expect(await confirmedOf(contactId)).toHaveLength(1);
    await chat.choose("cmd:delete");
    await chat.choose("privacy:delete-yes");
    expect(await confirmedOf(contactId)).toHaveLength(0);
    expect(await isFree(start)).toBe(true);
  });

  it("asks for consent before booking anything", async () => {
    const chat = chatAs(runtime.engine, uniqueUser("book-noconsent"));
    await chat.start();
    await chat.choose("lang:fr");
    await chat.choose("consent:no");
    const replies = await chat.choose("cmd:book");
    expect(lastChoices(replies)).toContain("consent:ask");
  });

  it("two people confirming the same slot: one books it, the other is told kindly and offered the next ones", async () => {
    const a = await consented("fr");
    const b = await consented("ary");
    const { start } = await toSummary(a.chat, { dayIndex: 4, timeIndex: 2 });
    const bSummary = await toSummary(b.chat, { dayIndex: 4, timeIndex: 2 });
    expect(bSummary.start.getTime()).toBe(start.getTime());
    const [repliesA, repliesB] = await Promise.all([a.chat.choose("book:confirm:yes"), b.chat.choose("book:confirm:yes")]);
    const aBooked = (await confirmedOf(await contactIdOf(a.user))).length;
    const bBooked = (await confirmedOf(await contactIdOf(b.user))).length;
    expect(aBooked + bBooked).toBe(1);
    const loser = aBooked === 1 ? repliesB : repliesA;
    expect(lastChoices(loser).filter((id) => id.startsWith("book:time:")).length).toBeGreaterThan(0);
    expect(lastChoices(loser)).not.toContain(`book:time:${start.toISOString()}`);
  });
});

describe("twenty people racing for one slot", () => {
  it("books it once and tells the 19 others kindly, each with other free times", async () => {
    const people = await Promise.all(Array.from({ length: 20 }, () => consented("fr")));
    const summaries = [];
    for (const person of people) summaries.push(await toSummary(person.chat, { dayIndex: 5, timeIndex: 3 }));
    const start = summaries[0]!.start;
    expect(summaries.every((summary) => summary.start.getTime() === start.getTime())).toBe(true);
    const replies = await Promise.all(people.map((person) => person.chat.choose("book:confirm:yes")));
    const booked = await runtime.database.db
      .select()
      .from(appointments)
      .where(and(eq(appointments.advisorId, advisorId), eq(appointments.startsAt, start), eq(appointments.status, "confirmed")));
    expect(booked).toHaveLength(1);
    const refused = replies.filter((reply) => lastChoices(reply).some((id) => id.startsWith("book:time:")));
    expect(refused).toHaveLength(19);
    for (const reply of refused) {
      expect(texts(reply)).toMatch(/quelqu'un vient de prendre ce créneau/);
      expect(lastChoices(reply)).not.toContain(`book:time:${start.toISOString()}`);
    }
  });
});

describe("reminders", () => {
  it("arrive 24 h and 2 h before on the person's channel, in their language, and stop once cancelled", async () => {
    const { chat, user } = await consented("ary");
    const { start } = await toSummary(chat, { dayIndex: 2, timeIndex: 0 });
    await chat.choose("book:confirm:yes");
    const contactId = await contactIdOf(user);
    const [appointment] = await confirmedOf(contactId);
    const [conversation] = await runtime.database.db.select().from(conversations).where(eq(conversations.contactId, contactId));
    const queued: string[] = [];
    const runner = createJobRunner({
      db: runtime.database.db,
      clock: runtime.clock,
      log: runtime.log,
      handlers: { [REMINDER_JOB_KIND]: createReminderHandler({ translator: runtime.translator, onQueued: (id) => queued.push(id) }) },
    });
    const reminders = async () =>
      (await runtime.database.db.select().from(messages).where(eq(messages.conversationId, conversation!.id)))
        .filter((row) => row.author === "system")
        .map((row) => row.content as unknown as Outbound);

    const before = runtime.clock.now();
    try {
      runtime.clock.set(new Date(start.getTime() - 24 * 3600_000 - 60_000));
      await runner.runOnce();
      expect(await reminders()).toHaveLength(0); // not yet
      runtime.clock.set(new Date(start.getTime() - 24 * 3600_000));
      await runner.runOnce();
      const first = await reminders();
      expect(first).toHaveLength(1);
      expect(first[0]!.text).toMatch(/تذكير: عندك موعد غدا/);
      expect(first[0]!.kind === "choices" ? first[0]!.choices.map((choice) => choice.id) : []).toContain(`appt:cancel:${appointment!.id}`);
      await new Promise((resolve) => setImmediate(resolve));
      expect(queued).toEqual([conversation!.id]); // the channel's sender is woken

      // The reminder's cancel button works days later, from any step.
      runtime.clock.set(before);
      await chat.choose("cmd:programs");
      const reasons = await chat.choose(`appt:cancel:${appointment!.id}`);
      await chat.choose(pick(reasons, "book:reason:"));
      await chat.choose("book:cancel:yes");
      runtime.clock.set(new Date(start.getTime() - 2 * 3600_000));
      await runner.runOnce();
      expect(await reminders()).toHaveLength(1); // the 2 h reminder was withdrawn
    } finally {
      runtime.clock.set(before);
    }
  });
});
