import { PROVINCES, REGIONS, provinceBySlug } from "../geography/index.ts";
import { UNKNOWN, type AnswerClass, type Compiled } from "./compile.ts";
import { normalizePlace } from "./normalize.ts";
import { answersWith, type ProfileView } from "./profile.ts";
import { truth } from "./tree.ts";
import { AREAS, GENDERS, ORGANIZATION_TYPES, SECTORS, STATUSES, type ProfileField } from "./types.ts";

/**
 * How many of `programs` (all still unknown) an answer to `field` decides, on average
 * over the answers a person could give: every value of a closed list (every province,
 * every status…), both booleans, and for numbers the values around each threshold the
 * rules use (min-1, min, max, max+1). Each answer is simulated through the rules.
 *
 * A programme tells apart only a few of those answers, so it is simulated once per
 * class of answers it cannot tell apart, weighted by the class's size: the 60 provinces
 * its rules do not name are one simulation, not 60; ages are classed by which of its
 * bounds they pass.
 */
export function expectedSettled(base: ProfileView, field: ProfileField, programs: readonly Compiled[]): number {
  // Simulated answers are already prepared (lowercase, localities normalised); each
  // distinct one is turned into answers once per call.
  const views = new Map<unknown, unknown[]>();
  const settled = (rules: Compiled, value: unknown): number => {
    let values = views.get(value);
    if (values === undefined) {
      values = answersWith(base, field, value);
      views.set(value, values);
    }
    return truth(rules.root, values) === UNKNOWN ? 0 : 1;
  };

  if (field === "age" || field === "organizationAgeYears") return numberSettled(field, programs, settled);
  if (field === "organizationWomenLed") {
    let total = 0;
    for (const rules of programs) total += settled(rules, true) + settled(rules, false);
    return total / 2;
  }

  const closed = CLOSED_DOMAINS.get(field);
  let total = 0;
  if (closed !== undefined) {
    for (const rules of programs) for (const { value, weight } of classesOf(rules, field, closed)) total += weight * settled(rules, value);
    return total / closed.length;
  }
  // Open fields (country, locality): what the rules name, plus one answer none names.
  const domain = openDomain(field, programs);
  for (const rules of programs) {
    const named = rules.listed.get(field) ?? EMPTY;
    for (const value of named) total += settled(rules, value);
    const others = domain.length - named.size;
    if (others > 0) total += others * settled(rules, domain.find((value) => !named.has(value)));
  }
  return total / domain.length;
}

type Settled = (rules: Compiled, value: unknown) => number;

/**
 * Numbers: the answers are the values around every threshold of the programmes asked
 * about. For one programme, an answer's class is which of its bounds it passes (how many
 * of its mins it reaches, how many of its maxes it exceeds): one simulation per class.
 */
function numberSettled(field: "age" | "organizationAgeYears", programs: readonly Compiled[], settled: Settled): number {
  const answers = new Set<number>();
  for (const rules of programs) {
    const bounds = rules.bounds.get(field);
    if (bounds === undefined) continue;
    for (const min of bounds.mins) answers.add(min - 1).add(min);
    for (const max of bounds.maxes) answers.add(max).add(max + 1);
  }
  for (const value of answers) if (value < 0) answers.delete(value);
  if (answers.size === 0) return 0;
  let total = 0;
  const byClass = new Map<number, number>();
  for (const rules of programs) {
    const bounds = rules.bounds.get(field) ?? { mins: [], maxes: [] };
    byClass.clear();
    for (const value of answers) {
      let reached = 0;
      for (const min of bounds.mins) if (value >= min) reached += 1;
      let exceeded = 0;
      for (const max of bounds.maxes) if (value > max) exceeded += 1;
      const key = reached * 1024 + exceeded;
      let outcome = byClass.get(key);
      if (outcome === undefined) {
        outcome = settled(rules, value);
        byClass.set(key, outcome);
      }
      total += outcome;
    }
  }
  return total / answers.size;
}

const EMPTY: ReadonlySet<string> = new Set();
/** Every answer a closed field can take. */
const CLOSED_DOMAINS = new Map<ProfileField, readonly string[]>([
  ["province", PROVINCES.map((province) => province.slug)],
  ["region", REGIONS.map((region) => region.slug)],
  ["gender", GENDERS],
  ["area", AREAS],
  ["status", STATUSES],
  ["organizationType", ORGANIZATION_TYPES],
  ["sector", SECTORS],
]);

/**
 * A closed field's answers grouped by what one programme's rules can see of them
 * (computed once per programme and field): for a province, whether the rules name it
 * and whether they name its region; for a region, whether they name it or one of its
 * provinces; otherwise, whether they name the value.
 */
function classesOf(rules: Compiled, field: ProfileField, domain: readonly string[]): AnswerClass[] {
  let classes = rules.answerClasses.get(field);
  if (classes !== undefined) return classes;
  const named = rules.listed.get(field) ?? EMPTY;
  const regions = rules.listed.get("region") ?? EMPTY;
  const provincesRegions = new Set([...(rules.listed.get("province") ?? EMPTY)].flatMap((slug) => provinceBySlug(slug)?.region ?? []));
  const keyOf = (value: string): string => {
    if (field === "province") {
      const region = provinceBySlug(value)?.region ?? "";
      return `${named.has(value) ? value : ""}|${regions.has(region) ? region : ""}`;
    }
    if (field === "region") return named.has(value) || provincesRegions.has(value) ? value : "";
    return named.has(value) ? value : "";
  };
  const byKey = new Map<string, AnswerClass>();
  for (const value of domain) {
    const key = keyOf(value);
    const known = byKey.get(key);
    if (known) known.weight += 1;
    else byKey.set(key, { value, weight: 1 });
  }
  classes = [...byKey.values()];
  rules.answerClasses.set(field, classes);
  return classes;
}

/** A country and a place no rule names. */
const ELSEWHERE_COUNTRY = "zz";
const ELSEWHERE_PLACE = normalizePlace("other");

function openDomain(field: ProfileField, programs: readonly Compiled[]): readonly string[] {
  const named = new Set<string>();
  for (const rules of programs) for (const value of rules.listed.get(field) ?? EMPTY) named.add(value);
  if (field === "country") {
    named.add("ma");
    named.add(ELSEWHERE_COUNTRY);
  } else {
    let elsewhere = ELSEWHERE_PLACE;
    while (named.has(elsewhere)) elsewhere += " place";
    named.add(elsewhere);
  }
  return [...named];
}
