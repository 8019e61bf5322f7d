import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../api/app.ts";
import { MILESTONES } from "../../bot/conversation/events.ts";
import type { ChannelName, Lang, Outbound } from "../../bot/core/types.ts";
import { appointments, channelIdentities, contacts, conversationEvents, conversations, eligibilityChecks, projects } from "../../db/schema/index.ts";
import { addStaff, loginCookie, type TestStaff } from "../api/staff-helpers.ts";
import { addAdvisorAt, addSite } from "../booking/booking-fixture.ts";
import { chatAs, lastChoices, texts } from "../helpers/chat.ts";
import { uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

/**
 * The funnel on a seeded scenario, driven through the real engine: its numbers equal the
 * counts read straight from the tables (contacts, eligibility checks, projects,
 * appointments), and an erasure changes none of them. The test database is shared with
 * other files, so this scenario lives in a week nobody else uses (11–17 January 2027) and
 * the table counts are restricted to this file's people.
 */

const WEEK = { from: "2027-01-11", to: "2027-01-17" };
const MONDAY_0900 = new Date("2027-01-11T09:00:00Z"); // morning in Casablanca, whichever its offset
const HOUR_MS = 3_600_000;

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
let app: ReturnType<typeof createApp>;
let staff: TestStaff;
let cookie: string;
let siteId: string;
const users: string[] = [];

beforeAll(async () => {
  runtime = await openTestRuntime();
  runtime.clock.set(MONDAY_0900);
  app = createApp(runtime);
  const site = await addSite(runtime.database.db, { province: "khouribga" });
  siteId = site.id;
  await addAdvisorAt(runtime.database.db, siteId);
  staff = await addStaff(runtime.database, "staff", MONDAY_0900);
  cookie = await loginCookie(app, staff);
});
afterAll(() => runtime.close());

function person(label: string, channel: ChannelName = "cli") {
  const user = uniqueUser(`funnel-${label}`);
  users.push(user);
  return chatAs(runtime.engine, user, channel);
}

async function onboard(chat: ReturnType<typeof chatAs>, lang: Lang, consent = true) {
  await chat.start();
  await chat.choose(`lang:${lang}`);
  await chat.choose(consent ? "consent:yes" : "consent:no");
  if (consent) await chat.choose("name:skip");
}

/** Answers the eligibility questions as a 24-year-old unemployed man of Khouribga, until the verdict list. */
async function checkEligibility(chat: ReturnType<typeof chatAs>) {
  let replies = await chat.choose("cmd:eligibility");
  for (let turn = 0; turn < 20; turn += 1) {
    const ids = lastChoices(replies);
    if (ids.includes("check:review")) return replies;
    const set = (field: string, value: string) => ids.includes(`elig:set:${field}:${value}`);
    if (set("gender", "male")) replies = await chat.choose("elig:set:gender:male");
    else if (set("status", "unemployed")) replies = await chat.choose("elig:set:status:unemployed");
    else if (set("organizationType", "none")) replies = await chat.choose("elig:set:organizationType:none");
    else if (ids.includes("elig:set:country:ZZ")) replies = await chat.text("Khouribga");
    else if (/Quel âge|كم عمرك|شحال فعمرك/.test(texts(replies))) replies = await chat.text("24");
    else replies = await chat.choose("elig:skip");
  }
  throw new Error("no verdict list after 20 turns");
}

/** The whole canvas skipped where it can be: the sheet is published at the summary. */
async function frameProject(chat: ReturnType<typeof chatAs>) {
  let replies = await chat.choose("cmd:project");
  replies = await chat.text("Un atelier de couture");
  for (let turn = 0; turn < 30; turn += 1) {
    if (replies.some((reply) => reply.kind === "link")) return replies;
    const ids = lastChoices(replies);
    const next = ids.find((id) => id === "proj:skip") ?? ids.find((id) => id === "proj:none") ?? ids.find((id) => id === "proj:itemsDone") ?? ids.find((id) => id.startsWith("proj:sector:"));
    if (!next) throw new Error(`stuck in the canvas: ${texts(replies)} ${ids.join(" ")}`);
    replies = await chat.choose(next);
  }
  throw new Error("no sheet after 30 turns");
}

function pick(replies: Outbound[], prefix: string): string {
  const id = lastChoices(replies).find((choice) => choice.startsWith(prefix));
  if (!id) throw new Error(`no ${prefix}* choice in: ${texts(replies)}\n${lastChoices(replies).join(" ")}`);
  return id;
}

async function book(chat: ReturnType<typeof chatAs>) {
  const sites = await chat.choose("cmd:book");
  const all = lastChoices(sites).includes(`book:site:${siteId}`) ? sites : await chat.choose("book:allsites");
  const topics = await chat.choose(pick(all, `book:site:${siteId}`));
  const days = await chat.choose(pick(topics, "book:topic:general"));
  const times = await chat.choose(pick(days, "book:day:"));
  const summary = await chat.choose(pick(times, "book:time:"));
  return chat.choose(pick(summary, "book:confirm:yes"));
}

async function funnel(groupBy: string) {
  const response = await app.request(`/api/v1/admin/funnel?from=${WEEK.from}&to=${WEEK.to}&groupBy=${groupBy}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return (await response.json()) as { total: Record<string, number>; groups: { key: string | null; counts: Record<string, number> }[]; steps: string[] };
}

/** What the tables say about this file's people, each step counted the way a person would. */
async function countsFromTables() {
  const db = runtime.database.db;
  const identities = await db.select().from(channelIdentities).where(inArray(channelIdentities.externalId, users));
  const contactIds = identities.map((identity) => identity.contactId);
  const conversationRows = await db.select().from(conversations).where(inArray(conversations.contactId, contactIds));
  const consented = await db.select().from(contacts).where(and(inArray(contacts.id, contactIds), isNotNull(contacts.consentedAt)));
  const checks = await db.select().from(eligibilityChecks).where(inArray(eligibilityChecks.contactId, contactIds));
  const eligible = new Set(checks.filter((check) => check.results.some((result) => result.verdict === "eligible")).map((check) => check.contactId));
  const sheets = await db.select().from(projects).where(and(inArray(projects.contactId, contactIds), isNotNull(projects.sheetToken)));
  const booked = await db.select().from(appointments).where(inArray(appointments.contactId, contactIds));
  const distinct = (rows: { contactId: string | null }[]) => new Set(rows.map((row) => row.contactId)).size;
  return {
    byStep: {
      started: conversationRows.length,
      consented: consented.length,
      eligibility_answered: distinct(checks),
      eligible_found: eligible.size,
      project_framed: distinct(sheets),
      booked: distinct(booked),
      attended: distinct(booked.filter((row) => row.status === "attended")),
    },
    byChannel: Object.groupBy(conversationRows, (row) => row.channel),
    consentedByLanguage: Object.groupBy(consented, (row) => row.language ?? "none"),
    bookedAt: [...new Set(booked.map((row) => row.siteId))],
    appointmentIds: booked.map((row) => row.id),
    contactIds,
  };
}

describe("the funnel", () => {
  let before: Awaited<ReturnType<typeof funnel>>;
  let eraseMe: ReturnType<typeof chatAs>;

  it("counts, on a seeded scenario, what the tables count directly", async () => {
    await person("hello").start(); // started only
    await onboard(person("refused", "web"), "fr", false); // started, no consent
    await onboard(person("consent", "web"), "ary");
    const checker = person("check");
    await onboard(checker, "ar");
    await checkEligibility(checker);
    const framer = person("frame");
    await onboard(framer, "fr");
    await checkEligibility(framer);
    await frameProject(framer);
    const comer = person("comes");
    await onboard(comer, "fr");
    await checkEligibility(comer);
    await book(comer);
    eraseMe = person("erases", "web");
    await onboard(eraseMe, "ary");
    await book(eraseMe);
    // Twice the same eligibility check: one milestone, as one person counts once.
    await checkEligibility(comer);

    // The meeting took place; the advisor's staff record it.
    const tables0 = await countsFromTables();
    runtime.clock.set(new Date(MONDAY_0900.getTime() + 10 * 24 * HOUR_MS));
    cookie = await loginCookie(app, staff); // a session lasts hours, not days
    const [comerContact] = await runtime.database.db
      .select({ id: appointments.id })
      .from(appointments)
      .innerJoin(channelIdentities, eq(channelIdentities.contactId, appointments.contactId))
      .where(eq(channelIdentities.externalId, users[5]!));
    const marked = await app.request(`/api/v1/appointments/${comerContact!.id}/status`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", "x-csrf-token": await csrf() },
      body: JSON.stringify({ status: "attended" }),
    });
    expect(marked.status).toBe(200);
    expect(tables0.appointmentIds).toHaveLength(2);

    const tables = await countsFromTables();
    before = await funnel("week");
    expect(before.steps).toEqual([...MILESTONES]);
    expect(before.total).toEqual(tables.byStep);
    expect(tables.byStep).toMatchObject({ started: 7, consented: 5, booked: 2, attended: 1, project_framed: 1 });
    expect(tables.byStep.eligible_found).toBeGreaterThan(0);
    expect(before.groups.map((group) => group.key)).toEqual([WEEK.from]);

    const byChannel = await funnel("channel");
    for (const [channel, rows] of Object.entries(tables.byChannel)) {
      expect(byChannel.groups.find((group) => group.key === channel)?.counts.started).toBe(rows!.length);
    }
    const byLanguage = await funnel("language");
    for (const [language, rows] of Object.entries(tables.consentedByLanguage)) {
      expect(byLanguage.groups.find((group) => group.key === language)?.counts.consented).toBe(rows!.length);
    }
    const bySite = await funnel("site");
    expect(tables.bookedAt).toEqual([siteId]);
    expect(bySite.groups.find((group) => group.key === siteId)?.counts).toMatchObject({ booked: 2, attended: 1 });
  });

  it("keeps every number after a person erases their data", async () => {
    await eraseMe.choose("cmd:delete");
    const done = await eraseMe.choose("privacy:delete-yes");
    expect(texts(done)).not.toBe("");
    const tables = await countsFromTables();
    // The tables forgot the person (consent, answers, the meeting still to come)…
    expect(tables.byStep.consented).toBe(before.total.consented! - 1);
    // …the funnel did not.
    const after = await funnel("week");
    expect(after.total).toEqual(before.total);
    for (const groupBy of ["site", "language", "channel"]) {
      const now = await funnel(groupBy);
      expect(now.total, groupBy).toEqual(before.total);
    }
    const erasedEvents = await runtime.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(conversationEvents)
      .where(inArray(conversationEvents.contactId, tables.contactIds));
    expect(erasedEvents[0]!.n).toBeGreaterThan(0);
  });

  it("exports the same numbers as CSV, and is for staff only", async () => {
    const csv = await app.request(`/api/v1/admin/funnel.csv?from=${WEEK.from}&to=${WEEK.to}&groupBy=week`, { headers: { cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe(["week", ...MILESTONES].join(","));
    expect(lines.at(-1)).toBe(["total", ...MILESTONES.map((step) => before.total[step])].join(","));
    expect((await app.request("/api/v1/admin/funnel")).status).toBe(401);
    const advisor = await addStaff(runtime.database, "advisor", MONDAY_0900);
    expect((await app.request("/api/v1/admin/funnel", { headers: { cookie: await loginCookie(app, advisor) } })).status).toBe(403);
    const bad = await app.request(`/api/v1/admin/funnel?from=2027-02-01&to=2027-01-01`, { headers: { cookie } });
    expect(bad.status).toBe(400);
  });
});

async function csrf(): Promise<string> {
  const response = await app.request("/api/v1/me", { headers: { cookie } });
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}
