import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lang, Outbound } from "../../bot/core/types.ts";
import { formatMad } from "../../bot/project/money.ts";
import { listAgenda } from "../../db/agenda.ts";
import { addAdvisorAt, addSite } from "../booking/booking-fixture.ts";
import { channelIdentities, projects } from "../../db/schema/index.ts";
import { chatAs, lastChoices, onboardedChat, texts } from "../helpers/chat.ts";
import { uniqueUser } from "../helpers/database.ts";
import { startOpenAiStub, type OpenAiStub } from "../helpers/openai-stub.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

/**
 * Framing a project through the whole engine: the issue's example (price 50 DH, 400 sales
 * a month, 30,000 DH to start, 12,000 DH a month, 5,000 DH of one's own) in each language,
 * amounts confirmed when unclear, progress kept for days, the sheet link revocable, and
 * the optional coach through the real openai SDK against a local stub server.
 */

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
let stub: OpenAiStub;

beforeAll(async () => {
  stub = await startOpenAiStub();
  runtime = await openTestRuntime({ OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: stub.baseURL, OPENAI_TIMEOUT_MS: "3000" });
});
afterAll(async () => {
  await runtime.close();
  await stub.close();
});

async function consented(lang: Lang) {
  const user = uniqueUser(`proj-${lang}`);
  return { chat: await onboardedChat(runtime.engine, user, lang), user };
}

async function projectOf(user: string) {
  const [identity] = await runtime.database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, user));
  const [row] = await runtime.database.db.select().from(projects).where(eq(projects.contactId, identity!.contactId));
  return row;
}

/** The issue's example, typed the way each language writes it. */
const ANSWERS: Record<Lang, { idea: string; price: string; sales: string; item: string; rent: string; materials: string; transport: string; salaries: string; own: string }> = {
  fr: { idea: "Un atelier de couture", price: "50", sales: "400", item: "machine à coudre et tissus 30000 dh", rent: "3000 dh", materials: "6000 dh", transport: "1000 dh", salaries: "2000 dh", own: "5000 dh" },
  ar: { idea: "ورشة خياطة", price: "50 درهم", sales: "٤٠٠", item: "آلة خياطة 30000 درهم", rent: "3000 درهم", materials: "6000 درهم", transport: "1000 درهم", salaries: "2000 درهم", own: "5000 درهم" },
  ary: { idea: "atelier dyal l5iyata", price: "50 dh", sales: "400", item: "makina dyal l5iyata 30 alf dh", rent: "3 alf dh", materials: "6 alf dh", transport: "1000 dh", salaries: "2 alf dh", own: "5 alf dh" },
};

async function frameExample(chat: ReturnType<typeof chatAs>, lang: Lang): Promise<Outbound[]> {
  const a = ANSWERS[lang];
  await chat.choose("cmd:project");
  await chat.text(a.idea);
  await chat.choose("proj:sector:textile");
  await chat.choose("proj:skip"); // customers
  await chat.choose("proj:skip"); // offer
  await chat.text(a.price);
  await chat.text(a.sales);
  await chat.text(a.item);
  await chat.choose("proj:itemsDone");
  await chat.text(a.rent);
  await chat.text(a.materials);
  await chat.text(a.transport);
  await chat.text(a.salaries);
  await chat.choose("proj:none"); // other monthly costs
  await chat.text(a.own);
  await chat.choose("proj:legal:auto_entrepreneur");
  await chat.choose("proj:skip"); // team
  return chat.choose("proj:skip"); // worries → the summary
}

describe("framing a project in the chat", () => {
  it.each(["fr", "ar", "ary"] as const)("in %s: the example gives the expected numbers, the sheet link and matching programmes", async (lang) => {
    const { chat, user } = await consented(lang);
    const summary = await frameExample(chat, lang);
    const text = texts(summary);
    for (const amount of [30_000, 25_000, 20_000, 12_000, 8_000]) expect(text).toContain(formatMad(amount, lang));
    expect(text).toMatch(/(?:^|\D)4(?:\D|$)/m); // break-even in 4 months
    expect(text).toContain("🎯");
    const link = summary.find((reply) => reply.kind === "link");
    const row = await projectOf(user);
    expect(link && link.kind === "link" ? link.url : "").toBe(`${runtime.config.PUBLIC_URL ?? `http://localhost:${runtime.config.PORT}`}/p/${row!.sheetToken}`);
    expect(row!.canvas).toMatchObject({ priceMad: 50, salesPerMonth: 400, ownContributionMad: 5000, sector: "textile", legalForm: "auto_entrepreneur" });
    expect(lastChoices(summary)).toContain("proj:book");
  });

  it("confirms an amount whose unit is unclear: «2 melyoun» is 20,000 DH only once the person says so", async () => {
    const { chat, user } = await consented("ary");
    await chat.choose("cmd:project");
    await chat.text("7anout dyal l7elwa");
    await chat.choose("proj:sector:agrifood");
    await chat.choose("proj:skip");
    await chat.choose("proj:skip");
    await chat.text("10");
    await chat.text("300");
    const confirm = await chat.text("forn 2 melyoun");
    expect(lastChoices(confirm)).toEqual(["proj:amount:yes", "proj:amount:no"]);
    expect(texts(confirm)).toContain(formatMad(20_000, "ary"));
    expect((await projectOf(user))!.canvas.startupCosts).toBeUndefined();
    await chat.choose("proj:amount:yes");
    expect((await projectOf(user))!.canvas.startupCosts).toEqual([{ label: "forn", amountMad: 20_000 }]);
  });

  it("keeps the progress: days later the person picks up where they stopped", async () => {
    const { chat } = await consented("fr");
    await chat.choose("cmd:project");
    await chat.text("Vente de msemen");
    await chat.choose("proj:sector:agrifood");
    const before = runtime.clock.now();
    try {
      runtime.clock.advance(45 * 24 * 3600_000); // past the flow session's lifetime
      const back = await chat.choose("cmd:project");
      expect(lastChoices(back)).toContain("proj:continue");
      const next = await chat.choose("proj:continue");
      expect(texts(next)).toMatch(/clients/);
    } finally {
      runtime.clock.set(before);
    }
  });

  it("books a meeting with the sheet: the advisor's agenda links the same sheet", async () => {
    const site = await addSite(runtime.database.db, { province: "khouribga" });
    await addAdvisorAt(runtime.database.db, site.id);
    const { chat, user } = await consented("fr");
    const summary = await frameExample(chat, "fr");
    expect(lastChoices(summary)).toContain("proj:book");
    const sites = await chat.choose("proj:book");
    const all = lastChoices(sites).includes(`book:site:${site.id}`) ? sites : await chat.choose("book:allsites");
    const days = await chat.choose(`book:site:${site.id}`); // the topic is already «my project»
    const times = await chat.choose(lastChoices(days).find((id) => id.startsWith("book:day:"))!);
    await chat.choose(lastChoices(times).find((id) => id.startsWith("book:time:"))!);
    await chat.choose("book:confirm:yes");
    expect(lastChoices(all)).toContain(`book:site:${site.id}`);
    const row = await projectOf(user);
    const agenda = await listAgenda(runtime.database.db, { statuses: ["confirmed"] });
    const mine = agenda.find((entry) => entry.contact.id === row!.contactId);
    expect(mine?.appointment.topic).toBe("project");
    expect(mine?.sheetToken).toBe(row!.sheetToken);
  });

  it("revokes the sheet link on request, and a new one is given next time", async () => {
    const { chat, user } = await consented("fr");
    await frameExample(chat, "fr");
    const first = (await projectOf(user))!.sheetToken;
    await chat.choose("proj:revoke");
    expect((await projectOf(user))!.sheetRevokedAt).not.toBeNull();
    await chat.choose("cmd:project");
    const again = await chat.choose("proj:summary");
    const link = again.find((reply) => reply.kind === "link");
    const second = (await projectOf(user))!;
    expect(second.sheetRevokedAt).toBeNull();
    expect(second.sheetToken).not.toBe(first);
    expect(link && link.kind === "link" ? link.url : "").toContain(second.sheetToken!);
  });
});

describe("the coach (an OpenAI-compatible model)", () => {
  const DRAFT = {
    language: "ary",
    fields: {
      idea: "Vente de gâteaux faits maison",
      sector: "agrifood",
      customers: "Les voisins et les cafés du quartier",
      offer: "Gâteaux marocains faits à la maison",
      priceMad: 5,
      salesPerMonth: null,
      startupCosts: null,
      monthlyCosts: null,
      ownContributionMad: null,
      legalForm: null,
      team: null,
      worries: null,
    },
    suggestions: ["Commencez par quelques cafés du quartier pour tester vos prix."],
  };

  it("turns a freely described idea into fields the person confirms one by one", async () => {
    stub.requests.length = 0;
    stub.reply = { kind: "json", content: DRAFT };
    const { chat, user } = await consented("ary");
    await chat.choose("cmd:project");
    const first = await chat.text("bghit ndir 7anout dyal l7elwa f dar, nbi3 l jiran w l9hawi b 5 dh l wa7da, 0661234567");
    expect(stub.requests).toHaveLength(1);
    expect(JSON.stringify(stub.requests[0]!.body)).not.toMatch(/0661234567/);
    expect(lastChoices(first)).toEqual(["proj:draft:yes", "proj:draft:no"]);
    await chat.choose("proj:draft:yes"); // sector
    await chat.choose("proj:draft:yes"); // customers
    await chat.choose("proj:draft:no"); // offer: the person will say it later
    const afterPrice = await chat.choose("proj:draft:yes"); // price (said in the message: 5 dh)
    expect(texts(afterPrice)).toContain(DRAFT.suggestions[0]);
    const canvas = (await projectOf(user))!.canvas;
    expect(canvas).toMatchObject({ sector: "agrifood", customers: DRAFT.fields.customers, priceMad: 5 });
    expect(canvas.offer).toBeUndefined();
  });

  it.each([
    ["down (HTTP 500)", { kind: "status", status: 500 }],
    ["slow (timeout)", { kind: "hang" }],
    ["malformed", { kind: "text", content: "Voici mon avis : c'est une bonne idée !" }],
  ] as const)("when the model is %s, the guided steps go on", async (_name, reply) => {
    stub.reply = reply;
    const { chat, user } = await consented("fr");
    await chat.choose("cmd:project");
    const next = await chat.text("Je veux ouvrir un petit atelier de réparation de téléphones à Safi");
    expect(lastChoices(next).some((id) => id.startsWith("proj:sector:"))).toBe(true);
    expect((await projectOf(user))!.canvas.idea).toMatch(/réparation de téléphones/);
  });
});
