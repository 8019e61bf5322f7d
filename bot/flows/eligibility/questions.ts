import type { Choice } from "../../core/types.ts";
import type { Condition, Profile, ProfileField } from "../../eligibility/types.ts";
import { AREAS, GENDERS, ORGANIZATION_TYPES, SECTORS, STATUSES } from "../../eligibility/types.ts";
import { placeName, provincesOf, REGIONS } from "../../geography/index.ts";
import { MAX_AGE, MIN_AGE } from "../../nlu/entities.ts";
import { asciiDigits } from "../../nlu/normalize.ts";
import { understand } from "../../nlu/understand.ts";
import { choiceWith } from "../synonyms.ts";
import type { FlowContext } from "../types.ts";
import type { Expect } from "../answers/types.ts";

/**
 * One question per profile field: its wording, its buttons (where the answers are few)
 * and how a typed answer is read. The eligibility engine decides *which* field to ask;
 * this file only knows *how* to ask it. Pure.
 */

/** Choice ids: `elig:set:<field>:<value>` answers, `elig:skip` passes on the question. */
export const ANSWER_PREFIX = "elig:set:";
export const SKIP = "elig:skip";
/** "Another country" — stored as ZZ (the CLDR code for an unknown region), never matched by a rule. */
export const OTHER_COUNTRY = "ZZ";
export const OTHER_VALUE = "other";

export function answerId(field: ProfileField, value: string | number | boolean): string {
  return `${ANSWER_PREFIX}${field}:${String(value)}`;
}

/** Reads `elig:set:<field>:<value>` back into a profile patch, or null if malformed. */
export function answerFromChoice(choiceId: string): Profile | null {
  if (!choiceId.startsWith(ANSWER_PREFIX)) return null;
  const rest = choiceId.slice(ANSWER_PREFIX.length);
  const colon = rest.indexOf(":");
  if (colon < 0) return null;
  const field = rest.slice(0, colon) as ProfileField;
  const raw = rest.slice(colon + 1);
  switch (field) {
    case "age":
    case "organizationAgeYears": {
      const value = Number(raw);
      return Number.isFinite(value) ? { [field]: value } : null;
    }
    case "organizationWomenLed":
      return raw === "true" || raw === "false" ? { organizationWomenLed: raw === "true" } : null;
    case "gender":
    case "area":
    case "status":
    case "organizationType":
    case "sector":
    case "country":
    case "region":
    case "province":
    case "locality":
      return raw === "" ? null : ({ [field]: raw } as Profile);
    default:
      return null;
  }
}

/** Every value a rule's `in` list names for a field, in rule order, without duplicates. */
function valuesNamedByRules(rules: readonly Condition[], field: ProfileField): string[] {
  const found: string[] = [];
  const visit = (condition: Condition) => {
    if ("all" in condition) condition.all.forEach(visit);
    else if ("any" in condition) condition.any.forEach(visit);
    else if ("field" in condition && condition.field === field && "in" in condition) {
      for (const value of condition.in) if (!found.includes(value)) found.push(value);
    }
  };
  rules.forEach(visit);
  return found;
}

export interface Question {
  text: string;
  choices: Choice[];
}

/** What to ask for `field`; `rules` are the still-undecided programmes' rules (for sector/locality buttons). */
export function questionFor(field: ProfileField, ctx: FlowContext, rules: readonly Condition[]): Question {
  const { t } = ctx;
  const text = t(`check:question.${field}`);
  const value = (name: string, raw: string) => t(`eligibility:value.${name}.${raw}`);
  const skip = skipChoice(ctx);
  // Each option answers to its synonyms in every language ("rajel", "homme", "رجل"): locales, `eligibility:synonyms`.
  const enumChoices = (values: readonly string[]) =>
    values.map((raw) => choiceWith(ctx, answerId(field, raw), `eligibility:value.${field}.${raw}`, `eligibility:synonyms.${field}.${raw}`));
  switch (field) {
    case "age":
    case "province":
    case "locality":
    case "organizationAgeYears": {
      // Typed answers; a few buttons where they help.
      const extra: Choice[] = [];
      if (field === "province") extra.push(choiceWith(ctx, answerId("country", OTHER_COUNTRY), "check:abroad", "check:synonyms.abroad"));
      if (field === "locality") {
        for (const place of valuesNamedByRules(rules, "locality").slice(0, 6)) extra.push({ id: answerId("locality", place), label: place });
        if (extra.length > 0) extra.push({ id: answerId("locality", OTHER_VALUE), label: t("check:otherPlace") });
      }
      if (field === "organizationAgeYears") extra.push(choiceWith(ctx, answerId(field, 0), "check:lessThanAYear", "check:synonyms.lessThanAYear"));
      return { text, choices: [...extra, skip] };
    }
    case "gender":
      return { text, choices: [...enumChoices(GENDERS), skip] };
    case "area":
      return { text, choices: [...enumChoices(AREAS), skip] };
    case "status":
      return { text, choices: [...enumChoices(STATUSES), skip] };
    case "organizationType":
      return { text, choices: [...enumChoices(ORGANIZATION_TYPES), skip] };
    case "organizationWomenLed":
      return {
        text,
        choices: [
          { id: answerId(field, true), label: t("common:yes") },
          { id: answerId(field, false), label: t("common:no") },
          skip,
        ],
      };
    case "sector": {
      // The sectors the rules care about first, then "other": nobody scrolls 19 buttons.
      const named = valuesNamedByRules(rules, "sector").filter((raw) => (SECTORS as readonly string[]).includes(raw));
      return { text, choices: [...enumChoices([...named.slice(0, 8), OTHER_VALUE]), skip] };
    }
    case "country": {
      const named = valuesNamedByRules(rules, "country").filter((code) => code !== "MA");
      const countries = ["MA", ...named.slice(0, 6)];
      return {
        text,
        choices: [
          ...countries.map((code) => ({ id: answerId("country", code), label: value("country", code) })),
          { id: answerId("country", OTHER_COUNTRY), label: t("check:otherCountry") },
          skip,
        ],
      };
    }
    case "region":
      return {
        text,
        choices: [...REGIONS.map((region) => ({ id: answerId("region", region.slug), label: placeName(region.slug, ctx.lang) ?? region.fr })), skip],
      };
  }
}

/** What a typed answer to `field` may be, for the readers (bot/flows/answers); "I don't know" is always the skip. */
export function expectationFor(field: ProfileField): Expect {
  switch (field) {
    case "age":
      return { kinds: ["number", "choice"], range: [MIN_AGE, MAX_AGE], dontKnow: SKIP };
    case "organizationAgeYears":
      return { kinds: ["choice", "number"], range: [0, 150], dontKnow: SKIP };
    case "province":
    case "region":
      return { kinds: ["choice", "place"], dontKnow: SKIP };
    case "locality":
      return { kinds: ["choice", "text"], dontKnow: SKIP, other: answerId("locality", OTHER_VALUE) };
    case "organizationWomenLed":
      return { kinds: ["yesno", "choice"], yes: answerId(field, true), no: answerId(field, false), dontKnow: SKIP };
    case "sector":
      return { kinds: ["choice"], dontKnow: SKIP, other: answerId("sector", OTHER_VALUE) };
    case "country":
      return { kinds: ["choice", "place"], dontKnow: SKIP, other: answerId("country", OTHER_COUNTRY) };
    case "organizationType":
      // "Do you already have a structure?" — "no, not yet" is the first option.
      return { kinds: ["choice", "yesno"], no: answerId("organizationType", "none"), dontKnow: SKIP };
    default:
      return { kinds: ["choice"], dontKnow: SKIP };
  }
}

/** When a typed place names only a region: which of its provinces? */
export function provinceInRegionQuestion(region: string, ctx: FlowContext): Question {
  const provinces = provincesOf(region);
  return {
    text: ctx.t("check:whichProvince", { region: placeName(region, ctx.lang) ?? region }),
    choices: [
      ...provinces.map((province) => ({ id: answerId("province", province.slug), label: placeName(province.slug, ctx.lang) ?? province.fr })),
      skipChoice(ctx),
    ],
  };
}

function skipChoice(ctx: FlowContext): Choice {
  return choiceWith(ctx, SKIP, "check:skip", "check:synonyms.skip");
}

/**
 * What a typed message tells about the profile. Reads everything volunteered ("j'ai 24
 * ans et j'habite à Safi" answers two questions at once), with `field` telling what was
 * just asked so a bare "24" is an age and a bare "Safi" a place.
 */
export function readTypedAnswer(text: string, field: ProfileField | null, ctx: FlowContext): Profile {
  const expecting = field === "age" ? "age" : field === "province" || field === "region" ? "place" : undefined;
  const { entities } = understand(text, { now: ctx.now, languageHint: ctx.contact.language ?? undefined, expecting });
  const patch: Profile = {};
  if (entities.age !== undefined) patch.age = entities.age;
  if (entities.gender) patch.gender = entities.gender;
  if (entities.province) patch.province = entities.province;
  else if (entities.region) patch.region = entities.region;
  const digits = asciiDigits(text).trim();
  if (field === "age" && patch.age === undefined && /^\d{1,2}$/.test(digits)) {
    const age = Number(digits);
    if (age >= MIN_AGE && age <= MAX_AGE) patch.age = age;
  }
  if (field === "organizationAgeYears" && /^\d{1,3}$/.test(digits)) patch.organizationAgeYears = Number(digits);
  if (field === "locality" && !patch.province && text.trim().length <= 80) patch.locality = text.trim();
  return patch;
}

/** Profile fields a message can fill by itself (shown back to the person as "noted"). */
export const VOLUNTEERED_FIELDS = ["age", "gender", "province", "region"] as const satisfies readonly ProfileField[];
