import { provinceBySlug, regionBySlug } from "../geography/index.ts";
import { normalizePlace } from "./normalize.ts";
import type { Profile } from "./types.ts";

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

/**
 * A completed profile prepared for matching: strings normalised once per evaluation
 * rather than once per rule. Always the same shape (every key present), so the rule
 * closures read it through one hidden class.
 */
export interface ProfileView {
  age: number | undefined;
  gender: string | undefined;
  /** Lowercased ISO code: `ma`. */
  country: string | undefined;
  region: string | undefined;
  province: string | undefined;
  locality: string | undefined;
  area: string | undefined;
  status: string | undefined;
  organizationType: string | undefined;
  organizationAgeYears: number | undefined;
  organizationWomenLed: unknown;
  sector: string | undefined;
  /** The completed profile, for the values quoted in reasons. */
  source: Profile;
}

const lower = (value: unknown): string | undefined => (typeof value === "string" ? value.toLowerCase() : value === undefined ? undefined : String(value));
const numeric = (value: unknown): number | undefined => (typeof value === "number" && !Number.isNaN(value) ? value : value === undefined ? undefined : Number.NaN);

/** `profile` must already be completed (see completeProfile). */
export function viewOf(profile: Profile): ProfileView {
  return {
    age: numeric(profile.age),
    gender: lower(profile.gender),
    country: lower(profile.country),
    region: lower(profile.region),
    province: lower(profile.province),
    locality: typeof profile.locality === "string" ? normalizePlace(profile.locality) : undefined,
    area: lower(profile.area),
    status: lower(profile.status),
    organizationType: lower(profile.organizationType),
    organizationAgeYears: numeric(profile.organizationAgeYears),
    organizationWomenLed: profile.organizationWomenLed,
    sector: lower(profile.sector),
    source: profile,
  };
}
