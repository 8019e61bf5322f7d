import { describe, expect, it } from "vitest";
import { completeProfile, evaluate, evaluateAll, nextQuestion } from "../../bot/eligibility/index.ts";
import type { Condition, LocalizedText, Profile, ProfileField, RuledProgram } from "../../bot/eligibility/index.ts";
import { fieldsUsed, randomAnswer, seeded, syntheticPrograms, type Random } from "./synthetic.ts";

const text = (fr: string): LocalizedText => ({ fr, ar: fr, ary: fr });
const programs = (...rules: Condition[]): RuledProgram[] => rules.map((item, index) => ({ id: `p${index}`, rulesVersion: 1, rules: item }));
const age = { field: "age", min: 18, max: 35 } satisfies Condition;
const vague = { unsure: text("Pas encore sûr") } satisfies Condition;

describe("nextQuestion", () => {
  it("asks the province first when it settles the most (a youth platform, a women's centre, a programme abroad)", () => {
    const catalogue = programs(
      { all: [age, { field: "province", in: ["khouribga"] }] },
      { all: [{ field: "gender", in: ["female"] }, { field: "province", in: ["khouribga"] }] },
      { all: [{ field: "gender", in: ["female"] }, { field: "country", in: ["CI", "SN"] }] },
    );
    expect(nextQuestion({}, catalogue)).toBe("province");
  });

  it("never proposes a field the person chose not to answer, and stops when only those are left", () => {
    const catalogue = programs({ all: [age, { field: "province", in: ["khouribga"] }] }, { field: "gender", in: ["female"] });
    expect(nextQuestion({}, catalogue, undefined, { skip: ["province"] })).not.toBe("province");
    expect(nextQuestion({ age: 24 }, catalogue, undefined, { skip: ["province", "gender"] })).toBeNull();
  });

  it("asks the field that settles the most programmes on average", () => {
    const catalogue = programs(
      { field: "status", in: ["ofppt_trainee"] },
      { field: "status", in: ["student"] },
      { all: [{ field: "status", in: ["unemployed"] }, age] },
      age,
    );
    expect(nextQuestion({}, catalogue)).toBe("status");
    // A yes to "ofppt_trainee" settles programme 0; age settles only the last one.
    expect(nextQuestion({ status: "unemployed" }, catalogue)).toBe("age");
  });

  it("breaks ties in a fixed order: province, then age, then gender…", () => {
    expect(nextQuestion({}, programs({ field: "gender", in: ["female"] }, age))).toBe("age");
    expect(nextQuestion({}, programs({ field: "gender", in: ["female"] }, { field: "province", in: ["safi"] }))).toBe("province");
  });

  it("never asks a field already answered, and returns null when everything is decided", () => {
    const catalogue = programs({ all: [age, { field: "gender", in: ["female"] }] });
    expect(nextQuestion({ age: 24 }, catalogue)).toBe("gender");
    expect(nextQuestion({ age: 24, gender: "male" }, catalogue)).toBeNull();
  });

  it("returns null when only unsure leaves hold verdicts back", () => {
    expect(nextQuestion({ age: 24 }, programs({ all: [age, vague] }))).toBeNull();
    expect(nextQuestion({}, programs({ all: [vague, { any: [vague, age] }] }))).toBeNull();
  });

  it("asks the province for a region or country rule, never the region or the country", () => {
    expect(nextQuestion({}, programs({ field: "region", in: ["souss-massa"] }))).toBe("province");
    expect(nextQuestion({}, programs({ field: "country", in: ["SN"] }))).toBe("province");
    expect(nextQuestion({ province: "safi" }, programs({ field: "region", in: ["souss-massa"] }))).toBeNull();
  });

  it("asks the province when only the region is known and a province rule still needs it", () => {
    const catalogue = programs({ field: "province", in: ["khouribga"] });
    expect(nextQuestion({ region: "beni-mellal-khenifra" }, catalogue)).toBe("province");
    expect(nextQuestion({ region: "souss-massa" }, catalogue)).toBeNull();
  });

  it("asks nothing about Moroccan places of someone living abroad", () => {
    const catalogue = programs({ all: [{ field: "province", in: ["khouribga"] }, age] }, { all: [{ field: "country", in: ["SN"] }, age] });
    expect(nextQuestion({ country: "SN" }, catalogue)).toBe("age");
  });

  it("asks the country only when no province can be given (an answer that is not a province)", () => {
    const profile = { province: "unsaid" } as unknown as Profile;
    expect(nextQuestion(profile, programs({ field: "country", in: ["SN"] }))).toBe("country");
  });

  it("still asks when answers only decide together (age and gender in two branches)", () => {
    const catalogue = programs({
      any: [
        { all: [{ field: "age", min: 18 }, { field: "gender", in: ["female"] }] },
        { all: [{ field: "age", max: 17 }, { field: "status", in: ["student"] }] },
      ],
    });
    expect(nextQuestion({}, catalogue)).toBe("age");
    expect(nextQuestion({ age: 20 }, catalogue)).toBe("gender");
  });

  it("uses verdicts given in another order than the programmes", () => {
    const catalogue = programs({ field: "gender", in: ["female"] }, age);
    const { results } = evaluateAll({}, catalogue);
    expect(nextQuestion({}, catalogue, [...results].reverse())).toBe("age");
  });

  it("agrees with evaluateAll", () => {
    const catalogue = syntheticPrograms(60, 3);
    for (const profile of [{}, { age: 24 }, { province: "safi", gender: "female" }] satisfies Profile[]) {
      const { results, nextQuestion: chosen } = evaluateAll(profile, catalogue);
      expect(chosen).toBe(nextQuestion(profile, catalogue));
      expect(nextQuestion(profile, catalogue, results)).toBe(chosen);
    }
  });
});

/**
 * The chat's loop: ask what nextQuestion says, answer at random, until it says null.
 * Ends within as many questions as the rules use fields, never asks twice, and leaves
 * undecided only programmes that no answers at all could decide.
 */
describe("answering whatever nextQuestion asks", () => {
  function converse(catalogue: readonly RuledProgram[], random: Random, start: Profile = {}) {
    let profile: Profile = start;
    const asked: ProfileField[] = [];
    for (let turn = 0; turn < 20; turn += 1) {
      const field = nextQuestion(profile, catalogue);
      if (field === null) return { profile, asked };
      expect(asked, `asked ${field} twice`).not.toContain(field);
      expect(completeProfile(profile)[field], `${field} was already known`).toBeUndefined();
      asked.push(field);
      profile = { ...profile, [field]: randomAnswer(field, random) };
    }
    throw new Error(`still asking after 20 questions: ${asked.join(", ")}`);
  }

  /** Whether any answers to the fields still open could decide a programme (sampled widely). */
  function decidable(profile: Profile, catalogue: readonly RuledProgram[], random: Random): Set<string> {
    const open = new Set<string>();
    for (let sample = 0; sample < 150; sample += 1) {
      const filled: Profile = { ...profile };
      const abroad = sample % 3 === 0 && profile.province === undefined && profile.region === undefined && profile.country === undefined;
      for (const field of ["age", "gender", "locality", "area", "status", "organizationType", "organizationAgeYears", "organizationWomenLed", "sector", "province"] as const) {
        // Someone abroad (or who said so) has no province.
        const place = field === "province" && (abroad || filled.country !== undefined);
        if (filled[field] === undefined && !place) (filled as Record<string, unknown>)[field] = randomAnswer(field, random);
      }
      if (abroad) filled.country = randomAnswer("country", random) as string;
      for (const item of catalogue) if (evaluate(filled, item).verdict !== "unknown") open.add(item.id);
    }
    return open;
  }

  const catalogues: [string, RuledProgram[]][] = [
    ["a small mixed catalogue", syntheticPrograms(8, 11)],
    ["a large synthetic catalogue", syntheticPrograms(120, 5)],
  ];

  it.each(catalogues)("%s: ends, never asks twice, decides every decidable programme (many seeds)", (_name, catalogue) => {
    const bound = new Set(catalogue.flatMap((item) => [...fieldsUsed(item.rules)])).size;
    for (let seed = 1; seed <= 25; seed += 1) {
      const random = seeded(seed);
      const { profile, asked } = converse(catalogue, random);
      expect(asked.length).toBeLessThanOrEqual(bound);
      const { results } = evaluateAll(profile, catalogue);
      const couldDecide = decidable(profile, catalogue, seeded(seed * 1000));
      for (const result of results) {
        if (result.verdict === "unknown") expect(couldDecide.has(result.programId), `${result.programId} is decidable but undecided after ${asked.join(", ")}`).toBe(false);
        expect(result.missing).toEqual([]);
      }
    }
  });

  it("works for random small catalogues too", () => {
    for (let seed = 1; seed <= 60; seed += 1) {
      const random = seeded(seed);
      const catalogue = syntheticPrograms(1 + Math.floor(random() * 6), seed + 500).map((item, index) => ({ ...item, id: `r${index}` }));
      const start: Profile = seed % 4 === 0 ? { country: "SN" } : {};
      const bound = new Set(catalogue.flatMap((item) => [...fieldsUsed(item.rules)])).size;
      const { profile, asked } = converse(catalogue, random, start);
      expect(asked.length).toBeLessThanOrEqual(bound);
      const couldDecide = decidable(profile, catalogue, seeded(seed * 77));
      for (const result of evaluateAll(profile, catalogue).results) {
        if (result.verdict === "unknown") expect(couldDecide.has(result.programId), `seed ${seed}: ${result.programId} after ${asked.join(", ")}`).toBe(false);
      }
    }
  });
});
