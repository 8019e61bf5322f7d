import { describe, expect, it } from "vitest";
import { completeProfile, evaluate, evaluateAll } from "../../bot/eligibility/index.ts";
import type { Condition, LocalizedText, Profile, RuledProgram } from "../../bot/eligibility/index.ts";
import { syntheticPrograms } from "./synthetic.ts";

const text = (fr: string): LocalizedText => ({ fr, ar: `${fr} ar`, ary: `${fr} ary` });
const program = (rules: Condition, id = "p"): RuledProgram => ({ id, rulesVersion: 3, rules });
const verdictOf = (profile: Profile, rules: Condition) => evaluate(profile, program(rules));

const age = { field: "age", min: 18, max: 35 } satisfies Condition;
const khouribga: Condition = { field: "province", in: ["khouribga"] };
const women: Condition = { field: "gender", in: ["female"] };
const vague = { unsure: text("Pas encore sûr") } satisfies Condition;

describe("three-valued logic", () => {
  it("makes an all true when every child is true, false when one is false, unknown otherwise", () => {
    const rules = { all: [age, khouribga] };
    expect(verdictOf({ age: 24, province: "khouribga" }, rules).verdict).toBe("eligible");
    expect(verdictOf({ age: 37, province: "khouribga" }, rules).verdict).toBe("not_eligible");
    expect(verdictOf({ age: 24 }, rules).verdict).toBe("unknown");
    expect(verdictOf({ age: 37 }, rules).verdict).toBe("not_eligible");
  });

  it("makes an any true when one child is true, false when all are false, unknown otherwise", () => {
    const rules = { any: [age, khouribga] };
    expect(verdictOf({ age: 24 }, rules).verdict).toBe("eligible");
    expect(verdictOf({ age: 37, province: "safi" }, rules).verdict).toBe("not_eligible");
    expect(verdictOf({ age: 37 }, rules).verdict).toBe("unknown");
  });

  it("never decides an unsure leaf, but lets the rest of the rule decide", () => {
    expect(verdictOf({ age: 24 }, { all: [age, vague] }).verdict).toBe("unknown");
    expect(verdictOf({ age: 37 }, { all: [age, vague] }).verdict).toBe("not_eligible");
    expect(verdictOf({ age: 24 }, { any: [age, vague] }).verdict).toBe("eligible");
    expect(verdictOf({ age: 37 }, { any: [age, vague] }).verdict).toBe("unknown");
  });

  it("treats an empty all as met and an empty any as not met (checkRules refuses both)", () => {
    expect(verdictOf({}, { all: [] }).verdict).toBe("eligible");
    expect(verdictOf({}, { any: [] }).verdict).toBe("not_eligible");
  });

  it("copies the programme id and rules version into the verdict", () => {
    const result = evaluate({ age: 24 }, program(age, "minassati"));
    expect(result).toMatchObject({ programId: "minassati", rulesVersion: 3, verdict: "eligible" });
  });

  it("gives every programme `unknown` for an empty profile (the country is not assumed)", () => {
    const programs = syntheticPrograms(40);
    const { results, nextQuestion } = evaluateAll({}, programs);
    expect(results.map((result) => result.verdict)).toEqual(programs.map(() => "unknown"));
    expect(nextQuestion).not.toBeNull();
  });

  it("gives the same verdicts one by one as all together, in the programmes' order", () => {
    const programs = syntheticPrograms(40, 7);
    const profile: Profile = { age: 30, gender: "female", province: "safi", status: "ofppt_trainee" };
    const { results } = evaluateAll(profile, programs);
    expect(results).toEqual(programs.map((item) => evaluate(profile, item)));
  });

  it("reads new rules when staff replace a programme's rules object", () => {
    const before = program({ all: [age] });
    const after = { ...before, rulesVersion: 4, rules: { all: [{ field: "age", min: 18, max: 40 }] } satisfies Condition };
    expect(evaluate({ age: 37 }, before).verdict).toBe("not_eligible");
    expect(evaluate({ age: 37 }, after)).toMatchObject({ verdict: "eligible", rulesVersion: 4 });
  });
});

describe("reasons", () => {
  it("cites only the failing leaves of a not-eligible verdict", () => {
    const result = verdictOf({ age: 37, gender: "male", province: "khouribga" }, { all: [age, khouribga, women] });
    expect(result.reasons).toEqual([
      { kind: "range", field: "age", met: false, value: 37, min: 18, max: 35 },
      { kind: "in", field: "gender", met: false, value: "male", expected: ["female"] },
    ]);
    expect(result.missing).toEqual([]);
  });

  it("cites every branch of an any that failed", () => {
    const result = verdictOf({ age: 37, organizationType: "none" }, { any: [age, { field: "organizationType", in: ["cooperative"] }] });
    expect(result.reasons.map((reason) => reason.kind === "unsure" ? "unsure" : reason.field)).toEqual(["age", "organizationType"]);
  });

  it("cites the satisfied leaves of the branch that made it eligible, not the others", () => {
    const rules = { any: [{ all: [age, khouribga] }, { field: "organizationType", in: ["cooperative"] }, women] } satisfies Condition;
    const result = verdictOf({ age: 24, province: "khouribga", gender: "female", organizationType: "cooperative" }, rules);
    expect(result.verdict).toBe("eligible");
    expect(result.reasons).toEqual([
      { kind: "range", field: "age", met: true, value: 24, min: 18, max: 35 },
      { kind: "in", field: "province", met: true, value: "khouribga", expected: ["khouribga"] },
    ]);
  });

  it("cites the unsure leaves and what is met so far for an unknown verdict", () => {
    const result = verdictOf({ age: 24 }, { all: [age, vague, khouribga] });
    expect(result.verdict).toBe("unknown");
    expect(result.reasons).toEqual([
      { kind: "range", field: "age", met: true, value: 24, min: 18, max: 35 },
      { kind: "unsure", text: vague.unsure },
    ]);
    expect(result.missing).toEqual(["province"]);
  });

  it("copies a leaf's `because` into its reason", () => {
    const because = text("Minassati est pour les 18 à 35 ans.");
    const result = verdictOf({ age: 40 }, { all: [{ ...age, because }] });
    expect(result.reasons).toEqual([{ kind: "range", field: "age", met: false, value: 40, min: 18, max: 35, because }]);
  });

  it("lets a combinator's `because` speak for its whole subtree with one reason", () => {
    const because = text("Pour les structures récentes de l'éducation.");
    const rules = { all: [{ all: [{ field: "organizationType", in: ["cooperative"] }, { field: "sector", in: ["education"] }], because }] } satisfies Condition;
    const result = verdictOf({ organizationType: "company", sector: "digital" }, rules);
    expect(result.reasons).toHaveLength(1);
    expect(result.reasons[0]).toMatchObject({ kind: "in", field: "organizationType", because });
  });
});

describe("missing fields", () => {
  it("lists every field of an undecided rule", () => {
    expect(verdictOf({}, { all: [age, khouribga] }).missing).toEqual(["age", "province"]);
  });

  it("is empty once the verdict is decided, even with fields unanswered", () => {
    expect(verdictOf({ province: "safi" }, { all: [age, khouribga] }).missing).toEqual([]);
    expect(verdictOf({ age: 20 }, { any: [age, khouribga] }).missing).toEqual([]);
  });

  it("is empty when only an unsure leaf holds the verdict back", () => {
    expect(verdictOf({ age: 24 }, { all: [age, vague] }).missing).toEqual([]);
  });

  it("leaves out a field that can only help a branch an unsure leaf blocks", () => {
    // all[vague, any[vague, age]]: the any can never be false, the all never true.
    expect(verdictOf({}, { all: [vague, { any: [vague, age] }] }).missing).toEqual([]);
    // all[vague, age]: a wrong age still makes it not eligible.
    expect(verdictOf({}, { all: [vague, age] }).missing).toEqual(["age"]);
  });

  it("keeps a field that matters only together with another answer", () => {
    // any[all[vague, age], province]: after "not Khouribga", a wrong age decides it.
    expect(verdictOf({}, { any: [{ all: [vague, age] }, khouribga] }).missing).toEqual(["age", "province"]);
  });
});

describe("derived fields", () => {
  it("derives the region and the country from a province", () => {
    expect(completeProfile({ province: "khouribga" })).toEqual({ province: "khouribga", region: "beni-mellal-khenifra", country: "MA" });
  });

  it("derives the country from a Moroccan region", () => {
    expect(completeProfile({ region: "souss-massa" })).toEqual({ region: "souss-massa", country: "MA" });
  });

  it("assumes nothing for an empty profile and returns the same object when nothing is derived", () => {
    const empty: Profile = {};
    expect(completeProfile(empty)).toBe(empty);
    const abroad: Profile = { country: "SN", age: 22 };
    expect(completeProfile(abroad)).toBe(abroad);
  });

  it("lets the province win over a region or country that contradicts it", () => {
    expect(completeProfile({ province: "safi", region: "souss-massa", country: "SN" })).toMatchObject({ region: "marrakech-safi", country: "MA" });
  });

  it("writes the country code in capitals", () => {
    expect(completeProfile({ country: "sn" }).country).toBe("SN");
  });

  it("matches a region rule from the province", () => {
    expect(verdictOf({ province: "khouribga" }, { field: "region", in: ["beni-mellal-khenifra"] }).verdict).toBe("eligible");
  });

  it("matches a country rule from a Moroccan province", () => {
    const femmpact = { all: [women, { field: "country", in: ["CI", "SN"] }] } satisfies Condition;
    const result = verdictOf({ province: "khouribga" }, femmpact);
    expect(result.verdict).toBe("not_eligible");
    expect(result.reasons).toEqual([{ kind: "in", field: "country", met: false, value: "MA", expected: ["CI", "SN"] }]);
  });

  it("rules out a province rule from the region when no listed province lies in it", () => {
    const result = verdictOf({ region: "souss-massa" }, khouribga);
    expect(result.verdict).toBe("not_eligible");
    expect(result.reasons).toEqual([{ kind: "in", field: "province", met: false, value: "souss-massa", expected: ["khouribga"], derivedFrom: "region" }]);
    expect(verdictOf({ region: "beni-mellal-khenifra" }, khouribga)).toMatchObject({ verdict: "unknown", missing: ["province"] });
  });

  it("rules out Moroccan places for someone living abroad", () => {
    const result = verdictOf({ country: "SN" }, { any: [khouribga, { field: "region", in: ["oriental"] }] });
    expect(result.verdict).toBe("not_eligible");
    expect(result.reasons.map((reason) => reason.kind === "in" && reason.derivedFrom)).toEqual(["country", "country"]);
  });
});

describe("matching values", () => {
  it("compares lists without regard to case", () => {
    expect(verdictOf({ country: "ci" }, { field: "country", in: ["CI"] }).verdict).toBe("eligible");
    expect(verdictOf({ gender: "female" }, { field: "gender", in: ["Female"] }).verdict).toBe("eligible");
  });

  it("compares localities without accents, hyphens or Arabic spelling variants", () => {
    const rules = { field: "locality", in: ["Oued-Zem", "أولاد سلمان"] } satisfies Condition;
    expect(verdictOf({ locality: "oued zém" }, rules).verdict).toBe("eligible");
    expect(verdictOf({ locality: "  OUED   ZEM " }, rules).verdict).toBe("eligible");
    expect(verdictOf({ locality: "اولاد سلمان" }, rules).verdict).toBe("eligible");
    expect(verdictOf({ locality: "Khouribga" }, rules).verdict).toBe("not_eligible");
  });

  it("quotes the person's own spelling in the reason", () => {
    const result = verdictOf({ locality: "Oued Zém" }, { field: "locality", in: ["oued-zem"] });
    expect(result.reasons[0]).toMatchObject({ value: "Oued Zém", met: true });
  });

  it("treats bounds as inclusive", () => {
    expect(verdictOf({ age: 18 }, age).verdict).toBe("eligible");
    expect(verdictOf({ age: 35 }, age).verdict).toBe("eligible");
    expect(verdictOf({ age: 36 }, age).verdict).toBe("not_eligible");
    expect(verdictOf({ organizationAgeYears: 0.5 }, { field: "organizationAgeYears", max: 2 }).verdict).toBe("eligible");
  });

  it("tests a boolean field for equality", () => {
    const rules = { field: "organizationWomenLed", equals: true } satisfies Condition;
    expect(verdictOf({ organizationWomenLed: true }, rules).verdict).toBe("eligible");
    expect(verdictOf({ organizationWomenLed: false }, rules)).toMatchObject({
      verdict: "not_eligible",
      reasons: [{ kind: "equals", field: "organizationWomenLed", met: false, value: false, expected: true }],
    });
  });

  it("does not crash on answers no rule can match (the chat marks skipped questions so)", () => {
    const profile = { age: -1, province: "unsaid", organizationWomenLed: "unsaid" } as unknown as Profile;
    const result = verdictOf(profile, { all: [age, khouribga, { field: "organizationWomenLed", equals: true }] });
    expect(result.verdict).toBe("not_eligible");
  });
});
