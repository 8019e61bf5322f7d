import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAdvisorSites } from "../../db/availability.ts";
import { auditLog } from "../../db/schema/index.ts";
import { addSite, settingsAt } from "../booking/booking-fixture.ts";
import { conversationOfUser, personWaitingAt } from "../helpers/console.ts";
import { addStaff, jsonRequest, loginCookie, openApi, requestAs, type TestStaff } from "./staff-helpers.ts";

let api: Awaited<ReturnType<typeof openApi>>;
let siteId: string;
let otherSiteId: string;
let advisor: TestStaff;
let stranger: TestStaff;
let staff: TestStaff;
let cookies: Record<"advisor" | "stranger" | "staff", string>;

beforeAll(async () => {
  api = await openApi();
  const db = api.runtime.database.db;
  const at = api.runtime.clock.now();
  siteId = (await addSite(db)).id;
  otherSiteId = (await addSite(db)).id;
  [advisor, stranger, staff] = [await addStaff(api.runtime.database, "advisor", at), await addStaff(api.runtime.database, "advisor", at), await addStaff(api.runtime.database, "staff", at)];
  await setAdvisorSites(db, advisor.id, [settingsAt(siteId)], at);
  await setAdvisorSites(db, stranger.id, [settingsAt(otherSiteId)], at);
  cookies = { advisor: await loginCookie(api.app, advisor), stranger: await loginCookie(api.app, stranger), staff: await loginCookie(api.app, staff) };
});
afterAll(() => api.close());

const as = (who: keyof typeof cookies, path: string, init?: RequestInit) => requestAs(api.app, cookies[who], `/api/v1/console${path}`, init);

async function waitingPerson(lang: "fr" | "ar" | "ary" = "fr") {
  const person = await personWaitingAt(api.runtime, siteId, { lang });
  return { ...person, conversation: await conversationOfUser(api.runtime.database.db, person.user) };
}

describe("the console's inbox", () => {
  it("lists who waits at the advisor's sites, oldest first, and nobody else's", async () => {
    const first = await waitingPerson();
    api.runtime.clock.advance(60_000);
    const second = await waitingPerson("ary");
    await second.chat.text("salam, 3andi so2al 3la minassati");
    const elsewhere = await personWaitingAt(api.runtime, otherSiteId);

    const { status, body } = await as("advisor", "/inbox?view=waiting");
    expect(status).toBe(200);
    const ids = body.conversations.map((row: { id: string }) => row.id);
    expect(ids.indexOf(first.conversation.id)).toBeLessThan(ids.indexOf(second.conversation.id));
    expect(ids).not.toContain((await conversationOfUser(api.runtime.database.db, elsewhere.user)).id);
    const row = body.conversations.find((item: { id: string }) => item.id === second.conversation.id);
    expect(row).toMatchObject({ status: "waiting", channel: "cli", siteId, person: { language: "ary" }, lastText: "salam, 3andi so2al 3la minassati", unanswered: 1 });
    expect(body.counts.waiting).toBe(ids.length);

    // Staff see every site.
    const everyone = await as("staff", "/inbox?view=waiting");
    expect(everyone.body.conversations.map((item: { id: string }) => item.id)).toContain((await conversationOfUser(api.runtime.database.db, elsewhere.user)).id);
  });

  it("moves a conversation to «mine» once taken over, and refuses an unknown view", async () => {
    const { conversation } = await waitingPerson();
    expect((await as("advisor", `/conversations/${conversation.id}/takeover`, { method: "POST" })).status).toBe(200);
    const mine = await as("advisor", "/inbox?view=mine");
    expect(mine.body.conversations.map((item: { id: string }) => item.id)).toContain(conversation.id);
    expect((await as("advisor", "/inbox?view=everything")).status).toBe(400);
  });
});

describe("one conversation", () => {
  it("shows the history with pressed buttons by their label, what was not kept, the person and the log; each opening is audited", async () => {
    const { conversation } = await waitingPerson("ar");
    const { status, body } = await as("advisor", `/conversations/${conversation.id}`);
    expect(status).toBe(200);
    expect(body.person).toMatchObject({ language: "ar", channels: ["cli"], consent: { version: "2026-12" }, erased: false });
    // «cmd:human» was a button: the console shows its Arabic label, not the id.
    const pressed = body.messages.filter((message: { kind: string }) => message.kind === "choice").map((message: { text: string }) => message.text);
    expect(pressed).toContain("التحدث مع مستشار");
    expect(body.events.map((event: { type: string }) => event.type)).toEqual(["handoff_requested"]);
    expect(body.conversation).toMatchObject({ status: "waiting", siteId, siteName: { fr: "Site d'essai" } });

    const audit = await api.runtime.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, conversation.id), eq(auditLog.actorId, advisor.id)));
    expect(audit.map((row) => row.action)).toEqual(["conversation.opened"]);
  });

  it("answers 403 to an advisor of another site, for reading and for every write, and audits each attempt", async () => {
    const { conversation } = await waitingPerson();
    expect((await as("stranger", `/conversations/${conversation.id}`)).status).toBe(403);
    for (const [path, body] of [["takeover", undefined], ["reply", { text: "Bonjour", clientMessageId: "x1" }], ["notes", { text: "n", clientMessageId: "x2" }], ["release", undefined], ["resolve", undefined]] as const) {
      const init = body ? jsonRequest("POST", body) : { method: "POST" };
      const response = await as("stranger", `/conversations/${conversation.id}/${path}`, init);
      expect([path, response.status, response.body.error.code]).toEqual([path, 403, "forbidden"]);
    }
    const denied = await api.runtime.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, conversation.id), eq(auditLog.actorId, stranger.id)));
    expect(denied).toHaveLength(6);
    expect(new Set(denied.map((row) => row.action))).toEqual(new Set(["conversation.access_denied"]));
  });

  it("replies through the outbox, once per client id, and tells another advisor who holds it", async () => {
    const { conversation } = await waitingPerson();
    const reply = { text: "  Bonjour, je regarde votre dossier.  ", clientMessageId: "reply-1" };
    const first = await as("advisor", `/conversations/${conversation.id}/reply`, jsonRequest("POST", reply));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ conversation: { status: "advisor", assigneeId: advisor.id }, duplicate: false });
    const again = await as("advisor", `/conversations/${conversation.id}/reply`, jsonRequest("POST", reply));
    expect(again.body).toMatchObject({ id: first.body.id, duplicate: true });

    const detail = await as("advisor", `/conversations/${conversation.id}`);
    const sent = detail.body.messages.filter((message: { author: string }) => message.author === "advisor");
    expect(sent).toEqual([expect.objectContaining({ text: "Bonjour, je regarde votre dossier.", authorName: "Test advisor", delivery: "pending" })]);

    // Staff see it held; a second advisor of the same site is refused with the holder's name.
    const colleague = await addStaff(api.runtime.database, "advisor", api.runtime.clock.now());
    await setAdvisorSites(api.runtime.database.db, colleague.id, [settingsAt(siteId)], api.runtime.clock.now());
    const refused = await requestAs(api.app, await loginCookie(api.app, colleague), `/api/v1/console/conversations/${conversation.id}/takeover`, { method: "POST" });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "already_taken", details: { holder: { id: advisor.id, name: "Test advisor" } } });
  });

  it("refuses bad input with a clear 4xx and keeps nothing: empty, huge, wrong types, broken JSON, no CSRF token, a bad id", async () => {
    const { conversation } = await waitingPerson();
    const path = `/conversations/${conversation.id}/reply`;
    const cases: [RequestInit, number, string][] = [
      [jsonRequest("POST", { text: "   ", clientMessageId: "e1" }), 400, "invalid_request"],
      [jsonRequest("POST", { text: "x".repeat(4001), clientMessageId: "e2" }), 400, "invalid_request"],
      [jsonRequest("POST", { text: 42, clientMessageId: "e3" }), 400, "invalid_request"],
      [jsonRequest("POST", { text: "ok", clientMessageId: "has spaces" }), 400, "invalid_request"],
      [jsonRequest("POST", { text: "ok", clientMessageId: "e4", extra: true }), 400, "invalid_request"],
      [jsonRequest("POST", "{\"text\":"), 400, "invalid_json"],
      [{ method: "POST", body: "text=hello" }, 415, "unsupported_media_type"],
    ];
    for (const [init, status, code] of cases) {
      const response = await as("advisor", path, init);
      expect([response.status, response.body.error.code]).toEqual([status, code]);
    }
    const noToken = await api.app.request(`/api/v1/console${path}`, jsonRequest("POST", { text: "ok", clientMessageId: "e5" }, { cookie: cookies.advisor }));
    expect(noToken.status).toBe(403);
    expect((await as("advisor", "/conversations/not-a-uuid")).status).toBe(400);
    expect((await as("advisor", `/conversations/${crypto.randomUUID()}`)).status).toBe(404);
    const detail = await as("advisor", `/conversations/${conversation.id}`);
    expect(detail.body.conversation.status).toBe("waiting");
    expect(detail.body.messages.filter((message: { author: string }) => message.author === "advisor")).toEqual([]);
  });

  it("needs a login: 401 without one", async () => {
    expect((await requestAs(api.app, null, "/api/v1/console/inbox")).status).toBe(401);
  });
});

describe("the live stream", () => {
  it("tells an open console within moments that someone at its site asked for a person, and says nothing of other sites", async () => {
    const response = await api.app.request("/api/v1/console/stream", { headers: { cookie: cookies.advisor } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = "";
    const readUntil = async (pattern: RegExp) => {
      const deadline = Date.now() + 5_000;
      while (!pattern.test(received) && Date.now() < deadline) {
        const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), 500))]);
        if (chunk && !chunk.done) received += decoder.decode(chunk.value);
      }
      return pattern.test(received);
    };
    expect(await readUntil(/event: ready/)).toBe(true);
    const elsewhere = await personWaitingAt(api.runtime, otherSiteId);
    const { conversation } = await waitingPerson();
    expect(await readUntil(new RegExp(`event: changed\\ndata: .*${conversation.id}`))).toBe(true);
    expect(received).not.toContain((await conversationOfUser(api.runtime.database.db, elsewhere.user)).id);
    await reader.cancel();
  });
});
