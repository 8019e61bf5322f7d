import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAdvisorSites } from "../../db/availability.ts";
import { addSite, settingsAt } from "../booking/booking-fixture.ts";
import { conversationOfUser, personWaitingAt } from "../helpers/console.ts";
import { addStaff, jsonRequest, loginCookie, openApi, requestAs, type TestStaff } from "./staff-helpers.ts";

let api: Awaited<ReturnType<typeof openApi>>;
let siteId: string;
let otherSiteId: string;
let advisor: TestStaff;
let cookies: Record<"advisor" | "staff", string>;
const people: Record<string, string> = {};

/** A person waiting at `site` who wrote `words`; returns their conversation id. */
async function writer(site: string, lang: "fr" | "ar" | "ary", words: string) {
  const person = await personWaitingAt(api.runtime, site, { lang });
  await person.chat.text(words);
  return (await conversationOfUser(api.runtime.database.db, person.user)).id;
}

beforeAll(async () => {
  api = await openApi();
  const db = api.runtime.database.db;
  const at = api.runtime.clock.now();
  siteId = (await addSite(db)).id;
  otherSiteId = (await addSite(db)).id;
  advisor = await addStaff(api.runtime.database, "advisor", at);
  const staff = await addStaff(api.runtime.database, "staff", at);
  await setAdvisorSites(db, advisor.id, [settingsAt(siteId)], at);
  cookies = { advisor: await loginCookie(api.app, advisor), staff: await loginCookie(api.app, staff) };
  people.french = await writer(siteId, "fr", "Bonjour, j'ai une question sur le FINANCEMENT de mon atelier de céramique");
  people.darija = await writer(siteId, "ary", "بغيت نعرف على التمويل ديال المشروع ديالي ديال الخياطة");
  people.arabizi = await writer(siteId, "ary", "salam 3andi fikra dyal mochroo3 f l7elwa");
  people.msa = await writer(siteId, "ar", "أريد الاستفادة من برنامج مُرافقة للتعاونيات");
  people.elsewhere = await writer(otherSiteId, "fr", "je cherche un financement pour ma céramique");
});
afterAll(() => api.close());

const as = (who: keyof typeof cookies, path: string, init?: RequestInit) => requestAs(api.app, cookies[who], `/api/v1/console${path}`, init);
const found = async (who: keyof typeof cookies, query: string) => {
  const { status, body } = await as(who, `/search?${query}`);
  expect(status).toBe(200);
  return body.conversations.map((row: { id: string }) => row.id) as string[];
};

describe("searching the console", () => {
  it("finds a French message by a word without its accents or case, by the beginning of a word", async () => {
    expect(await found("advisor", `q=${encodeURIComponent("ceramique")}`)).toEqual([people.french]);
    expect(await found("advisor", "q=financ")).toEqual([people.french]);
    const { body } = await as("advisor", "/search?q=atelier");
    expect(body.conversations[0].matchedText).toContain("atelier de céramique");
  });

  it("finds Darija in Arabic letters with or without the article, and Arabizi with its digits", async () => {
    expect(await found("advisor", `q=${encodeURIComponent("تمويل")}`)).toEqual([people.darija]);
    expect(await found("advisor", `q=${encodeURIComponent("والتمويل")}`)).toEqual([people.darija]);
    expect(await found("advisor", `q=${encodeURIComponent("الخياطة")}`)).toEqual([people.darija]);
    expect(await found("advisor", "q=mochroo3")).toEqual([people.arabizi]);
    expect(await found("advisor", "q=3andi+fikra")).toEqual([people.arabizi]);
  });

  it("matches Arabic whatever its short vowels and alef are (مرافقة, الإستفادة)", async () => {
    expect(await found("advisor", `q=${encodeURIComponent("مرافقة")}`)).toEqual([people.msa]);
    expect(await found("advisor", `q=${encodeURIComponent("الإستفادة")}`)).toEqual([people.msa]);
  });

  it("needs every word, and keeps an advisor to the sites she works at (staff see all)", async () => {
    expect(await found("advisor", "q=financement+couture")).toEqual([]);
    expect(await found("staff", "q=ceramique").then((ids) => ids.sort())).toEqual([people.french, people.elsewhere].sort());
  });

  it("filters by language, channel, status and assignee, with or without words", async () => {
    const darija = await found("advisor", "language=ary");
    expect(darija).toContain(people.darija);
    expect(darija).toContain(people.arabizi);
    expect(darija).not.toContain(people.french);
    expect(await found("advisor", "q=ceramique&status=advisor")).toEqual([]);
    expect(await found("advisor", "q=ceramique&channel=cli&status=waiting&assignee=none")).toEqual([people.french]);
    expect(await found("advisor", "q=ceramique&channel=telegram")).toEqual([]);
    expect(await as("advisor", "/search?status=asleep").then((result) => result.status)).toBe(400);
  });
});

describe("labels", () => {
  it("are set by advisors in one spelling, found by the label filter, listed with their counts, and taken off", async () => {
    const added = await as("advisor", `/conversations/${people.darija}/labels`, jsonRequest("POST", { label: "  Couture " }));
    expect(added.status).toBe(200);
    expect(await found("advisor", "label=couture")).toEqual([people.darija]);
    const again = await as("advisor", `/conversations/${people.darija}/labels`, jsonRequest("POST", { label: "COUTURE" }));
    expect(again.body.duplicate).toBe(true);
    const detail = await as("advisor", `/conversations/${people.darija}`);
    expect(detail.body.person.labels).toEqual(["couture"]);
    const listed = await as("staff", "/labels");
    expect(listed.body.labels).toContainEqual({ label: "couture", people: 1 });
    expect((await as("advisor", `/conversations/${people.darija}/labels`, jsonRequest("POST", { label: "   " }))).status).toBe(400);

    const removed = await as("advisor", `/conversations/${people.darija}/labels/couture`, { method: "DELETE" });
    expect(removed.status).toBe(200);
    expect(await found("advisor", "label=couture")).toEqual([]);
  });

  it("cannot be put on a person of another site's conversation", async () => {
    const refused = await as("advisor", `/conversations/${people.elsewhere}/labels`, jsonRequest("POST", { label: "couture" }));
    expect(refused.status).toBe(403);
  });
});
