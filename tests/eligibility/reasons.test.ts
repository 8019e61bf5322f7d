import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../../bot/core/types.ts";
import { createTranslator } from "../../bot/i18n.ts";
import { AREAS, GENDERS, listValues, ORGANIZATION_TYPES, renderReason, SECTORS, STATUSES, valueLabel } from "../../bot/eligibility/index.ts";
import type { Reason } from "../../bot/eligibility/index.ts";

const translator = createTranslator();
const fr = translator.forLang("fr");
const render = (reason: Reason, lang: "fr" | "ar" | "ary" = "fr") => renderReason(reason, translator.forLang(lang), lang);

const EVERY_KIND: Reason[] = [
  { kind: "range", field: "age", met: false, value: 37, min: 18, max: 35 },
  { kind: "range", field: "age", met: false, value: 16, min: 18 },
  { kind: "range", field: "age", met: true, value: 1, max: 35 },
  { kind: "range", field: "organizationAgeYears", met: false, value: 5, max: 3 },
  { kind: "range", field: "organizationAgeYears", met: true, value: 2, min: 1, max: 4 },
  { kind: "range", field: "organizationAgeYears", met: false, value: 0, min: 2 },
  { kind: "in", field: "province", met: false, value: "safi", expected: ["khouribga"] },
  { kind: "in", field: "province", met: false, value: "souss-massa", expected: ["casablanca", "khouribga"], derivedFrom: "region" },
  { kind: "in", field: "region", met: true, value: "souss-massa", expected: ["souss-massa"] },
  { kind: "in", field: "country", met: false, value: "MA", expected: ["CI", "SN"] },
  { kind: "in", field: "country", met: false, value: "MA", expected: ["TN"] },
  { kind: "in", field: "gender", met: false, value: "male", expected: ["female"] },
  { kind: "in", field: "gender", met: true, value: "male", expected: ["male"] },
  { kind: "in", field: "area", met: false, value: "urban", expected: ["rural"] },
  { kind: "in", field: "status", met: false, value: "student", expected: ["ofppt_trainee", "ofppt_graduate"] },
  { kind: "in", field: "organizationType", met: false, value: "none", expected: ["cooperative", "association", "company"] },
  { kind: "in", field: "sector", met: true, value: "education", expected: ["education", "mother_child_health"] },
  { kind: "in", field: "locality", met: false, value: "Khouribga", expected: ["Oued Zem", "Boujniba"] },
  { kind: "in", field: "status", met: false, value: "x", expected: ["apprentice"] },
  { kind: "equals", field: "organizationWomenLed", met: false, value: false, expected: true },
  { kind: "equals", field: "organizationWomenLed", met: false, value: true, expected: false },
  { kind: "unsure", text: { fr: "Pas encore sûr : demandez à la plateforme.", ar: "غير متأكد بعد.", ary: "مازال ما متأكدينش." } },
];

describe("renderReason", () => {
  it("speaks like an advisor in French", () => {
    expect(render(EVERY_KIND[0] as Reason)).toBe("Vous avez 37 ans\u00a0: ce programme est pour les 18 à 35 ans.");
    expect(render(EVERY_KIND[6] as Reason)).toBe("Ce programme est pour la province de Khouribga.");
    expect(render(EVERY_KIND[11] as Reason)).toBe("Réservé aux femmes.");
    expect(render({ kind: "in", field: "status", met: false, value: "student", expected: ["ofppt_trainee"] })).toBe("Pour les stagiaires de l'OFPPT.");
    expect(render(EVERY_KIND[9] as Reason)).toBe("Ce programme est pour les personnes qui vivent en Côte d'Ivoire ou au Sénégal.");
    expect(render(EVERY_KIND[15] as Reason)).toBe("Pour les coopératives, les associations ou les entreprises.");
  });

  it("names a prefecture as a prefecture and a region as a region", () => {
    expect(render(EVERY_KIND[7] as Reason)).toBe("Ce programme est pour la préfecture de Casablanca ou la province de Khouribga.");
    expect(render(EVERY_KIND[8] as Reason, "ar")).toBe("هذا البرنامج موجّه لسكان جهة سوس ماسة.");
  });

  it("counts years with the right plural form", () => {
    expect(render(EVERY_KIND[2] as Reason)).toBe("Vous avez 1 an\u00a0: ce programme est jusqu'à 35 ans.");
    expect(render(EVERY_KIND[3] as Reason, "ar")).toContain("5 سنوات");
    expect(render(EVERY_KIND[0] as Reason, "ar")).toBe("عمرك 37 سنة، وهذا البرنامج موجّه لمن تتراوح أعمارهم بين 18 و35 سنة.");
    expect(render(EVERY_KIND[0] as Reason, "ary")).toBe("عندك 37 عام، وهاد البرنامج للناس اللي عندهم بين 18 و35 عام.");
  });

  it("renders a rule's own `because` and an unsure text in the person's language", () => {
    const because = { fr: "Minassati est pour les jeunes de Khouribga.", ar: "منصتي لشباب خريبكة.", ary: "منصتي لولاد خريبكة." };
    for (const lang of LANGUAGES) expect(render({ ...(EVERY_KIND[6] as Reason), because } as Reason, lang)).toBe(because[lang]);
    expect(render(EVERY_KIND.at(-1) as Reason, "ary")).toBe("مازال ما متأكدينش.");
  });

  it.each(LANGUAGES)("renders every kind of reason in %s with no key or placeholder left", (lang) => {
    for (const reason of EVERY_KIND) {
      const text = render(reason, lang);
      expect(text, JSON.stringify(reason)).not.toMatch(/eligibility:|\{\{|reason\.|place\.|value\.|audience\.|undefined/);
      expect(text.trim().length).toBeGreaterThan(3);
      if (lang !== "fr") expect(text, JSON.stringify(reason)).toMatch(/[\u0600-\u06FF]/);
    }
  });

  it("puts a no-break space before French high punctuation, as the house style does", () => {
    for (const reason of EVERY_KIND.slice(0, -1)) expect(render(reason), JSON.stringify(reason)).not.toMatch(/ [:;?!]/);
  });

  it("isolates Latin place names inside Arabic sentences", () => {
    expect(render(EVERY_KIND[17] as Reason, "ar")).toContain("\u2068Oued Zem\u2069");
    expect(render(EVERY_KIND[17] as Reason)).toBe("Ce programme est pour les personnes qui vivent à Oued Zem ou Boujniba.");
  });
});

describe("value labels for the chat", () => {
  const closed: [string, readonly string[]][] = [
    ["gender", GENDERS],
    ["area", AREAS],
    ["status", STATUSES],
    ["organizationType", ORGANIZATION_TYPES],
    ["sector", SECTORS],
    ["country", ["MA", "CI", "SN"]],
  ];

  it.each(LANGUAGES)("labels every value of every closed list in %s", (lang) => {
    const t = translator.forLang(lang);
    for (const [field, values] of closed) {
      for (const value of values) {
        const label = valueLabel(field, value, t, lang);
        expect(label, `${field}.${value}`).not.toMatch(/eligibility:|value\./);
        expect(label, `${field}.${value}`).not.toBe(value);
      }
    }
    expect(valueLabel("organizationWomenLed", true, t, lang)).not.toMatch(/value\./);
  });

  it("labels places by name and unknown values as given", () => {
    expect(valueLabel("status", "ofppt_trainee", fr, "fr")).toBe("Stagiaire de l'OFPPT");
    expect(valueLabel("province", "khouribga", fr, "fr")).toBe("Khouribga");
    expect(valueLabel("province", "khouribga", translator.forLang("ar"), "ar")).toBe("خريبكة");
    expect(valueLabel("country", "FR", fr, "fr")).toBe("France");
    expect(valueLabel("status", "apprentice", fr, "fr")).toBe("apprentice");
  });

  it("joins a list with the language's `or`", () => {
    expect(listValues(["A", "B", "C"], fr)).toBe("A, B ou C");
    // Latin names inside Arabic come back isolated (U+2068 … U+2069), so they keep their order.
    expect(listValues(["A", "B"], translator.forLang("ar"))).toBe("\u2068A\u2069 أو \u2068B\u2069");
    expect(listValues(["A", "B", "C"], translator.forLang("ary"))).toBe("\u2068A، B\u2069 ولا \u2068C\u2069");
    expect(listValues(["A"], fr)).toBe("A");
    expect(listValues([], fr)).toBe("");
  });
});
