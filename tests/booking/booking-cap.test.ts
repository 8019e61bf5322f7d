import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../api/app.ts";
import { createAppointment, rescheduleAppointment } from "../../db/booking.ts";
import type { Database } from "../../db/client.ts";
import { appointments, channelIdentities } from "../../db/schema/index.ts";
import { lastChoices, onboardedChat, texts } from "../helpers/chat.ts";
import { openTestDatabase, uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { webChat } from "../webchat/web-client.ts";
import { addAdvisorAt, addContact, addSite, minutes } from "./booking-fixture.ts";

/**
 * The cap on meetings to come per person (default 1 per site, 2 in all): said kindly in the
 * chat with the meeting they have and a button to move it, and enforced by the booking
 * transaction itself, whatever the caller sends and however fast.
 */

const now = new Date("2026-03-02T09:00:00Z");
const thursday = new Date("2026-03-05T10:00:00Z");

describe("the booking transaction", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(25);
  });
  afterAll(() => database.close());

  const booking = (siteId: string, advisorId: string, contactId: string, start: Date) => ({
    siteId, advisorId, contactId, start, end: minutes(start, 45), topic: "general", actor: { kind: "contact" as const, id: contactId }, at: now,
  });

  it("books one meeting per site for one person even when twelve arrive at once, and names the one they have", async () => {
    const site = await addSite(database.db);
    const advisorId = await addAdvisorAt(database.db, site.id);
    const contactId = await addContact(database.db);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => createAppointment(database.db, booking(site.id, advisorId, contactId, minutes(thursday, 60 * (i % 6) + 24 * 60 * Math.floor(i / 6))))));
    const booked = results.filter((result) => result.ok);
    expect(booked).toHaveLength(1);
    const refused = results.filter((result) => !result.ok);
    expect(refused.every((result) => !result.ok && result.reason === "cap_reached" && result.existing.id === booked[0]?.appointment.id)).toBe(true);
    const rows = await database.db.select().from(appointments).where(and(eq(appointments.contactId, contactId), eq(appointments.status, "confirmed")));
    expect(rows).toHaveLength(1);
  });

  it("allows a second site, then no third (2 in all), and honours configured caps", async () => {
    const sites = await Promise.all([addSite(database.db), addSite(database.db), addSite(database.db)]);
    const advisors = await Promise.all(sites.map((site) => addAdvisorAt(database.db, site.id)));
    const contactId = await addContact(database.db);
    const at = (i: number) => booking(sites[i]!.id, advisors[i]!, contactId, minutes(thursday, 60 * i));
    expect((await createAppointment(database.db, at(0))).ok).toBe(true);
    expect((await createAppointment(database.db, at(1))).ok).toBe(true);
    expect(await createAppointment(database.db, at(2))).toMatchObject({ ok: false, reason: "cap_reached" });
    expect((await createAppointment(database.db, { ...at(2), caps: { perSite: 1, total: 3 } })).ok).toBe(true);
  });

  it("lets a person move the meeting they have (the old one no longer counts)", async () => {
    const site = await addSite(database.db);
    const advisorId = await addAdvisorAt(database.db, site.id);
    const contactId = await addContact(database.db);
    const first = await createAppointment(database.db, booking(site.id, advisorId, contactId, thursday));
    if (!first.ok) throw new Error("not booked");
    const moved = await rescheduleAppointment(database.db, { appointmentId: first.appointment.id, contactId, start: minutes(thursday, 120), end: minutes(thursday, 165), actor: { kind: "contact", id: contactId }, at: now });
    expect(moved.ok).toBe(true);
  });

  it("does not count meetings that are over or cancelled", async () => {
    const site = await addSite(database.db);
    const advisorId = await addAdvisorAt(database.db, site.id);
    const contactId = await addContact(database.db);
    const earlier = await createAppointment(database.db, { ...booking(site.id, advisorId, contactId, thursday) });
    expect(earlier.ok).toBe(true);
    // A week later the Thursday meeting is over: a new one at the same site is fine.
    const later = { ...booking(site.id, advisorId, contactId, minutes(thursday, 7 * 24 * 60)), at: minutes(thursday, 24 * 60) };
    expect((await createAppointment(database.db, later)).ok).toBe(true);
  });
});

describe("the cap in the chat", () => {
  let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
  beforeAll(async () => {
    runtime = await openTestRuntime();
  });
  afterAll(() => runtime.close());

  it.each(["fr", "ar", "ary"] as const)("in %s: a second meeting at the same site is refused kindly, with the one they have and a button to move it", async (lang) => {
    const site = await addSite(runtime.database.db);
    await addAdvisorAt(runtime.database.db, site.id);
    const user = uniqueUser(`cap-${lang}`);
    const chat = await onboardedChat(runtime.engine, user, lang);
    const bookAt = async (timeIndex: number) => {
      const sites = await chat.choose("cmd:book");
      if (!lastChoices(sites).includes(`book:site:${site.id}`)) await chat.choose("book:allsites");
      const topics = await chat.choose(`book:site:${site.id}`);
      // Capped: the answer to choosing the site already says so.
      if (!lastChoices(topics).includes("book:topic:general")) return topics;
      const days = await chat.choose("book:topic:general");
      const times = await chat.choose(lastChoices(days).find((id) => id.startsWith("book:day:"))!);
      await chat.choose(lastChoices(times).filter((id) => id.startsWith("book:time:"))[timeIndex]!);
      return chat.choose("book:confirm:yes");
    };
    await bookAt(0);
    const [identity] = await runtime.database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, user));
    const mine = await runtime.database.db.select().from(appointments).where(and(eq(appointments.contactId, identity!.contactId), eq(appointments.status, "confirmed")));
    expect(mine).toHaveLength(1);

    const second = await bookAt(1);
    expect(lastChoices(second)).toContain(`appt:move:${mine[0]!.id}`);
    expect(texts(second)).toContain(site.name[lang]);
    const after = await runtime.database.db.select().from(appointments).where(and(eq(appointments.contactId, identity!.contactId), eq(appointments.status, "confirmed")));
    expect(after).toHaveLength(1);
  });

  it("one web chat session cannot hold more than the cap, whatever it sends and however fast", async () => {
    const site = await addSite(runtime.database.db);
    await addAdvisorAt(runtime.database.db, site.id);
    const app = createApp(runtime);
    const chat = await webChat(app);
    await chat.start();
    await chat.choose("lang:fr");
    await chat.choose("consent:yes");
    await chat.text("Karim");
    await chat.choose("cmd:book");
    await chat.choose("book:allsites").catch(() => undefined);
    const topics = await chat.choose(`book:site:${site.id}`);
    const days = await chat.choose(lastChoices(topics.messages.map(toOutbound)).includes("book:topic:general") ? "book:topic:general" : "book:otherday");
    const day = lastChoices(days.messages.map(toOutbound)).find((id) => id.startsWith("book:day:"))!;
    const times = lastChoices((await chat.choose(day)).messages.map(toOutbound)).filter((id) => id.startsWith("book:time:"));
    // A script replays every time and every confirmation, all at once.
    await Promise.all(times.flatMap((time) => [chat.choose(time), chat.choose("book:confirm:yes"), chat.choose(time), chat.choose("book:confirm:yes")]));
    const [identity] = await runtime.database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, chat.externalUserId));
    const held = await runtime.database.db.select().from(appointments).where(and(eq(appointments.contactId, identity!.contactId), eq(appointments.status, "confirmed")));
    expect(held.length).toBe(1);
  });
});

function toOutbound(message: { kind: string; text: string; choices?: { id: string; label: string }[] | undefined }) {
  return message.kind === "choices" ? { kind: "choices" as const, text: message.text, choices: message.choices ?? [] } : { kind: "text" as const, text: message.text };
}
