import { describe, expect, it } from "vitest";
import { createTranslator, loadResources } from "../../bot/i18n.ts";

/**
 * Darija as people in Khouribga or Laâyoune say it (issue 14, item 10), and Arabic counts
 * that agree with their noun past ten.
 */
const translator = createTranslator();
const ary = translator.forLang("ary");
const ar = translator.forLang("ar");

function allDarija(): string[] {
  const out: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === "string") out.push(value);
    else if (value && typeof value === "object") {
      // Synonyms are what people type (old words included), never what the bot says.
      for (const [key, inner] of Object.entries(value)) if (key !== "synonyms") visit(inner);
    }
  };
  // The console is written in MSA on purpose (locales/GLOSSARY.md): only the chat's namespaces are Darija.
  for (const [namespace, tree] of Object.entries(loadResources()["ar-MA"] ?? {})) if (!namespace.startsWith("console")) visit(tree);
  return out;
}

describe("Darija wording", () => {
  it("says «البادية» for the countryside, never «العروبية»", () => {
    expect(allDarija().filter((text) => text.includes("العروبية"))).toEqual([]);
    expect(ary("check:question.area")).toContain("البادية");
  });

  it("asks «واش نقدر نستافد؟» rather than the formal «مؤهل»", () => {
    expect(allDarija().filter((text) => text.includes("مؤهل"))).toEqual([]);
    expect(ary("menu:eligibility")).toBe("واش نقدر نستافد؟");
  });

  it("uses «تتلاقى» in the booking site question and «لشكون» on programme cards", () => {
    // Before the person's gender is known, the meeting is a noun (issue 21: «تتلاقى» is said to a man).
    expect(ary("booking:whichSite")).toContain("اللقاء");
    expect(translator.forLang("ary", "male")("booking:whichSite")).toContain("تتلاقى");
    expect(translator.forLang("ary", "female")("booking:whichSite")).toContain("تتلاقاي");
    expect(ary("programs:card.audience", { text: "x" })).toContain("لشكون");
    expect(allDarija().filter((text) => /(^|\s|👥 )لمن[:\s]/u.test(text))).toEqual([]);
  });

  it("makes the sheet's «more programmes» agree with its count", () => {
    expect(ary("sheet:programs.more", { count: 15 })).toContain("ديال البرامج الأخرى خاصهم");
    expect(ary("sheet:programs.more", { count: 1 })).toContain("خاصو يتأكد");
    expect(ary("sheet:programs.more", { count: 4 })).toContain("برامج أخرى خاصهم");
  });

  it("has Arabic plural forms where counts pass ten (months to break even, questions answered)", () => {
    expect(ar("project:line.breakEven", { count: 14 })).toContain("14 شهرًا");
    expect(ar("project:line.breakEven", { count: 5 })).toContain("5 أشهر");
    expect(ar("project:welcomeBack", { done: 3, count: 12 })).toContain("12 سؤالًا");
    expect(ary("project:line.breakEven", { count: 5 })).toContain("5 شهور");
  });
});
