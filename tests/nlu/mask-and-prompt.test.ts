import { zodResponseFormat } from "openai/helpers/zod";
import { describe, expect, it } from "vitest";
import { INTENTS } from "../../bot/nlu/contract.ts";
import { NLU_EVAL_CASES } from "../../prompts/nlu/eval-cases.ts";
import { maskPersonalData } from "../../prompts/nlu/mask.ts";
import { buildNluMessages, buildNluSystemPrompt } from "../../prompts/nlu/prompt.ts";
import { NluAnswer, NluAnswerChecked } from "../../prompts/nlu/schema.ts";

describe("masking personal data before it leaves the server", () => {
  it.each([
    "appelez moi au +212 6 12 34 56 78",
    "mon numéro 0612345678",
    "06 12 34 56 78",
    "06-12-34-56-78",
    "06.12.34.56.78",
    "00212612345678",
    "212712345678",
    "رقمي ٠٦١٢٣٤٥٦٧٨",
    "+33 6 12 34 56 78",
  ])("masks the phone number in %j", (text) => {
    const masked = maskPersonalData(text);
    expect(masked.text).toContain("[PHONE]");
    expect(masked.text).not.toMatch(/\d{2}[\s.-]?\d{2}[\s.-]?\d{2}[\s.-]?\d{2}/);
    expect(masked.counts.phone).toBe(1);
  });

  it("masks e-mail addresses and national identity card numbers", () => {
    expect(maskPersonalData("mon mail: karim.b@gmail.com").text).toBe("mon mail: [EMAIL]");
    expect(maskPersonalData("CIN AB123456").text).toBe("CIN [ID]");
    expect(maskPersonalData("ma cin j123456 svp").text).toBe("ma cin [ID] svp");
  });

  it.each([
    ["je m'appelle Karim Benali et j'ai 25 ans", "je m'appelle [NAME] et j'ai 25 ans"],
    ["Je m’appelle Salma", "Je m’appelle [NAME]"],
    ["smiti Yassine, 3andi 22 3am", "smiti [NAME], 3andi 22 3am"],
    ["اسمي أحمد وعندي 22 عام", "اسمي [NAME] وعندي 22 عام"],
    ["سميتي فاطمة الزهراء من خريبكة", "سميتي [NAME] من خريبكة"],
  ])("masks the name introduced in %j", (text, expected) => {
    expect(maskPersonalData(text).text).toBe(expected);
  });

  it("keeps amounts, ages, dates and times, which the model needs", () => {
    for (const text of ["mon budget est 20000 dh, rdv à 10h30 le 15/06", "1 500 000 centimes", "15k", "3andi 25 3am", "dh20000"]) {
      expect(maskPersonalData(text).text).toBe(text);
    }
  });
});

describe("the NLU prompt", () => {
  it("lists every allowed intent and the entity rules in the system message", () => {
    const system = buildNluSystemPrompt();
    for (const intent of INTENTS) expect(system).toContain(`- ${intent}:`);
    expect(system).toContain("2 melyoun");
    expect(system).toContain("[PHONE]");
  });

  it("hands the masked message and today's date in the user message", () => {
    const messages = buildNluMessages({ maskedText: "appelez moi au [PHONE]", today: "2025-06-11", weekday: "Wednesday", languageHint: "fr" });
    expect(messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(messages[1]?.content).toContain("Wednesday 2025-06-11");
    expect(messages[1]?.content).toContain("appelez moi au [PHONE]");
    expect(messages[1]?.content).toContain("fr");
  });

  it("asks for a strict structured answer with every entity field required", () => {
    const format = zodResponseFormat(NluAnswer, "nlu_answer");
    expect(format.type).toBe("json_schema");
    expect(format.json_schema.strict).toBe(true);
    const schema = format.json_schema.schema as { required: string[]; properties: { entities: { required: string[] } } };
    expect(schema.required).toEqual(["intent", "confidence", "language", "entities"]);
    expect(schema.properties.entities.required).toEqual(["age", "place", "gender", "amountMad", "amountUnitClear", "date", "time"]);
  });

  it("rejects answers out of range once parsed", () => {
    const good = {
      intent: "book",
      confidence: 0.8,
      language: "fr",
      entities: { age: null, place: null, gender: null, amountMad: null, amountUnitClear: null, date: "2025-06-12", time: "10:00" },
    };
    expect(NluAnswerChecked.safeParse(good).success).toBe(true);
    expect(NluAnswerChecked.safeParse({ ...good, confidence: 1.5 }).success).toBe(false);
    expect(NluAnswerChecked.safeParse({ ...good, intent: "order_pizza" }).success).toBe(false);
    expect(NluAnswerChecked.safeParse({ ...good, entities: { ...good.entities, time: "25:00" } }).success).toBe(false);
  });

  it("has at least five evaluation cases, with valid intents and their personal data masked", () => {
    expect(NLU_EVAL_CASES.length).toBeGreaterThanOrEqual(5);
    for (const evalCase of NLU_EVAL_CASES) {
      expect(INTENTS).toContain(evalCase.intent);
      const masked = maskPersonalData(evalCase.text).text;
      for (const secret of evalCase.mustMask ?? []) expect(masked).not.toContain(secret);
    }
  });
});
