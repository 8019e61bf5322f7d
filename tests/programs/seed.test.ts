import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkRules } from "../../bot/eligibility/index.ts";
import type { Condition, Profile } from "../../bot/eligibility/types.ts";
import { provinceBySlug, regionBySlug } from "../../bot/geography/index.ts";
import { loadSeedPrograms, parseSeedPrograms } from "../../bot/programs/seed.ts";
import type { Program } from "../../bot/programs/types.ts";

/**
 * The seed catalogue (bot/programs/seed.json, reasoning in SOURCES.md). The source
 * documents live outside the repository, in ../shared/seeds/ beside it; CI clones only
 * the repository, so the check that each cited file exists runs only where they are.
 */

const CONTRACT_IDS = [
  "minassati-khouribga",
  "ofppt-pie",
  "sil-al-montija",
  "sil-wec-khouribga",
  "sil-femmpact",
  "mourafaka",
  "prix-lalla-al-moutaaouina",
  "phosboucraa-learning-center",
];
const SEEDS_DIR = new URL("../../../shared/seeds/", import.meta.url);
const ARABIC_LETTER = /[\u0600-\u06FF]/;
/** French wants a no-break space (U+00A0) before : ; ? ! and none of the ordinary kind. */
const FRENCH_BAD_SPACE = /[ \t][:;?!]|[^\u00A0\u202F][;?!]/;

const programs = loadSeedPrograms();
const byId = new Map(programs.map((program) => [program.id, program]));

type Texts = { path: string; fr: string; ar: string; ary: string }[];
function localizedTexts(value: unknown, path: string, found: Texts = []): Texts {
  if (Array.isArray(value)) value.forEach((item, index) => localizedTexts(item, `${path}[${index}]`, found));
  else if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.fr === "string" && typeof record.ar === "string" && typeof record.ary === "string") {
      found.push({ path, fr: record.fr, ar: record.ar, ary: record.ary });
    } else for (const [key, child] of Object.entries(record)) localizedTexts(child, `${path}.${key}`, found);
  }
  return found;
}

describe("the seed catalogue", () => {
  it("loads, every programme passes programSchema, and ids are unique", () => {
    expect(programs.length).toBeGreaterThanOrEqual(CONTRACT_IDS.length);
    expect(new Set(programs.map((program) => program.id)).size).toBe(programs.length);
  });

  it("writes rules the staff rule check accepts (known slugs and values, sane ranges)", () => {
    for (const program of programs) expect(checkRules(program.rules), program.id).toEqual([]);
  });

  it("has every contract id", () => {
    for (const id of CONTRACT_IDS) expect(byId.has(id), id).toBe(true);
  });

  it("says every text in French, Arabic and Darija, Arabic ones in Arabic letters, French with no-break spaces", () => {
    for (const program of programs) {
      const texts = localizedTexts(program, program.id);
      expect(texts.length).toBeGreaterThanOrEqual(7); // name, organization, summary, offer, audience, where, howToApply
      for (const text of texts) {
        for (const lang of ["fr", "ar", "ary"] as const) expect(text[lang].trim(), `${text.path}.${lang}`).not.toBe("");
        expect(text.ar, `${text.path}.ar`).toMatch(ARABIC_LETTER);
        expect(text.ary, `${text.path}.ary`).toMatch(ARABIC_LETTER);
        expect(text.fr, `${text.path}.fr`).not.toMatch(FRENCH_BAD_SPACE);
      }
    }
  });

  it("keeps summaries phone-sized", () => {
    for (const program of programs) {
      for (const lang of ["fr", "ar", "ary"] as const) expect(program.summary[lang].length, `${program.id}.summary.${lang}`).toBeLessThanOrEqual(220);
    }
  });

  it("cites a seed file for every programme", () => {
    for (const program of programs) {
      for (const source of program.sources) expect(source.ref, program.id).toMatch(/^seeds\/\d{3}_[0-9a-f]{16}\.txt$/);
    }
  });

  it("cites seed files that exist in ../shared/seeds", (context) => {
    context.skip(!existsSync(SEEDS_DIR), `source documents not found at ${SEEDS_DIR.pathname} (CI clones only the repository)`);
    for (const program of programs) {
      for (const source of program.sources) expect(existsSync(new URL(source.ref.slice("seeds/".length), SEEDS_DIR)), `${program.id}: ${source.ref}`).toBe(true);
    }
  });

  it("places programmes consistently: listed provinces lie in listed regions, countries are only for abroad", () => {
    for (const program of programs) {
      for (const slug of program.provinces) expect(program.regions, `${program.id}: ${slug}`).toContain(provinceBySlug(slug)?.region);
      for (const slug of program.regions) expect(regionBySlug(slug), `${program.id}: ${slug}`).toBeDefined();
      expect(program.countries, program.id).not.toContain("MA");
    }
  });

  it("marks the 2018 summit as past and the standing platforms as open", () => {
    expect(byId.get("mit-dlab-co-design-laayoune-2018")?.status).toBe("past");
    expect(byId.get("minassati-khouribga")?.status).toBe("open");
    expect(byId.get("phosboucraa-learning-center")?.status).toBe("open");
  });
});

describe("parseSeedPrograms", () => {
  const minassati = byId.get("minassati-khouribga") as Program;

  it("names the programme and the path of the first problem", () => {
    const broken = { ...minassati, summary: { fr: "x", ar: "", ary: "x" } };
    expect(() => parseSeedPrograms([broken])).toThrow(/"minassati-khouribga" \(#0\): summary\.ar/);
  });

  it("refuses an id used twice", () => {
    expect(() => parseSeedPrograms([minassati, minassati])).toThrow(/"minassati-khouribga" \(#1\): id is used twice/);
  });

  it("refuses anything but an array", () => {
    expect(() => parseSeedPrograms({})).toThrow(/JSON array/);
  });
});

/**
 * The verdicts the rules are written to give, under three-valued (Kleene) logic with a
 * province implying its region and Morocco. A minimal reading of the Condition contract,
 * independent of the engine, so the data is checked even while the engine changes.
 */
type Truth = true | false | null;
function truth(rule: Condition, profile: Profile): Truth {
  if ("all" in rule) {
    const values = rule.all.map((child) => truth(child, profile));
    return values.includes(false) ? false : values.includes(null) ? null : true;
  }
  if ("any" in rule) {
    const values = rule.any.map((child) => truth(child, profile));
    return values.includes(true) ? true : values.includes(null) ? null : false;
  }
  if ("unsure" in rule) return null;
  const value = profile[rule.field];
  if (value === undefined) return null;
  if ("equals" in rule) return value === rule.equals;
  if ("in" in rule) return rule.in.map((item) => item.toLowerCase()).includes(String(value).toLowerCase());
  const number = value as number;
  return (rule.min === undefined || number >= rule.min) && (rule.max === undefined || number <= rule.max);
}
function verdict(id: string, answers: Profile): "eligible" | "not_eligible" | "unknown" {
  const province = answers.province === undefined ? undefined : provinceBySlug(answers.province);
  if (answers.province !== undefined && province === undefined) throw new Error(`unknown province slug ${answers.province}`);
  const region = province ? province.region : answers.region;
  const profile: Profile = { ...answers, ...(region ? { region, country: "MA" } : {}) };
  const value = truth((byId.get(id) as Program).rules, profile);
  return value === true ? "eligible" : value === false ? "not_eligible" : "unknown";
}

describe("the seed rules", () => {
  const man24: Profile = { age: 24, gender: "male", province: "khouribga", organizationType: "none" };

  it("make a 24-year-old man of Khouribga with no organisation eligible for Minassati, not for the WEC, the PIE or Mourafaka", () => {
    expect(verdict("minassati-khouribga", man24)).toBe("eligible");
    for (const id of ["sil-wec-khouribga", "ofppt-pie", "mourafaka"]) expect(verdict(id, man24), id).toBe("not_eligible");
  });

  it("turn him away from Minassati at 37", () => {
    expect(verdict("minassati-khouribga", { ...man24, age: 37 })).toBe("not_eligible");
  });

  it("leave every programme unknown for an empty profile", () => {
    for (const program of programs) expect(verdict(program.id, {}), program.id).toBe("unknown");
  });

  it("follow the sources for the other audiences", () => {
    expect(verdict("ofppt-pie", { status: "ofppt_trainee", province: "agadir-ida-ou-tanane" })).toBe("eligible");
    expect(verdict("ofppt-pie", { status: "ofppt_trainee", province: "rehamna" })).toBe("eligible");
    expect(verdict("ofppt-pie", { status: "ofppt_graduate", province: "laayoune" })).toBe("unknown");
    expect(verdict("sil-wec-khouribga", { gender: "female", province: "khouribga" })).toBe("eligible");
    expect(verdict("sil-femmpact", { gender: "female", country: "SN" })).toBe("unknown");
    expect(verdict("sil-femmpact", { gender: "female", province: "casablanca" })).toBe("not_eligible");
    expect(verdict("sil-al-montija", { gender: "female", province: "safi", area: "rural", locality: "ouled salmane" })).toBe("eligible");
    expect(verdict("sil-al-montija", { gender: "female", province: "safi", area: "urban" })).toBe("not_eligible");
    expect(verdict("prix-lalla-al-moutaaouina", { province: "taroudant", organizationType: "cooperative", organizationWomenLed: true })).toBe("eligible");
    expect(verdict("prix-lalla-al-moutaaouina", { province: "taroudant", organizationType: "cooperative", organizationWomenLed: false })).toBe("not_eligible");
    expect(verdict("mourafaka", { province: "taroudant", organizationType: "cooperative" })).toBe("unknown");
    expect(verdict("minassati-khouribga", { age: 40, organizationType: "association", sector: "education" })).toBe("unknown");
    expect(verdict("phosboucraa-learning-center", { province: "oued-ed-dahab" })).toBe("unknown");
    expect(verdict("phosboucraa-learning-center", { province: "khouribga" })).toBe("not_eligible");
  });
});
