import { PROVINCES, REGIONS } from "../geography/index.ts";
import { UNKNOWN, type Compiled } from "./compile.ts";
import { normalizePlace } from "./normalize.ts";
import { viewWith, type ProfileView } from "./profile.ts";
import { truth } from "./tree.ts";
import { AREAS, GENDERS, ORGANIZATION_TYPES, SECTORS, STATUSES, type ProfileField } from "./types.ts";

/**
 * How many of `programs` (all still unknown) an answer to `field` decides, on average
 * over the answers a person could give: every value of a closed list (every province,
 * every status…), both booleans, and for numbers the values around each threshold
 * (min-1, min, max, max+1). Each answer is simulated through the rules.
 *
 * For lists, a programme tells apart only the values its rules name: all the others
 * behave alike for it, so each programme is simulated once per value it names plus once
 * for "any other value" (weighted by how many those are): a few simulations per
 * programme rather than 75 for a province.
 */
export function expectedSettled(base: ProfileView, field: ProfileField, programs: readonly Compiled[]): number {
  const views = new Map<unknown, unknown[]>();
  const viewFor = (value: unknown) => {
    let values = views.get(value);
    if (values === undefined) {
      values = viewWith(base, field, value).values;
      views.set(value, values);
    }
    return values;
  };
  const settled = (rules: Compiled, value: unknown) => (truth(rules.root, viewFor(value)) === UNKNOWN ? 0 : 1);

  if (field === "age" || field === "organizationAgeYears" || field === "organizationWomenLed") {
    const answers = field === "organizationWomenLed" ? [true, false] : thresholdAnswers(field, programs);
    if (answers.length === 0) return 0;
    let total = 0;
    for (const value of answers) for (const rules of programs) total += settled(rules, value);
    return total / answers.length;
  }

  const domain = domainOf(field, programs);
  const inDomain = new Set(domain);
  let total = 0;
  for (const rules of programs) {
    const named = field === "province" ? rules.provinces : field === "region" ? rules.regions : (rules.listed.get(field) ?? EMPTY);
    let count = 0;
    for (const value of named) {
      if (!inDomain.has(value)) continue; // a value no answer can take (checkRules reports it)
      count += 1;
      total += settled(rules, value);
    }
    const others = domain.length - count;
    if (others > 0) {
      const other = domain.find((value) => !named.has(value)) as string;
      total += others * settled(rules, other);
    }
  }
  return total / domain.length;
}

const EMPTY: ReadonlySet<string> = new Set();
const ENUMS: Partial<Record<ProfileField, readonly string[]>> = { gender: GENDERS, area: AREAS, status: STATUSES, organizationType: ORGANIZATION_TYPES, sector: SECTORS };
const PROVINCE_SLUGS = PROVINCES.map((province) => province.slug);
const REGION_SLUGS = REGIONS.map((region) => region.slug);
/** A country and a place no rule names. */
const ELSEWHERE_COUNTRY = "zz";
const ELSEWHERE_PLACE = "other";

/** Normalised answers (lowercase; localities as normalizePlace gives them). */
function domainOf(field: ProfileField, programs: readonly Compiled[]): readonly string[] {
  if (field === "province") return PROVINCE_SLUGS;
  if (field === "region") return REGION_SLUGS;
  const known = ENUMS[field];
  if (known !== undefined) return known;
  // Open fields: what the rules name, plus one answer none of them names.
  const named = new Set<string>();
  for (const rules of programs) for (const value of rules.listed.get(field) ?? EMPTY) named.add(value);
  if (field === "country") {
    named.add("ma");
    named.add(ELSEWHERE_COUNTRY);
  } else {
    let elsewhere = ELSEWHERE_PLACE;
    while (named.has(normalizePlace(elsewhere))) elsewhere += " place";
    named.add(elsewhere);
  }
  return [...named];
}

function thresholdAnswers(field: "age" | "organizationAgeYears", programs: readonly Compiled[]): number[] {
  const values = new Set<number>();
  for (const rules of programs) for (const value of rules.thresholds.get(field) ?? []) if (value >= 0) values.add(value);
  return [...values];
}
