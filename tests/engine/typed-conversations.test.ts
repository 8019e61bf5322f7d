import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lang, Outbound } from "../../bot/core/types.ts";
import { loadProjectView } from "../../bot/project/view.ts";
import { appointments, channelIdentities, contacts } from "../../db/schema/index.ts";
import { addAdvisorAt, addSite } from "../booking/booking-fixture.ts";
import { chatAs, lastChoices, onboardedChat, texts } from "../helpers/chat.ts";
import { uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

/**
 * Issue 14: a person who types rather than presses buttons, in French, MSA, Darija in
 * Arabic letters and Arabizi, is never lost or trapped. One scripted chat per item.
 * The clock is frozen on Monday 2 March 2026, 09:00 UTC.
 */

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
let siteId: string;

beforeAll(async () => {
  runtime = await openTestRuntime();
  const site = await addSite(runtime.database.db, { province: "khouribga" });
  siteId = site.id;
  await addAdvisorAt(runtime.database.db, siteId);
});
afterAll(() => runtime.close());

async function consented(lang: Lang) {
  const user = uniqueUser(`typed-${lang}`);
  return { chat: await onboardedChat(runtime.engine, user, lang), user };
}

function pick(replies: Outbound[], prefix: string): string {
  const id = lastChoices(replies).find((choice) => choice.startsWith(prefix));
  if (!id) throw new Error(`no ${prefix}* choice in: ${texts(replies)}\n${lastChoices(replies).join(" ")}`);
  return id;
}

async function profileOf(user: string) {
  const [row] = await runtime.database.db.select().from(contacts).where(eq(contacts.id, await contactIdOf(user)));
  return row!.profile;
}

async function contactIdOf(user: string): Promise<string> {
  const [identity] = await runtime.database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, user));
  return identity!.contactId;
}

/** From the menu to the booking's topic question, through buttons. */
async function atTopic(chat: ReturnType<typeof chatAs>) {
  const sites = await chat.choose("cmd:book");
  const all = lastChoices(sites).includes(`book:site:${siteId}`) ? sites : await chat.choose("book:allsites");
  return chat.choose(pick(all, `book:site:${siteId}`));
}

describe("4. hints speak of the question on screen", () => {
  it.each([
    ["fr", /sujet/, /heure/],
    ["ar", /موضوع/, /ساعة/],
    ["ary", /الموضوع/, /ساعة/],
  ] as const)("in %s, an unclear answer to the booking topic does not talk of a day and a time", async (lang, about, notAbout) => {
    const { chat } = await consented(lang);
    await atTopic(chat);
    const reply = await chat.text("xqzt");
    expect(lastChoices(reply)).toContain("book:topic:general");
    expect(texts(reply)).toMatch(about);
    expect(texts(reply)).not.toMatch(notAbout);
  });
});

describe("8. «are you a robot?» gets an honest answer", () => {
  it.each([
    ["fr", "t'es un robot ?", /robot/],
    ["ar", "هل أنت روبوت؟", /روبوت/],
    ["ary", "واش نتا روبو؟", /روبو/],
    ["ary", "wach nta robot wla bnadem", /روبو/],
  ] as const)("in %s, «%s» is answered, then the menu comes back", async (lang, typed, says) => {
    const { chat } = await consented(lang);
    const reply = await chat.text(typed);
    expect(reply[0]?.kind).toBe("text");
    expect(texts([reply[0]!])).toMatch(says);
    expect(lastChoices(reply)).toContain("cmd:eligibility");
  });
});

describe("6. cancelling without a cancel verb", () => {
  it.each([
    ["fr", "le rdv de jeudi je n'en veux plus"],
    ["ary", "rdv dyal lkhmis ma bqitch baghih"],
    ["ar", "لم أعد أرغب في موعد الخميس"],
  ] as const)("in %s, «%s» asks why the Thursday meeting is cancelled, then asks to confirm naming it, then cancels it", async (lang, typed) => {
    const { chat, user } = await consented(lang);
    const topics = await atTopic(chat);
    await chat.choose(pick(topics, "book:topic:general"));
    const times = await chat.choose("book:day:2026-03-05");
    await chat.choose(pick(times, "book:time:"));
    await chat.choose("book:confirm:yes");
    await chat.choose("cmd:menu");

    const reply = await chat.text(typed);
    expect(lastChoices(reply)).toContain("book:reason:notNeeded");
    const confirm = await chat.choose("book:reason:notNeeded");
    expect(lastChoices(confirm)).toEqual(expect.arrayContaining(["book:cancel:yes", "book:cancel:no"]));
    const contactId = await contactIdOf(user);
    const confirmed = () => runtime.database.db.select().from(appointments).where(and(eq(appointments.contactId, contactId), eq(appointments.status, "confirmed")));
    expect(await confirmed()).toHaveLength(1);
    await chat.choose("book:cancel:yes");
    expect(await confirmed()).toHaveLength(0);
  });
});

/** Answers the eligibility questions (24, Khouribga, else the first option) until one of `field` is on screen. */
async function untilEligibilityAsks(chat: ReturnType<typeof chatAs>, field: string, others: "first" | "skip" = "first"): Promise<Outbound[]> {
  let replies = await chat.choose("cmd:eligibility");
  for (let turn = 0; turn < 12; turn += 1) {
    const ids = lastChoices(replies);
    if (ids.some((id) => id.startsWith(`elig:set:${field}:`))) return replies;
    const asked = ids.find((id) => id.startsWith("elig:set:"));
    if (asked && others === "skip" && ids.includes("elig:skip")) replies = await chat.choose("elig:skip");
    else if (asked) replies = await chat.choose(asked);
    else if (ids.includes("elig:set:country:ZZ")) replies = await chat.text("Khouribga");
    else if (ids.includes("elig:skip")) replies = await chat.text("24");
    else throw new Error(`the check ended before asking ${field}: ${texts(replies)}`);
  }
  throw new Error(`${field} never asked`);
}

/** Skips the project questions until the one whose buttons start with `prefix`. */
async function untilProjectAsks(chat: ReturnType<typeof chatAs>, prefix: string): Promise<Outbound[]> {
  let replies = await chat.choose("cmd:project");
  for (let turn = 0; turn < 16; turn += 1) {
    if (lastChoices(replies).some((id) => id.startsWith(prefix))) return replies;
    replies = await chat.choose("proj:skip");
  }
  throw new Error(`${prefix} never asked`);
}

describe("2. typed answers to button questions", () => {
  it.each([
    ["ary", "rajel", "male"],
    ["fr", "homme", "male"],
    ["ar", "امرأة", "female"],
    ["ary", "ana mra", "female"],
  ] as const)("in %s, «%s» answers the gender question", async (lang, typed, gender) => {
    const { chat, user } = await consented(lang);
    await untilEligibilityAsks(chat, "gender", "skip");
    const reply = await chat.text(typed);
    expect(lastChoices(reply).some((id) => id.startsWith("elig:set:gender:"))).toBe(false);
    expect((await profileOf(user)).gender).toBe(gender);
  });

  it.each([
    ["fr", "cooperative", "cooperative"],
    ["ary", "ta3awoniya", "cooperative"],
    ["ary", "walo", "none"],
    ["ary", "والو", "none"],
    ["ar", "جمعية", "association"],
  ] as const)("in %s, «%s» answers the structure question (%s), never opens help", async (lang, typed, value) => {
    const { chat, user } = await consented(lang);
    await untilEligibilityAsks(chat, "organizationType");
    const reply = await chat.text(typed);
    expect(lastChoices(reply).some((id) => id.startsWith("elig:set:organizationType:"))).toBe(false);
    expect(lastChoices(reply)).not.toContain("cmd:help");
    expect((await profileOf(user)).organizationType).toBe(value);
  });

  it.each([
    ["ary", "3la projet dyali"],
    ["ary", "على المشروع ديالي"],
    ["fr", "pour mon projet"],
  ] as const)("in %s, «%s» picks the project topic and booking goes on to the day", async (lang, typed) => {
    const { chat } = await consented(lang);
    await atTopic(chat);
    const reply = await chat.text(typed);
    expect(lastChoices(reply).some((id) => id.startsWith("book:day:"))).toBe(true);
    const next = await chat.text("xqzt");
    expect(lastChoices(next).some((id) => id.startsWith("book:day:"))).toBe(true);
  });

  it.each([
    ["ary", "ta3awoniya", "cooperative"],
    ["fr", "coopérative", "cooperative"],
    ["ar", "شركة", "company"],
  ] as const)("in %s, «%s» answers the project's legal form", async (lang, typed, form) => {
    const { chat, user } = await consented(lang);
    await untilProjectAsks(chat, "proj:legal:");
    const reply = await chat.text(typed);
    expect(lastChoices(reply).some((id) => id.startsWith("proj:legal:"))).toBe(false);
    expect(lastChoices(reply)).not.toContain("cmd:help");
    expect((await loadProjectView(runtime.database.db, await contactIdOf(user))).canvas.legalForm).toBe(form);
  });

  it("«والو» says a monthly cost is nothing", async () => {
    const { chat } = await consented("ary");
    await untilProjectAsks(chat, "proj:none");
    const reply = await chat.text("والو");
    expect(texts(reply)).not.toMatch(/ختار|مبلغ/);
    expect(lastChoices(reply)).toContain("proj:none");
  });
});

describe("3. a clear intent mid-journey is offered, never refused", () => {
  it("in Darija, «mzyan, bghit nakhod maw3id f minassati» at an eligibility question offers booking; «wakha» opens it", async () => {
    const { chat } = await consented("ary");
    await untilEligibilityAsks(chat, "gender", "skip");
    const offer = await chat.text("mzyan, bghit nakhod maw3id f minassati");
    expect(lastChoices(offer)).toEqual(["switch:yes", "switch:no"]);
    expect(texts(offer)).toContain(runtime.translator.forLang("ary")("common:switch.book"));
    const sites = await chat.text("wakha");
    expect(lastChoices(sites).some((id) => id.startsWith("book:site:"))).toBe(true);
  });

  it("in French, «non» to the offer asks the question left again", async () => {
    const { chat } = await consented("fr");
    await untilEligibilityAsks(chat, "gender", "skip");
    await chat.text("mzyan, bghit nakhod maw3id f minassati");
    const back = await chat.text("non");
    expect(lastChoices(back).some((id) => id.startsWith("elig:set:gender:"))).toBe(true);
  });
});

describe("1. the first message is not lost", () => {
  it("in Arabizi, «wach n9der nstafd, 3andi 23 3am f khribga» goes on in Darija and is answered after onboarding", async () => {
    const user = uniqueUser("first-ary");
    const chat = chatAs(runtime.engine, user);
    const notice = await chat.text("wach n9der nstafd, 3andi 23 3am f khribga");
    // The language it is written in, at once: the notice in Darija, the two other languages one tap away.
    expect(texts(notice)).toContain(runtime.translator.forLang("ary")("onboarding:consentNotice"));
    expect(lastChoices(notice)).toEqual(["consent:yes", "consent:no", "consent:more", "lang:fr", "lang:ar"]);
    await chat.text("wakha");
    const answer = await chat.text("Yassine");
    const ids = lastChoices(answer);
    expect(ids.some((id) => id.startsWith("elig:") || id === "check:review")).toBe(true);
    expect(ids).not.toContain("cmd:eligibility");
    const profile = await profileOf(user);
    expect(profile.age).toBe(23);
    expect(profile.province).toBe("khouribga");
  });

  it("in French, a first wish to book leads to the site question once onboarding is done", async () => {
    const chat = chatAs(runtime.engine, uniqueUser("first-fr"));
    const notice = await chat.text("bonjour, je voudrais prendre un rendez-vous avec un conseiller");
    expect(lastChoices(notice)).toEqual(["consent:yes", "consent:no", "consent:more", "lang:ar", "lang:ary"]);
    await chat.text("oui");
    const answer = await chat.choose("name:skip");
    expect(lastChoices(answer).some((id) => id.startsWith("book:site:"))).toBe(true);
  });

  it("in MSA, a first question about programmes shows them after onboarding, even when consent is refused", async () => {
    const chat = chatAs(runtime.engine, uniqueUser("first-ar"));
    const notice = await chat.text("ما هي البرامج المتاحة للشباب؟");
    expect(texts(notice)).toContain(runtime.translator.forLang("ar")("onboarding:consentNotice"));
    const answer = await chat.text("لا");
    expect(lastChoices(answer)).not.toContain("cmd:eligibility");
    expect(lastChoices(answer).some((id) => id.startsWith("prog:"))).toBe(true);
  });

  it("a greeting picks the language it is written in, and another language is still one tap away", async () => {
    const chat = chatAs(runtime.engine, uniqueUser("first-hello"));
    const notice = await chat.text("Bonjour");
    expect(texts(notice)).toContain(runtime.translator.forLang("fr")("onboarding:consentNotice"));
    const darija = await chat.choose("lang:ary");
    expect(texts(darija)).toContain(runtime.translator.forLang("ary")("onboarding:consentNotice"));
    expect(lastChoices(darija)).toEqual(["consent:yes", "consent:no", "consent:more", "lang:fr", "lang:ar"]);
    const name = await chat.text("wakha");
    expect(texts(name)).toContain(runtime.translator.forLang("ary")("onboarding:askName"));
  });

  it("a first message without words still gets the welcome in three languages", async () => {
    const welcome = await chatAs(runtime.engine, uniqueUser("first-emoji")).text("👋");
    expect(lastChoices(welcome)).toEqual(["lang:fr", "lang:ar", "lang:ary"]);
  });
});

describe("7. eligibility results fit a phone", () => {
  it.each([
    ["ary", "3andi 23 3am w saken f khribga", "❌"],
    ["fr", "j'ai 23 ans et j'habite à Khouribga", "❌"],
    ["ar", "عمري 23 سنة وأسكن في خريبكة", "❌"],
  ] as const)("in %s, the verdicts show where one qualifies and what to check first, and count the others behind a button", async (lang, typed, notForYou) => {
    const { chat } = await consented(lang);
    let replies = await chat.text(typed);
    for (let turn = 0; turn < 12 && !lastChoices(replies).includes("check:review"); turn += 1) {
      const ids = lastChoices(replies);
      replies = await chat.choose(ids.includes("elig:skip") ? "elig:skip" : ids[0]!);
    }
    const results = replies.findLast((reply) => reply.kind === "choices")!;
    // At most: a title, five where one qualifies, three to check first (two headings), the count of the others.
    expect(results.text.split("\n").filter((line) => line.trim() !== "").length).toBeLessThanOrEqual(12);
    expect(results.text).not.toContain(notForYou);
    expect(results.text).not.toMatch(/Côte d'Ivoire|كوت ديفوار/);
    expect(lastChoices(replies)).toContain("check:others");
    const all = await chat.choose("check:others");
    expect(texts(all)).toContain(notForYou);
    expect(texts(all).length).toBeGreaterThan(results.text.length);
    expect(lastChoices(all)).not.toContain("check:others");
  });
});

describe("5. language follows the person", () => {
  it("someone who chose French and keeps writing Arabizi is offered Darija, and «darija» switches", async () => {
    const { chat, user } = await consented("fr");
    await chat.text("salam, bghit nchof lbaramij");
    const second = await chat.text("wach kayn chi haja f khribga");
    expect(lastChoices(second)).toContain("langswitch:ary");
    const switched = await chat.text("الدارجة");
    expect(texts(switched)).toContain(runtime.translator.forLang("ary")("onboarding:languageChanged"));
    const [identity] = await runtime.database.db.select().from(contacts).where(eq(contacts.id, await contactIdOf(user)));
    expect(identity!.language).toBe("ary");
  });

  it("saying no keeps French, and the offer is not made again", async () => {
    const { chat } = await consented("fr");
    await chat.text("salam, bghit nchof lbaramij");
    await chat.text("wach kayn chi haja f khribga");
    const kept = await chat.choose("langswitch:keep");
    expect(texts(kept)).toContain("on garde cette langue");
    await chat.text("bghit n3ref chno kayn");
    const later = await chat.text("wach kayn chi haja f safi");
    expect(lastChoices(later)).not.toContain("langswitch:ary");
  });

  it.each([
    ["fr", "jawbni b darija", "ary"],
    ["ary", "parle-moi en français s'il te plaît", "fr"],
    ["fr", "أجبني بالعربية من فضلك", "ar"],
  ] as const)("in %s, «%s» switches directly, on the same question", async (lang, typed, to) => {
    const { chat, user } = await consented(lang);
    const reply = await chat.text(typed);
    expect(texts(reply)).toContain(runtime.translator.forLang(to)("onboarding:languageChanged"));
    expect(lastChoices(reply)).toContain("cmd:eligibility");
    const [row] = await runtime.database.db.select().from(contacts).where(eq(contacts.id, await contactIdOf(user)));
    expect(row!.language).toBe(to);
  });
});
