import { PROVINCES, REGIONS } from "../../bot/geography/index.ts";
import { AREAS, GENDERS, ORGANIZATION_TYPES, SECTORS, STATUSES } from "../../bot/eligibility/types.ts";
import type { Condition, LocalizedText, Profile, ProfileField, RuledProgram } from "../../bot/eligibility/types.ts";

/**
 * Synthetic programmes shaped like the real catalogue (youth platforms by province,
 * women's programmes, OFPPT pilots, cooperatives, programmes abroad, vague sources),
 * from a seeded generator so tests and the benchmark are reproducible.
 */

/** mulberry32: a small seeded generator, good enough for test data. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const some = <T>(random: Random, list: readonly T[], max: number): T[] => {
  const count = 1 + Math.floor(random() * max);
  return [...new Set(Array.from({ length: count }, () => pick(random, list)))];
};
const integer = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

const text = (fr: string): LocalizedText => ({ fr, ar: `${fr} (ar)`, ary: `${fr} (ary)` });
const unsure = (): Condition => ({ unsure: text("Pas encore sûr : demandez à la plateforme.") });
const PROVINCE_SLUGS = PROVINCES.map((province) => province.slug);
const REGION_SLUGS = REGIONS.map((region) => region.slug);
export const LOCALITIES = ["Oued Zem", "Boujniba", "Bouizate", "Ouled Salmane", "Hattane"];

const TEMPLATES: ((random: Random) => Condition)[] = [
  // A youth platform: young people of some provinces, or young organisations in some sectors.
  (random) => ({
    any: [
      { all: [{ field: "age", min: 18, max: integer(random, 29, 40) }, { field: "province", in: some(random, PROVINCE_SLUGS, 3) }] },
      {
        all: [
          { field: "organizationType", in: some(random, ["cooperative", "association", "company"], 3) },
          { field: "organizationAgeYears", max: integer(random, 1, 5) },
          { field: "sector", in: some(random, SECTORS, 4) },
          ...(random() < 0.5 ? [unsure()] : []),
        ],
      },
    ],
  }),
  // Women of a region or of some provinces.
  (random) => ({
    all: [
      { field: "gender", in: ["female"] },
      random() < 0.5 ? { field: "region", in: some(random, REGION_SLUGS, 2) } : { field: "province", in: some(random, PROVINCE_SLUGS, 2) },
      { field: "age", min: integer(random, 16, 20), max: integer(random, 30, 45) },
    ],
  }),
  // An OFPPT pilot: trainees (graduates not sure) in some regions.
  (random) => ({
    all: [
      { any: [{ field: "status", in: ["ofppt_trainee"] }, { all: [{ field: "status", in: ["ofppt_graduate"] }, unsure()] }] },
      { any: [{ field: "region", in: some(random, REGION_SLUGS, 3) }, { field: "province", in: some(random, PROVINCE_SLUGS, 1) }] },
    ],
  }),
  // Cooperatives, sometimes women-led, sometimes rural.
  (random) => ({
    all: [
      { field: "country", in: ["MA"] },
      { field: "organizationType", in: ["cooperative"] },
      ...(random() < 0.5 ? [{ field: "organizationWomenLed" as const, equals: true }] : []),
      ...(random() < 0.5 ? [{ field: "area" as const, in: ["rural"] }] : []),
    ],
  }),
  // Abroad: young women of other countries.
  (random) => ({ all: [{ field: "gender", in: ["female"] }, { field: "country", in: some(random, ["CI", "SN", "TN"], 2) }, { field: "age", min: 18, max: 35 }] }),
  // Douars of one province, with a vague source.
  (random) => ({
    all: [
      { field: "province", in: [pick(random, PROVINCE_SLUGS)] },
      { any: [{ field: "locality", in: some(random, LOCALITIES, 2) }, unsure()] },
      { field: "area", in: [pick(random, AREAS)] },
    ],
  }),
  // Status and sector, e.g. students in digital projects.
  (random) => ({
    all: [
      { field: "status", in: some(random, STATUSES, 2) },
      { any: [{ field: "sector", in: some(random, SECTORS, 3) }, { field: "organizationType", in: ["none"] }] },
      ...(random() < 0.3 ? [{ field: "gender" as const, in: [pick(random, GENDERS)] }] : []),
    ],
  }),
  // Only a vague source: never decided by answers.
  () => ({ all: [{ field: "country", in: ["MA"] }, unsure()] }),
];

export function syntheticPrograms(count: number, seed = 1): RuledProgram[] {
  const random = seeded(seed);
  return Array.from({ length: count }, (_, index) => ({
    id: `synthetic-${index}`,
    rulesVersion: 1,
    rules: (TEMPLATES[index % TEMPLATES.length] as (random: Random) => Condition)(random),
  }));
}

/** A random answer to a question, from the field's whole domain. */
export function randomAnswer(field: ProfileField, random: Random): unknown {
  switch (field) {
    case "age":
      return integer(random, 12, 60);
    case "organizationAgeYears":
      return integer(random, 0, 12);
    case "organizationWomenLed":
      return random() < 0.5;
    case "gender":
      return pick(random, GENDERS);
    case "area":
      return pick(random, AREAS);
    case "status":
      return pick(random, STATUSES);
    case "organizationType":
      return pick(random, ORGANIZATION_TYPES);
    case "sector":
      return pick(random, SECTORS);
    case "province":
      return pick(random, PROVINCE_SLUGS);
    case "region":
      return pick(random, REGION_SLUGS);
    case "country":
      return pick(random, ["MA", "CI", "SN", "TN", "FR"]);
    case "locality":
      return pick(random, [...LOCALITIES, "Somewhere else"]);
  }
}

/** A full profile: every field answered. */
export const FULL_PROFILE: Profile = {
  age: 24,
  gender: "female",
  province: "khouribga",
  region: "beni-mellal-khenifra",
  country: "MA",
  locality: "Oued Zem",
  area: "urban",
  status: "ofppt_trainee",
  organizationType: "cooperative",
  organizationAgeYears: 1,
  organizationWomenLed: true,
  sector: "education",
};

/** Every field a rule tests (the bound on how many questions the chat may ask). */
export function fieldsUsed(condition: Condition, out = new Set<ProfileField>()): Set<ProfileField> {
  if ("all" in condition) for (const child of condition.all) fieldsUsed(child, out);
  else if ("any" in condition) for (const child of condition.any) fieldsUsed(child, out);
  else if ("field" in condition) out.add(condition.field);
  return out;
}
