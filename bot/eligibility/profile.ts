import { provinceBySlug, regionBySlug } from "../geography/index.ts";
import { normalizePlace } from "./normalize.ts";
import { PROFILE_FIELDS, type Profile, type ProfileField } from "./types.ts";

/**
 * What the answers imply. A province gives its region, and a Moroccan province or region
 * gives the country, so the chat asks the province and never the region or country of
 * someone in Morocco. The most specific answer wins when they disagree (a person who
 * corrects their province moves region with it). Nothing is assumed for an empty
 * profile: the country is not guessed.
 *
 * Returns the same object when nothing is to be derived (no allocation in the hot path).
 */
export function completeProfile(profile: Profile): Profile {
  const province = profile.province === undefined ? undefined : provinceBySlug(profile.province);
  const regionSlug = province ? province.region : profile.region;
  const moroccan = province !== undefined || (regionSlug !== undefined && regionBySlug(regionSlug) !== undefined);
  const country = moroccan ? "MA" : profile.country === undefined ? undefined : profile.country.toUpperCase();
  if (regionSlug === profile.region && country === profile.country) return profile;
  const completed: Profile = { ...profile };
  if (regionSlug !== undefined) completed.region = regionSlug;
  if (country !== undefined) completed.country = country;
  return completed;
}

/** Where each field's answer sits in a view's `values` (PROFILE_FIELDS order). */
export const SLOT = Object.fromEntries(PROFILE_FIELDS.map((field, index) => [field, index])) as Record<ProfileField, number>;

/**
 * A completed profile prepared for matching: answers in an array indexed by SLOT
 * (one monomorphic element load per rule test), strings normalised once per evaluation
 * rather than once per rule: lowercased, and a locality without accents or hyphens.
 */
export interface ProfileView {
  values: unknown[];
  /** The completed profile, for the values quoted in reasons. */
  source: Profile;
}

/** `profile` must already be completed (see completeProfile). */
export function viewOf(profile: Profile): ProfileView {
  const values: unknown[] = new Array(PROFILE_FIELDS.length);
  for (let slot = 0; slot < PROFILE_FIELDS.length; slot += 1) values[slot] = prepared(PROFILE_FIELDS[slot] as ProfileField, profile[PROFILE_FIELDS[slot] as ProfileField]);
  return { values, source: profile };
}

/**
 * The prepared answers of `base` with one more answer (already prepared) and what it
 * implies, for simulating answers: truth only, so no profile object is built.
 */
export function answersWith(base: ProfileView, field: ProfileField, preparedValue: unknown): unknown[] {
  const values = base.values.slice();
  values[SLOT[field]] = preparedValue;
  if (field === "province") {
    const province = provinceBySlug(preparedValue as string);
    if (province !== undefined) {
      values[SLOT.region] = province.region;
      values[SLOT.country] = "ma";
    }
  } else if (field === "region" && regionBySlug(preparedValue as string) !== undefined) {
    values[SLOT.country] = "ma";
  }
  return values;
}

function prepared(field: ProfileField, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (field) {
    case "age":
    case "organizationAgeYears":
      // A number or nothing: anything else matches no range.
      return typeof value === "number" && !Number.isNaN(value) ? value : Number.NaN;
    case "organizationWomenLed":
      return value;
    case "locality":
      return normalizePlace(String(value));
    default:
      return typeof value === "string" ? value.toLowerCase() : String(value);
  }
}
