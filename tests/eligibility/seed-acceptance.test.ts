import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../bot/i18n.ts";
import { checkRules, evaluateAll, nextQuestion, renderReason } from "../../bot/eligibility/index.ts";
import type { Condition, Profile, ProfileField, RuledProgram } from "../../bot/eligibility/index.ts";
import { conditionSchema } from "../../bot/eligibility/schema.ts";
import { fieldsUsed, randomAnswer, seeded } from "./synthetic.ts";

/** Issue 6's acceptance, on the real seed catalogue (bot/programs/seed.json). */
const raw = JSON.parse(readFileSync(new URL("../../bot/programs/seed.json", import.meta.url), "utf8")) as { id: string; rules: unknown }[];
const catalogue: RuledProgram[] = raw.map((program) => ({ id: program.id, rulesVersion: 1, rules: conditionSchema.parse(program.rules) }));
const translator = createTranslator();

const verdicts = (profile: Profile) => new Map(evaluateAll(profile, catalogue).results.map((result) => [result.programId, result]));
const young: Profile = { age: 24, gender: "male", province: "khouribga", organizationType: "none" };

describe("the seed catalogue", () => {
  it("has rules that pass the semantic checks", () => {
    for (const program of catalogue) expect(checkRules(program.rules), program.id).toEqual([]);
  });

  it("holds the programmes the issue names", () => {
    const ids = catalogue.map((program) => program.id);
    for (const id of ["minassati-khouribga", "ofppt-pie", "sil-al-montija", "sil-wec-khouribga", "sil-femmpact", "mourafaka", "prix-lalla-al-moutaaouina", "phosboucraa-learning-center"]) {
      expect(ids).toContain(id);
    }
  });

  it("finds a 24-year-old man from Khouribga with no organisation eligible for Minassati", () => {
    expect(verdicts(young).get("minassati-khouribga")?.verdict).toBe("eligible");
  });

  it.each(["sil-wec-khouribga", "ofppt-pie", "mourafaka"])("finds him not eligible for %s, with a reason in every language", (id) => {
    const result = verdicts(young).get(id);
    expect(result?.verdict).toBe("not_eligible");
    expect(result?.reasons.length).toBeGreaterThan(0);
    for (const lang of ["fr", "ar", "ary"] as const) {
      for (const reason of result?.reasons ?? []) expect(renderReason(reason, translator.forLang(lang), lang)).not.toMatch(/eligibility:|\{\{/);
    }
  });

  it("finds him not eligible for Minassati at 37, and the reason says it is his age", () => {
    const result = verdicts({ ...young, age: 37 }).get("minassati-khouribga");
    expect(result?.verdict).toBe("not_eligible");
    expect(result?.reasons).toContainEqual(expect.objectContaining({ kind: "range", field: "age", met: false, value: 37 }));
    const texts = (result?.reasons ?? []).map((reason) => renderReason(reason, translator.forLang("fr"), "fr"));
    expect(texts).toContain("Vous avez 37 ans\u00a0: ce programme est pour les 18 à 35 ans.");
  });

  it("gives every programme `unknown` for an empty profile, with a next question", () => {
    const { results, nextQuestion: next } = evaluateAll({}, catalogue);
    expect(results.every((result) => result.verdict === "unknown")).toBe(true);
    expect(next).not.toBeNull();
  });

  it("decides everything decidable within as many questions as the rules use fields, whatever the answers", () => {
    const bound = new Set(catalogue.flatMap((program) => [...fieldsUsed(program.rules as Condition)])).size;
    for (let seed = 1; seed <= 30; seed += 1) {
      const random = seeded(seed);
      let profile: Profile = {};
      const asked: ProfileField[] = [];
      for (let field = nextQuestion(profile, catalogue); field !== null; field = nextQuestion(profile, catalogue)) {
        expect(asked).not.toContain(field);
        asked.push(field);
        profile = { ...profile, [field]: randomAnswer(field, random) };
      }
      expect(asked.length).toBeLessThanOrEqual(bound);
      for (const result of evaluateAll(profile, catalogue).results) expect(result.missing, `${result.programId} after ${asked.join(", ")}`).toEqual([]);
    }
  });
});
