import { describe, expect, it } from "vitest";
import { checkRules } from "../../bot/eligibility/index.ts";
import type { Condition } from "../../bot/eligibility/index.ts";

const text = { fr: "Pas encore sûr", ar: "غير متأكد", ary: "ماشي متأكدين" };
const check = (rules: unknown) => checkRules(rules as Condition);

describe("checkRules", () => {
  it("accepts well-formed rules", () => {
    expect(
      check({
        any: [
          { all: [{ field: "age", min: 18, max: 35 }, { field: "province", in: ["khouribga"] }] },
          { all: [{ field: "organizationType", in: ["cooperative", "association"] }, { field: "organizationWomenLed", equals: true }, { unsure: text }] },
          { field: "country", in: ["CI", "SN"], because: text },
          { field: "locality", in: ["Oued Zem"] },
        ],
      }),
    ).toEqual([]);
  });

  it("names a misspelt province slug by its path and suggests the right one", () => {
    expect(check({ any: [{ field: "province", in: ["safi", "khourigba"] }] })).toEqual([
      'rules.any[0].in[1]: "khourigba" is not a province slug (did you mean "khouribga"?)',
    ]);
  });

  it("refuses a region slug that does not exist", () => {
    expect(check({ field: "region", in: ["beni-mellal"] })[0]).toMatch(/^rules\.in\[0\]: "beni-mellal" is not a region slug/);
  });

  it("refuses values outside the closed lists: status, gender, organisation type, area, sector", () => {
    const problems = check({
      all: [
        { field: "status", in: ["trainee"] },
        { field: "gender", in: ["woman"] },
        { field: "organizationType", in: ["ngo"] },
        { field: "area", in: ["city"] },
        { field: "sector", in: ["fintech"] },
      ],
    });
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/^rules\.all\[0\]\.in\[0\]: "trainee" is not a status/);
    expect(problems[1]).toMatch(/^rules\.all\[1\]\.in\[0\]: "woman" is not a gender \(female or male\)/);
  });

  it("refuses a country that is not an ISO code in capitals", () => {
    expect(check({ field: "country", in: ["Senegal"] })).toEqual(['rules.in[0]: "Senegal" is not an ISO 3166-1 alpha-2 country code in capitals, such as MA or SN']);
  });

  it("refuses min above max, a range without bounds and implausible ages", () => {
    expect(check({ field: "age", min: 40, max: 35 })).toEqual(["rules: min 40 is greater than max 35, so nobody can meet it"]);
    expect(check({ field: "age" })).toEqual(['rules: a range on "age" needs min or max']);
    expect(check({ field: "age", max: 350 })).toEqual(["rules.max: 350 is not a plausible age (0 to 120)"]);
  });

  it("refuses empty all, any and in lists", () => {
    expect(check({ all: [] })).toEqual(['rules.all: is empty (an empty "all" is always met; add conditions or remove it)']);
    expect(check({ any: [{ any: [] }] })).toEqual(['rules.any[0].any: is empty (an empty "any" is never met; add conditions or remove it)']);
    expect(check({ field: "gender", in: [] })).toEqual(["rules.in: is empty, so nobody can meet it"]);
  });

  it("refuses a test that can never be met inside an all", () => {
    expect(check({ all: [{ field: "gender", in: ["female"] }, { field: "gender", in: ["male"] }] })).toEqual([
      'rules.all: no "gender" can be in every list at once, so nobody can meet it',
    ]);
    expect(check({ all: [{ field: "age", min: 30 }, { field: "age", max: 25 }] })).toEqual(['rules.all: "age" must be at least 30 and at most 25, so nobody can meet it']);
  });

  it("reports values listed twice, unknown fields and unexpected keys", () => {
    expect(check({ field: "province", in: ["safi", "Safi"] })).toContain('rules.in[1]: "Safi" is listed twice');
    expect(check({ field: "income", in: ["low"] })).toEqual(['rules.field: "income" is not a profile field a rule can test']);
    expect(check({ field: "age", min: 18, in: ["x"] })).toContain("rules.in: is not expected here");
    expect(check({ field: "organizationWomenLed", equals: "yes" })).toEqual(["rules.equals: must be true or false"]);
  });

  it("asks for unsure and because texts in the three languages", () => {
    expect(check({ unsure: { fr: "Pas sûr", ar: "" } })).toEqual(["rules.unsure.ar: is missing", "rules.unsure.ary: is missing"]);
    expect(check({ field: "age", min: 18, because: { fr: "x", ar: "y", ary: "z", en: "w" } })).toEqual(["rules.because.en: is not expected here"]);
  });

  it("does not throw on input that is not a condition at all", () => {
    expect(check(null)).toHaveLength(1);
    expect(check({ all: "age" })).toEqual(['rules.all: must be a list of conditions']);
    expect(check({ foo: 1 })[0]).toMatch(/^rules: expected/);
  });

  it("refuses rules nested too deeply", () => {
    let rules: unknown = { field: "age", min: 18 };
    for (let depth = 0; depth < 20; depth += 1) rules = { all: [rules] };
    expect(check(rules).some((problem) => problem.includes("nested too deeply"))).toBe(true);
  });
});
