import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWaitingAlertHandler, WAITING_ALERT_JOB } from "../../bot/conversation/staff-alerts.ts";
import { createJobRunner } from "../../bot/core/jobs.ts";
import { setAdvisorSites } from "../../db/availability.ts";
import { messages } from "../../db/schema/index.ts";
import { addSite, settingsAt } from "../booking/booking-fixture.ts";
import { chatAs, texts } from "../helpers/chat.ts";
import { conversationOfUser, personWaitingAt } from "../helpers/console.ts";
import { uniqueUser } from "../helpers/database.ts";
import { tr } from "../helpers/flow-context.ts";
import { addStaff, jsonRequest, loginCookie, openApi, requestAs, type TestStaff } from "./staff-helpers.ts";

let api: Awaited<ReturnType<typeof openApi>>;
let siteId: string;
let advisor: TestStaff;
let cookie: string;

beforeAll(async () => {
  api = await openApi();
  const at = api.runtime.clock.now();
  siteId = (await addSite(api.runtime.database.db)).id;
  advisor = await addStaff(api.runtime.database, "advisor", at);
  await setAdvisorSites(api.runtime.database.db, advisor.id, [settingsAt(siteId)], at);
  cookie = await loginCookie(api.app, advisor);
});
afterAll(() => api.close());

/** The advisor's own Telegram account. */
const advisorPhone = uniqueUser("advisor-phone");
const as = (path: string, init?: RequestInit) => requestAs(api.app, cookie, path, init);

async function lastTextsTo(conversationId: string, n: number) {
  const rows = await api.runtime.database.db
    .select({ content: messages.content })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "outbound")))
    .orderBy(desc(messages.id))
    .limit(n);
  return rows.map((row) => String(row.content?.text ?? "")).reverse();
}

describe("an advisor's own chat with the bot", () => {
  it("is linked with the console's one-time code, which works once; a wrong code says so", async () => {
    const own = chatAs(api.runtime.engine, advisorPhone, "telegram");
    await own.start();
    await own.choose("lang:fr");
    expect((await as("/api/v1/console/me/chat")).body.linked).toBeNull();

    const { body } = await as("/api/v1/console/me/link-code", jsonRequest("POST", {}));
    expect(body.code).toMatch(/^RAFIQ \d{4} \d{4}$/);
    expect(texts(await own.text("RAFIQ 0000 0000"))).toContain(tr("fr", "staff:linkUnknown"));
    expect(texts(await own.text(body.code.toLowerCase()))).toContain(tr("fr", "staff:linked"));
    expect((await as("/api/v1/console/me/chat")).body.linked).toEqual({ channel: "telegram" });
    // Used once: the same code a second time is unknown.
    expect(texts(await own.text(body.code))).toContain(tr("fr", "staff:linkUnknown"));
  });

  it("hears that someone waits at her site while her console is closed, without the person's name or words", async () => {
    const { chat } = await personWaitingAt(api.runtime, siteId);
    await chat.text("Je m'appelle Nadia et j'ai une question");
    const runner = createJobRunner({
      db: api.runtime.database.db,
      clock: api.runtime.clock,
      log: api.runtime.log,
      handlers: { [WAITING_ALERT_JOB]: createWaitingAlertHandler({ translator: api.runtime.translator, consoleUrl: "https://rafiq.example/console", onQueued: () => {} }) },
    });
    expect((await runner.runOnce()).done).toBeGreaterThanOrEqual(1);
    const linked = await conversationOfUser(api.runtime.database.db, advisorPhone, "telegram");
    const [alert] = await lastTextsTo(linked.id, 1);
    expect(alert).toContain("https://rafiq.example/console");
    expect(alert).not.toContain("Nadia");
  });

  it("gets an announcement's test send in its language, with the footer; without a linked chat it is refused", async () => {
    const texts3 = { fr: "Minassati ouvre 40 places", ar: "مناصتي تفتح 40 مقعدًا", ary: "مناصتي حلات 40 بلاصة" };
    const staff = await addStaff(api.runtime.database, "staff", api.runtime.clock.now());
    const staffCookie = await loginCookie(api.app, staff);
    const refused = await requestAs(api.app, staffCookie, "/api/v1/admin/broadcasts/test", jsonRequest("POST", { title: "Essai", texts: texts3, action: "eligibility" }));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("no_linked_chat");

    // The advisor of the first test is no staff: a staff member links a web chat of their own.
    const web = chatAs(api.runtime.engine, uniqueUser("staff-web"), "web");
    await web.start();
    await web.choose("lang:ar");
    const { body } = await requestAs(api.app, staffCookie, "/api/v1/console/me/link-code", jsonRequest("POST", {}));
    await web.text(body.code);
    const sent = await requestAs(api.app, staffCookie, "/api/v1/admin/broadcasts/test", jsonRequest("POST", { title: "Essai", texts: texts3, action: "eligibility" }));
    expect(sent.status).toBe(200);
    expect(sent.body.sent).toEqual({ channel: "web", lang: "ar" });
  });
});
