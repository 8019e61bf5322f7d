import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { broadcastLimits } from "../../bot/broadcast/limits.ts";
import { BROADCAST_START_JOB, type BroadcastActor } from "../../bot/broadcast/service.ts";
import { createJobRunner } from "../../bot/core/jobs.ts";
import { createBroadcastWorker } from "../../bot/broadcast/worker.ts";
import { createTelegramSender } from "../../bot/channels/telegram/sender.ts";
import { createOutbox, SWEEP_GRACE_MS } from "../../bot/core/outbox.ts";
import { broadcastStats, findBroadcast } from "../../db/broadcasts.ts";
import { contacts, conversations, messages } from "../../db/schema/index.ts";
import { countSegment, TARGETING_NOTICE_VERSION } from "../../db/segments.ts";
import { createLogger } from "../../lib/logger.ts";
import { addStaff, openIsolatedDatabase } from "../api/staff-helpers.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { startBotApiStub, type BotApiStub } from "../telegram/bot-api-stub.ts";
import { seedPeople, type SeededPerson } from "./people.ts";

const TOKEN = "123456:broadcast-test";
const log = createLogger("silent");

let isolated: Awaited<ReturnType<typeof openIsolatedDatabase>>;
let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
let stub: BotApiStub;
let actor: BroadcastActor;
const people: Record<string, SeededPerson> = {};

// A database of its own: a segment reaches everyone in it, so other files' people must not be there.
beforeAll(async () => {
  isolated = await openIsolatedDatabase();
  runtime = await openTestRuntime({}, { database: isolated.database });
  stub = await startBotApiStub(TOKEN);
  const staff = await addStaff(runtime.database, "staff", runtime.clock.now());
  actor = { userId: staff.id, audit: { actorType: "staff", actorId: staff.id, ip: null } };
  const khouribgaMan = { age: 24, gender: "male" as const, province: "khouribga", region: "beni-mellal-khenifra" };
  const specs = {
    amine: { channel: "telegram" as const, externalId: "9100001", language: "fr" as const, profile: khouribgaMan },
    // Only the province: still in its region.
    salma: { channel: "web" as const, externalId: "web-salma", language: "ary" as const, profile: { age: 30, gender: "female" as const, province: "khouribga" } },
    karim: { channel: "telegram" as const, externalId: "9100002", language: "ar" as const, profile: { age: 40, gender: "male" as const, province: "casablanca" } },
    stopped: { channel: "telegram" as const, externalId: "9100003", profile: khouribgaMan, optedOut: true },
    neverConsented: { channel: "telegram" as const, externalId: "9100004", profile: khouribgaMan, consented: false },
    erased: { channel: "telegram" as const, externalId: "9100005", profile: {}, erased: true },
    blocked: { channel: "telegram" as const, externalId: "9100006", profile: khouribgaMan, unreachable: true },
    // Agreed to the notice before it said announcements are targeted (2026-11): not reached until they accept the new one.
    olderNotice: { channel: "telegram" as const, externalId: "9100007", profile: khouribgaMan, consentVersion: "2026-11" },
  };
  const seeded = await seedPeople(runtime.database.db, Object.values(specs));
  Object.keys(specs).forEach((name, index) => (people[name] = seeded[index]!));
  // Amine's latest check says eligible for Forsa (an older one said not eligible); Salma framed a project.
  await runtime.database.db.execute(sql`insert into eligibility_checks (contact_id, channel, lang, profile, results, created_at) values
    (${people.amine!.contactId}, 'telegram', 'fr', '{}'::jsonb, ${JSON.stringify([{ programId: "forsa", rulesVersion: 1, verdict: "not_eligible" }])}::jsonb, '2026-02-01T00:00:00Z'),
    (${people.amine!.contactId}, 'telegram', 'fr', '{}'::jsonb, ${JSON.stringify([{ programId: "forsa", rulesVersion: 2, verdict: "eligible" }])}::jsonb, '2026-02-20T00:00:00Z'),
    (${people.karim!.contactId}, 'telegram', 'ar', '{}'::jsonb, ${JSON.stringify([{ programId: "forsa", rulesVersion: 2, verdict: "not_eligible" }])}::jsonb, '2026-02-20T00:00:00Z')`);
  await runtime.database.db.execute(sql`insert into projects (contact_id, canvas) values (${people.salma!.contactId}, '{"idea":"couture"}'::jsonb)`);
});
afterAll(async () => {
  await stub?.close();
  await runtime?.close();
  await isolated?.close();
});

/** The worker main.ts runs, on this file's database and the stub, polling fast. */
function workerFor(options: Partial<Parameters<typeof createBroadcastWorker>[0]> = {}) {
  return createBroadcastWorker({
    db: runtime.database.db,
    clock: runtime.clock,
    log,
    translator: runtime.translator,
    senders: [createTelegramSender({ token: TOKEN, apiRoot: stub.url }, log)],
    limits: broadcastLimits({ BROADCAST_TELEGRAM_PER_SECOND: 50, BROADCAST_WHATSAPP_PER_MINUTE: 4 }),
    idlePollMs: 50,
    ...options,
  });
}

const reached = async (segment: Parameters<typeof countSegment>[1]) => (await countSegment(runtime.database.db, segment, runtime.clock.now())).total;

describe("segments", () => {
  it("never hold people who stopped announcements, never consented, were erased or cannot be reached", async () => {
    const everyone = await countSegment(runtime.database.db, {}, runtime.clock.now());
    expect(everyone).toEqual({ total: 3, byChannel: { telegram: 2, web: 1 }, byLanguage: { fr: 1, ary: 1, ar: 1 }, awaitingNotice: 1 });
  });

  it("leave out people whose consent predates the notice that names targeting, and count them apart", async () => {
    const men = await countSegment(runtime.database.db, { genders: ["male"] }, runtime.clock.now());
    expect(men.total).toBe(2);
    expect(men.awaitingNotice).toBe(1);
    expect((await countSegment(runtime.database.db, { genders: ["female"] }, runtime.clock.now())).awaitingNotice).toBe(0);
    // Once they accept the new notice, they are in the segment like everyone else.
    await runtime.database.db.update(contacts).set({ consentVersion: TARGETING_NOTICE_VERSION }).where(eq(contacts.id, people.olderNotice!.contactId));
    expect(await countSegment(runtime.database.db, { genders: ["male"] }, runtime.clock.now())).toMatchObject({ total: 3, awaitingNotice: 0 });
    await runtime.database.db.update(contacts).set({ consentVersion: "2026-11" }).where(eq(contacts.id, people.olderNotice!.contactId));
  });

  it("select by region (a province counts in its region), province, age, gender, language and channel", async () => {
    expect(await reached({ regions: ["beni-mellal-khenifra"] })).toBe(2);
    expect(await reached({ provinces: ["casablanca"] })).toBe(1);
    expect(await reached({ ageMin: 18, ageMax: 35 })).toBe(2);
    expect(await reached({ ageMin: 31 })).toBe(1);
    expect(await reached({ genders: ["female"] })).toBe(1);
    expect(await reached({ languages: ["ar", "ary"] })).toBe(2);
    expect(await reached({ channels: ["web"] })).toBe(1);
    expect(await reached({ regions: ["beni-mellal-khenifra"], channels: ["telegram"] })).toBe(1);
  });

  it("select by the latest eligibility verdict for a programme and by project", async () => {
    expect(await reached({ eligibility: { programId: "forsa", verdicts: ["eligible"] } })).toBe(1);
    expect(await reached({ eligibility: { programId: "forsa", verdicts: ["not_eligible"] } })).toBe(1);
    expect(await reached({ projectStarted: true })).toBe(1);
    expect(await reached({ projectStarted: false })).toBe(2);
    expect(await reached({ booked: true })).toBe(0);
  });
});

describe("a broadcast", () => {
  it("reaches its segment once each, in their language with the opt-out footer and the button; not people who stopped meanwhile", async () => {
    const service = runtime.broadcasts;
    const draft = await service.create(actor, {
      title: "Minassati janvier",
      texts: { fr: "Minassati ouvre 40 places en janvier.", ar: "منصتي تفتح 40 مقعدا في يناير.", ary: "منصتي غادي تحل 40 بلاصة ف يناير." },
      action: "eligibility",
      segment: {},
    });
    await service.schedule(actor, draft.id, null);
    await runtime.database.db.transaction((tx) => service.start(tx, draft.id));
    expect((await findBroadcast(runtime.database.db, draft.id))?.recipientCount).toBe(3);
    // Karim says stop after the fan-out, before his turn comes.
    await runtime.database.db.update(contacts).set({ optedOut: true }).where(eq(contacts.id, people.karim!.contactId));

    const worker = workerFor();
    worker.start();
    try {
      await waitUntil(async () => (await findBroadcast(runtime.database.db, draft.id))?.status === "sent");
    } finally {
      await worker.stop();
    }

    const sent = stub.callsTo("sendMessage").filter((call) => call.ok);
    expect(sent.map((call) => String(call.payload.chat_id))).toEqual(["9100001"]);
    expect(sent[0]?.plainText).toContain("Minassati ouvre 40 places en janvier.");
    expect(sent[0]?.plainText).toMatch(/STOP/);
    expect(JSON.stringify(sent[0]?.payload.reply_markup)).toContain("cmd:eligibility");

    const salmaGot = await runtime.database.db.select().from(messages).where(eq(messages.conversationId, people.salma!.conversationId));
    expect(salmaGot).toHaveLength(1);
    const content = salmaGot[0]?.content as { text: string; choices: { id: string }[] };
    expect(content.text).toContain("منصتي غادي تحل 40 بلاصة ف يناير.");
    expect(content.text).toContain("وقف");
    expect(content.choices.map((choice) => choice.id)).toEqual(["cmd:eligibility"]);

    const stats = await broadcastStats(runtime.database.db, draft);
    expect(stats).toMatchObject({ recipients: 3, sent: 2, skipped: 1, failed: 0, queued: 0, delivered: 1, opened: 0 });

    // Amine presses the button: the journey opens and the broadcast counts it.
    const replies = await runtime.engine.receive({
      channel: "telegram",
      externalUserId: "9100001",
      channelMessageId: "press-1",
      content: { kind: "choice", choiceId: "cmd:eligibility" },
    });
    expect(replies.replies.length).toBeGreaterThan(0);
    expect((await broadcastStats(runtime.database.db, draft)).opened).toBe(1);
  });

  it("goes after replies waiting on the channel; waits when Telegram says 429; fails and marks unreachable a person who blocked the bot", async () => {
    const [fresh, blocker] = await seedPeople(runtime.database.db, [
      { channel: "telegram", externalId: "9100010", language: "fr" },
      { channel: "telegram", externalId: "9100011", language: "fr" },
    ]);
    const service = runtime.broadcasts;
    const draft = await service.create(actor, { title: "429", texts: { fr: "Rappel", ar: "تذكير", ary: "تفكير" }, action: null, segment: { channels: ["telegram"] } });
    await service.schedule(actor, draft.id, null);
    await runtime.database.db.transaction((tx) => service.start(tx, draft.id));
    const before = stub.callsTo("sendMessage").length;
    const isAnnouncement = (payload: Record<string, unknown>) => String(payload.text).startsWith("Rappel");
    stub.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } }, isAnnouncement);
    stub.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" }, (payload) => String(payload.chat_id) === "9100011");
    const sender = createTelegramSender({ token: TOKEN, apiRoot: stub.url }, log);
    const worker = workerFor({ senders: [sender] });
    const outbox = createOutbox({ db: runtime.database.db, clock: runtime.clock, log, senders: [sender] });
    worker.start();
    try {
      // Amine's replies from the last test are still in the outbox, not sent: the announcement waits for them.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(stub.callsTo("sendMessage").slice(before)).toHaveLength(0);
      // Nobody is sending them (as after a stopped process): the sweep takes them once they
      // are older than its grace, which on this frozen clock means moving it on.
      runtime.clock.advance(SWEEP_GRACE_MS + 1);
      outbox.start(50);
      await waitUntil(async () => (await findBroadcast(runtime.database.db, draft.id))?.status === "sent");
    } finally {
      await worker.stop();
      await outbox.stop();
    }
    const calls = stub.callsTo("sendMessage").slice(before);
    const announcements = calls.filter((call) => isAnnouncement(call.payload));
    const replies = calls.filter((call) => !isAnnouncement(call.payload));
    expect(replies.length).toBeGreaterThan(0);
    expect(calls.indexOf(replies.at(-1)!)).toBeLessThan(calls.indexOf(announcements[0]!));
    expect(announcements.filter((call) => !call.ok)).toHaveLength(2);
    expect(announcements.filter((call) => call.ok).map((call) => String(call.payload.chat_id)).sort()).toEqual(["9100001", "9100010"]);
    const stats = await broadcastStats(runtime.database.db, draft);
    expect(stats).toMatchObject({ recipients: 3, sent: 2, failed: 1, failedByReason: { blocked: 1 } });
    const [blocked] = await runtime.database.db.select().from(contacts).where(eq(contacts.id, blocker!.contactId));
    expect(blocked?.unreachableAt).not.toBeNull();
    expect(fresh).toBeDefined();
  });

  it("waits out a failure of the channel (a 502) and then sends: nobody is failed for it, nobody gets it twice", async () => {
    const [person] = await seedPeople(runtime.database.db, [{ channel: "telegram", externalId: "9100020", language: "ar" }]);
    const service = runtime.broadcasts;
    const draft = await service.create(actor, { title: "502", texts: { fr: "Coupure", ar: "انقطاع", ary: "تقطيع" }, action: null, segment: { channels: ["telegram"], languages: ["ar"] } });
    await service.schedule(actor, draft.id, null);
    await runtime.database.db.transaction((tx) => service.start(tx, draft.id));
    stub.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" }, (payload) => String(payload.chat_id) === "9100020");
    const worker = workerFor({ retryBaseMs: 200 });
    worker.start();
    try {
      await waitUntil(async () => (await findBroadcast(runtime.database.db, draft.id))?.status === "sent");
    } finally {
      await worker.stop();
    }
    const tries = stub.callsTo("sendMessage").filter((call) => String(call.payload.chat_id) === "9100020");
    expect(tries.map((call) => call.ok)).toEqual([false, true]);
    expect(await broadcastStats(runtime.database.db, draft)).toMatchObject({ sent: 1, failed: 0 });
    expect(person).toBeDefined();
  });

  it("waits while an advisor is talking with the person, and goes once the conversation is back with the bot", async () => {
    const [talking] = await seedPeople(runtime.database.db, [{ channel: "web", externalId: "web-talking", language: "fr" }]);
    await runtime.database.db.update(conversations).set({ status: "advisor" }).where(eq(conversations.id, talking!.conversationId));
    const service = runtime.broadcasts;
    const draft = await service.create(actor, { title: "held", texts: { fr: "Tenu", ar: "b", ary: "c" }, action: null, segment: { channels: ["web"], languages: ["fr"] } });
    await service.schedule(actor, draft.id, null);
    await runtime.database.db.transaction((tx) => service.start(tx, draft.id));
    const worker = workerFor({ senders: [] });
    expect(await worker.writeWebBatch()).toBe(0);
    expect(await broadcastStats(runtime.database.db, draft)).toMatchObject({ recipients: 1, queued: 1, heldForAdvisor: 1, sent: 0 });
    await runtime.database.db.update(conversations).set({ status: "bot" }).where(eq(conversations.id, talking!.conversationId));
    expect(await worker.writeWebBatch()).toBe(1);
    expect(await broadcastStats(runtime.database.db, draft)).toMatchObject({ sent: 1, queued: 0, heldForAdvisor: 0 });
  });

  it("scheduled for later, starts when its time comes (through the job queue), not before", async () => {
    const service = runtime.broadcasts;
    const jobs = createJobRunner({ db: runtime.database.db, clock: runtime.clock, log, handlers: { [BROADCAST_START_JOB]: service.jobHandler() } });
    const draft = await service.create(actor, { title: "tomorrow", texts: { fr: "a", ar: "b", ary: "c" }, action: null, segment: { channels: ["web"], languages: ["ary"] } });
    await service.schedule(actor, draft.id, new Date(runtime.clock.now().getTime() + 3_600_000));
    await jobs.runOnce();
    expect((await findBroadcast(runtime.database.db, draft.id))?.status).toBe("scheduled");
    runtime.clock.advance(3_600_000);
    await jobs.runOnce();
    const started = await findBroadcast(runtime.database.db, draft.id);
    expect(started?.status).toBe("sending");
    expect(started?.recipientCount).toBe(1);
  });

  it("can be cancelled before it starts: nobody gets it", async () => {
    const service = runtime.broadcasts;
    const draft = await service.create(actor, { title: "later", texts: { fr: "a", ar: "b", ary: "c" }, action: null, segment: {} });
    await service.schedule(actor, draft.id, new Date(runtime.clock.now().getTime() + 3_600_000));
    await service.cancel(actor, draft.id);
    await runtime.database.db.transaction((tx) => service.start(tx, draft.id));
    const row = await findBroadcast(runtime.database.db, draft.id);
    expect(row?.status).toBe("cancelled");
    expect((await broadcastStats(runtime.database.db, draft)).recipients).toBe(0);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("timed out");
}
