import { PROVINCES, REGIONS, provinceBySlug } from "../geography/index.ts";
import type { Compiled } from "./compile.ts";
import { normalizePlace } from "./normalize.ts";
import { AREAS, GENDERS, ORGANIZATION_TYPES, SECTORS, STATUSES, type ProfileField } from "./types.ts";

/**
 * The answers nextQuestion tries for a field, each with its weight in the average. Values
 * no rule tells apart are one answer weighted by how many they are (the 60 provinces no
 * rule names behave alike), so a province question costs a dozen simulations, not 75.
 */
export interface SimulatedAnswer {
  value: unknown;
  weight: number;
}

const ENUMS: Partial<Record<ProfileField, readonly string[]>> = {
  gender: GENDERS,
  area: AREAS,
  status: STATUSES,
  organizationType: ORGANIZATION_TYPES,
  sector: SECTORS,
};

/** A country no rule names. */
const ELSEWHERE = "ZZ";

export function simulatedAnswers(field: ProfileField, programs: readonly Compiled[]): SimulatedAnswer[] {
  const listed = (name: ProfileField) => new Set(programs.flatMap((rules) => rules.listed.get(name) ?? []).map((value) => value.toLowerCase()));
  switch (field) {
    case "age":
    case "organizationAgeYears": {
      // Around every threshold: min-1, min, max, max+1.
      const values = new Set(programs.flatMap((rules) => rules.thresholds.get(field) ?? []).filter((value) => value >= 0));
      return [...values].map((value) => ({ value, weight: 1 }));
    }
    case "organizationWomenLed":
      return [{ value: true, weight: 1 }, { value: false, weight: 1 }];
    case "province": {
      const provinces = listed("province");
      const regions = listed("region");
      return grouped(PROVINCES.map((province) => ({
        value: province.slug,
        key: `${provinces.has(province.slug) ? province.slug : ""}|${regions.has(province.region) ? province.region : ""}`,
      })));
    }
    case "region": {
      const regions = listed("region");
      for (const slug of listed("province")) {
        const region = provinceBySlug(slug)?.region;
        if (region !== undefined) regions.add(region);
      }
      return grouped(REGIONS.map((region) => ({ value: region.slug, key: regions.has(region.slug) ? region.slug : "" })));
    }
    case "country": {
      const countries = new Set([...listed("country")].map((code) => code.toUpperCase()));
      countries.add("MA");
      countries.add(ELSEWHERE);
      return [...countries].map((value) => ({ value, weight: 1 }));
    }
    case "locality": {
      const places = new Map<string, string>();
      for (const rules of programs) for (const place of rules.listed.get("locality") ?? []) if (!places.has(normalizePlace(place))) places.set(normalizePlace(place), place);
      let elsewhere = "other";
      while (places.has(normalizePlace(elsewhere))) elsewhere += " place";
      return [...places.values(), elsewhere].map((value) => ({ value, weight: 1 }));
    }
    default: {
      const domain = ENUMS[field] ?? [];
      const named = listed(field);
      return grouped(domain.map((value) => ({ value, key: named.has(value) ? value : "" })));
    }
  }
}

/** One answer per key, weighted by how many values share it. */
function grouped(values: { value: string; key: string }[]): SimulatedAnswer[] {
  const byKey = new Map<string, SimulatedAnswer>();
  for (const { value, key } of values) {
    const answer = byKey.get(key);
    if (answer) answer.weight += 1;
    else byKey.set(key, { value, weight: 1 });
  }
  return [...byKey.values()];
}
