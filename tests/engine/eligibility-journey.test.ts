import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lang, Outbound } from "../../bot/core/types.ts";
import type { Condition, ProfileField } from "../../bot/eligibility/types.ts";
import { loadSeedPrograms } from "../../bot/programs/seed.ts";
import { chatAs, lastChoices, texts } from "../helpers/chat.ts";
import { uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { tr } from "../helpers/flow-context.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
beforeAll(async () => {
  runtime = await openTestRuntime();
});
afterAll(() => runtime.close());

/** Distinct profile fields the seeded rules use: the most questions a journey may ask. */
function fieldsUsed(): Set<ProfileField> {
  const fields = new Set<ProfileField>();
  const visit = (condition: Condition) => {
    if ("all" in condition) condition.all.forEach(visit);
    else if ("any" in condition) condition.any.forEach(visit);
    else if ("field" in condition) fields.add(condition.field);
  };
  for (const program of loadSeedPrograms()) visit(program.rules);
  return fields;
}

async function onboarded(lang: Lang, consent = true) {
  const chat = chatAs(runtime.engine, uniqueUser(`elig-${lang}`));
  await chat.start();
  await chat.choose(`lang:${lang}`);
  if (!consent) {
    await chat.choose("consent:no");
    return chat;
  }
  await chat.choose("consent:yes");
  await chat.choose("name:skip");
  return chat;
}

/** The field the bot is asking about, read from its answer buttons (`elig:set:<field>:…`) or its skip button. */
function askedField(replies: Outbound[], lang: Lang): string | null {
  const ids = lastChoices(replies);
  if (!ids.includes("elig:skip")) return null;
  const answer = ids.find((id) => id.startsWith("elig:set:") && !id.startsWith("elig:set:country:ZZ"));
  if (answer) return answer.split(":")[2]!;
  // Typed-only questions (age, organisation age): recognised by their wording.
  const text = texts(replies);
  const ageWords: Record<Lang, RegExp> = { fr: /Quel âge/, ar: /كم عمرك/, ary: /شحال فعمرك/ };
  if (ageWords[lang].test(text)) return "age";
  if (ids.includes("elig:set:country:ZZ")) return "province";
  return "unknown";
}

/** A 24-year-old unemployed man from Khouribga with no organisation, answering in each language's way of writing. */
const PERSONA: Record<Lang, { age: string; province: string }> = {
  fr: { age: "24", province: "Khouribga" },
  ar: { age: "عمري ٢٤ سنة", province: "خريبكة" },
  ary: { age: "3andi 24 3am", province: "khribga" },
};

async function answerUntilResults(chat: ReturnType<typeof chatAs>, first: Outbound[], lang: Lang) {
  let replies = first;
  const asked: string[] = [];
  for (let turn = 0; turn < 20; turn += 1) {
    if (lastChoices(replies).includes("check:review")) return { replies, asked };
    const field = askedField(replies, lang);
    expect(field, texts(replies)).not.toBeNull();
    asked.push(field!);
    switch (field) {
      case "age":
        replies = await chat.text(PERSONA[lang].age);
        break;
      case "province":
        replies = await chat.text(PERSONA[lang].province);
        break;
      case "gender":
        replies = await chat.choose("elig:set:gender:male");
        break;
      case "status":
        replies = await chat.choose("elig:set:status:unemployed");
        break;
      case "organizationType":
        replies = await chat.choose("elig:set:organizationType:none");
        break;
      default:
        replies = await chat.choose("elig:skip");
    }
  }
  throw new Error(`no verdict list after 20 turns; asked ${asked.join(", ")}`);
}

describe("the eligibility journey", () => {
  it.each(["fr", "ar", "ary"] as const)("in %s reaches the verdict list within the number of fields the rules use, each asked once", async (lang) => {
    const chat = await onboarded(lang);
    const { replies, asked } = await answerUntilResults(chat, await chat.choose("cmd:eligibility"), lang);
    expect(asked.length).toBeLessThanOrEqual(fieldsUsed().size);
    expect(new Set(asked).size).toBe(asked.length);
    const list = texts(replies);
    const minassati = runtime.catalogue.current().byId.get("minassati-khouribga")!;
    const wec = runtime.catalogue.current().byId.get("sil-wec-khouribga")!;
    // Minassati is in the "you qualify" section (before the next section's title); WEC is listed further down.
    const eligibleSection = list.split("\n\n").find((section) => section.includes(minassati.name[lang]))!;
    expect(eligibleSection.startsWith("✅")).toBe(true);
    expect(lastChoices(replies)).toContain("prog:card:minassati-khouribga");
    // The others (WEC is for women) are counted, and listed behind one button.
    const all = texts(await chat.choose("check:others"));
    expect(all).toContain(wec.name[lang]);
  });

  it("stores the answers in the profile and never asks them again", async () => {
    const chat = await onboarded("fr");
    const first = await answerUntilResults(chat, await chat.choose("cmd:eligibility"), "fr");
    expect(first.asked).toContain("age");
    const again = await chat.choose("cmd:eligibility");
    expect(lastChoices(again)).toContain("check:review");
  });

  it("reads two facts from one message: age and province at once", async () => {
    const chat = await onboarded("ary");
    const replies = await chat.text("3andi 24 3am w saken f khouribga, wach nqder nstafed mn chi barnamaj?");
    const field = askedField(replies, "ary");
    expect(field === null || !["age", "province"].includes(field)).toBe(true);
  });

  it("lets the person correct an answer, and the verdicts change with it", async () => {
    const chat = await onboarded("fr");
    await answerUntilResults(chat, await chat.choose("cmd:eligibility"), "fr");
    const review = await chat.choose("check:review");
    expect(texts(review)).toMatch(/24/);
    await chat.choose("check:change:age");
    const after = await chat.text("37");
    const list = lastChoices(after).includes("check:others") ? texts(await chat.choose("check:others")) : texts(after);
    expect(list).toMatch(/37 ans/);
    const minassatiLine = list.split("\n").find((line) => line.includes("Minassati"))!;
    expect(minassatiLine).toMatch(/35/);
  });

  it("works without consent, keeping nothing in the profile", async () => {
    const chat = await onboarded("fr", false);
    const { replies } = await answerUntilResults(chat, await chat.choose("cmd:eligibility"), "fr");
    expect(texts(replies)).toContain(tr("fr", "check:results.eligible"));
  });

  it("a card's «am I eligible?» asks only what that programme needs", async () => {
    const chat = await onboarded("fr");
    await chat.choose("cmd:programs");
    await chat.choose("prog:all");
    const card = await chat.choose("prog:card:minassati-khouribga");
    expect(texts(card)).toMatch(/Source/);
    const { asked, replies } = await answerUntilResults(chat, await chat.choose("prog:check:minassati-khouribga"), "fr");
    expect(asked.sort()).toEqual(["age", "province"]);
    expect(texts(replies)).toContain(tr("fr", "check:results.eligible"));
  });
});

describe("discovering programmes", () => {
  it.each(["fr", "ar", "ary"] as const)("in %s browses by need, opens a card with its source, and shows past programmes as past", async (lang) => {
    const chat = await onboarded(lang);
    await chat.choose("cmd:programs");
    await chat.choose("prog:by:need");
    const list = await chat.choose("prog:need:cooperatives");
    const cards = lastChoices(list).filter((id) => id.startsWith("prog:card:"));
    expect(cards).toContain("prog:card:mourafaka");
    const card = await chat.choose("prog:card:mourafaka");
    const mourafaka = runtime.catalogue.current().byId.get("mourafaka")!;
    expect(texts(card)).toContain(mourafaka.name[lang]);
    expect(texts(card)).toContain(mourafaka.sources[0]!.title);
    await chat.choose("cmd:programs");
    const all = await chat.choose("prog:all");
    const past = runtime.catalogue.current().programs.filter((program) => program.status === "past");
    for (const program of past) expect(texts(all)).toMatch(new RegExp(`${program.name[lang].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(`));
  });

  it("near me: a typed place lists that region's programmes, the province's own first", async () => {
    const chat = await onboarded("fr");
    await chat.choose("cmd:programs");
    const ask = await chat.choose("prog:near");
    expect(texts(ask)).toMatch(/Où vivez-vous/);
    const list = await chat.text("Khouribga");
    const cards = lastChoices(list).filter((id) => id.startsWith("prog:card:"));
    expect(cards[0]).toMatch(/khouribga/);
    expect(cards).not.toContain("prog:card:sil-femmpact");
  });

  it("typed «programmes f Khouribga» goes straight to the programmes there", async () => {
    const chat = await onboarded("ary");
    const list = await chat.text("chno homa lbaramij li kaynin f khouribga");
    expect(lastChoices(list)).toContain("prog:card:minassati-khouribga");
  });
});
