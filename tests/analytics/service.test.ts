import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../api/app.ts";
import { setAdvisorSites } from "../../db/availability.ts";
import { addStaff, loginCookie, requestAs, type TestStaff } from "../api/staff-helpers.ts";
import { addSite, settingsAt } from "../booking/booking-fixture.ts";
import { lastChoices } from "../helpers/chat.ts";
import { actorFor, conversationOfUser, eventTypes, personWaitingAt } from "../helpers/console.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

/**
 * How the team answers, beside the funnel: after an advisor resolves a conversation the
 * person is asked how helpful it was; the answer, the first response and the resolution
 * times show per advisor and per site. Its own week (8–14 February 2027), so other files'
 * conversations stay out of its figures.
 */

const MONDAY_1000 = new Date("2027-02-08T10:00:00Z");
const MINUTE = 60_000;

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
let app: ReturnType<typeof createApp>;
let advisor: TestStaff;
let staffCookie: string;
let siteId: string;

beforeAll(async () => {
  runtime = await openTestRuntime();
  runtime.clock.set(MONDAY_1000);
  app = createApp(runtime);
  siteId = (await addSite(runtime.database.db)).id;
  advisor = await addStaff(runtime.database, "advisor", MONDAY_1000);
  await setAdvisorSites(runtime.database.db, advisor.id, [settingsAt(siteId)], MONDAY_1000);
  staffCookie = await loginCookie(app, await addStaff(runtime.database, "staff", MONDAY_1000));
});
afterAll(() => runtime.close());

/** A person waits, the advisor answers after `replyMinutes`, resolves after `resolveMinutes`; the person rates (or not). */
async function served(replyMinutes: number, resolveMinutes: number, rating: number | null) {
  const { user, chat } = await personWaitingAt(runtime, siteId);
  const conversation = await conversationOfUser(runtime.database.db, user);
  const actor = await actorFor(runtime.database.db, advisor.id);
  runtime.clock.advance(replyMinutes * MINUTE);
  await runtime.conversations.reply(actor, conversation.id, { text: "Bonjour, je vous écoute.", clientMessageId: `r-${user}` });
  runtime.clock.advance((resolveMinutes - replyMinutes) * MINUTE);
  await runtime.conversations.handBack(actor, conversation.id, "resolved");
  if (rating !== null) {
    const thanks = await chat.choose(`rate:${rating}`);
    expect(lastChoices(thanks)).toContain("cmd:human");
  }
  return { chat, conversation };
}

describe("satisfaction and response times", () => {
  it("asks once after «resolved», records the answer with the advisor and site, and shows it per advisor and site beside the times", async () => {
    const first = await served(4, 20, 5);
    await served(10, 40, 3);
    await served(2, 6, null);
    expect(await eventTypes(runtime.database.db, first.conversation.id)).toEqual(["handoff_requested", "taken_over", "advisor_replied", "resolved", "satisfaction_rated"]);
    // A second press of the same button is not a second answer.
    await first.chat.choose("rate:1");

    const { status, body } = await requestAs(app, staffCookie, "/api/v1/admin/service?from=2027-02-08&to=2027-02-14");
    expect(status).toBe(200);
    const mine = body.byAdvisor.find((row: { key: string }) => row.key === advisor.id);
    expect(mine).toEqual({ key: advisor.id, name: "Test advisor", resolved: 3, firstResponseMedianSeconds: 4 * 60, resolutionMedianSeconds: 20 * 60, ratings: 2, ratingAverage: 4 });
    const site = body.bySite.find((row: { key: string }) => row.key === siteId);
    expect(site).toMatchObject({ resolved: 3, ratings: 2, ratingAverage: 4 });

    const advisorCookie = await loginCookie(app, advisor);
    expect((await requestAs(app, advisorCookie, "/api/v1/admin/service")).status).toBe(403);
  });
});
