import type { Lang } from "../core/types.ts";
import type { Translate } from "../flows/types.ts";
import { placeName, provinceBySlug, regionBySlug } from "../geography/index.ts";
import { AREAS, GENDERS, ORGANIZATION_TYPES, SECTORS, STATUSES, type Reason } from "./types.ts";

/**
 * Reasons in words, the way an advisor would say them: "Vous avez 37 ans : ce programme
 * est pour les 18 à 35 ans." Keys live in the `eligibility` namespace; the value labels
 * (`eligibility:value.status.ofppt_trainee`…) are also what the chat shows on buttons.
 * A rule's own `because` wins over the generated sentence.
 */
export function renderReason(reason: Reason, t: Translate, lang: Lang): string {
  if (reason.kind === "unsure") return reason.text[lang];
  if (reason.because !== undefined) return reason.because[lang];
  if (reason.kind === "range") return rangeReason(reason, t);
  if (reason.kind === "equals") return t(reason.expected ? "eligibility:reason.womenLed.yes" : "eligibility:reason.womenLed.no");
  return inReason(reason, t, lang);
}

type RangeReason = Extract<Reason, { kind: "range" }>;
type InReason = Extract<Reason, { kind: "in" }>;

function rangeReason(reason: RangeReason, t: Translate): string {
  const base = `eligibility:reason.${reason.field}`;
  const { min, max } = reason;
  const rule =
    min !== undefined && max !== undefined
      ? t(`${base}.between`, { min, count: max })
      : min !== undefined
        ? t(`${base}.atLeast`, { count: min })
        : t(`${base}.atMost`, { count: max });
  return t("eligibility:reason.range", { fact: t(`${base}.you`, { count: reason.value }), rule });
}

const has = (list: readonly string[], value: string) => list.includes(value);

function inReason(reason: InReason, t: Translate, lang: Lang): string {
  const expected = reason.expected.map((value) => value.toLowerCase());
  const only = expected.length === 1 ? (expected[0] as string) : undefined;
  switch (reason.field) {
    case "gender":
      if (only !== undefined && has(GENDERS, only)) return t(`eligibility:reason.gender.${only}`);
      break;
    case "area":
      if (only !== undefined && has(AREAS, only)) return t(`eligibility:reason.area.${only}`);
      break;
    case "province":
    case "region":
      return t("eligibility:reason.place", { places: listValues(expected.map((slug) => placePhrase(slug, t, lang)), t) });
    case "country":
      return t("eligibility:reason.country", { places: listValues(reason.expected.map((code) => countryIn(code, t, lang)), t) });
    case "locality":
      return t("eligibility:reason.locality", { places: listValues(reason.expected.map((place) => isolated(place, lang)), t) });
    case "status":
    case "organizationType": {
      const known = reason.field === "status" ? STATUSES : ORGANIZATION_TYPES;
      if (expected.every((value) => has(known, value))) {
        return t("eligibility:reason.audience", { audiences: listValues(expected.map((value) => t(`eligibility:audience.${reason.field}.${value}`)), t) });
      }
      break;
    }
    case "sector":
      return t("eligibility:reason.sector", { sectors: listValues(expected.map((value) => valueLabel("sector", value, t, lang)), t) });
    default:
      break;
  }
  return t("eligibility:reason.other", { values: listValues(reason.expected.map((value) => valueLabel(reason.field, value, t, lang)), t) });
}

/** "la province de Khouribga", "عمالة الدار البيضاء", "la région Souss-Massa". */
function placePhrase(slug: string, t: Translate, lang: Lang): string {
  const province = provinceBySlug(slug);
  if (province) return t(province.kind === "prefecture" ? "eligibility:place.prefecture" : "eligibility:place.province", { name: placeName(slug, lang) });
  if (regionBySlug(slug)) return t("eligibility:place.region", { name: placeName(slug, lang) });
  return slug;
}

/** Countries the catalogue names have their own wording ("au Sénégal"); others get their name from ICU. */
const COUNTRIES_WORDED = ["MA", "CI", "SN"];

function countryIn(code: string, t: Translate, lang: Lang): string {
  const upper = code.toUpperCase();
  if (COUNTRIES_WORDED.includes(upper)) return t(`eligibility:place.countryIn.${upper}`);
  return t("eligibility:place.countryNamed", { name: countryName(upper, lang) });
}

function countryName(code: string, lang: Lang): string {
  try {
    return new Intl.DisplayNames([lang === "fr" ? "fr" : "ar"], { type: "region" }).of(code) ?? code;
  } catch {
    return code; // not a valid region code
  }
}

/**
 * A field's value as people read it: "Stagiaire de l'OFPPT", "Khouribga", "Sénégal".
 * Unknown values come back as given.
 */
export function valueLabel(field: string, value: unknown, t: Translate, lang: Lang): string {
  const text = String(value);
  switch (field) {
    case "gender":
    case "area":
    case "status":
    case "organizationType":
    case "sector": {
      const known = { gender: GENDERS, area: AREAS, status: STATUSES, organizationType: ORGANIZATION_TYPES, sector: SECTORS }[field];
      return has(known, text) ? t(`eligibility:value.${field}.${text}`) : text;
    }
    case "organizationWomenLed":
      return typeof value === "boolean" ? t(`eligibility:value.organizationWomenLed.${text}`) : text;
    case "province":
    case "region":
      return placeName(text, lang) ?? text;
    case "country": {
      const upper = text.toUpperCase();
      return COUNTRIES_WORDED.includes(upper) ? t(`eligibility:value.country.${upper}`) : countryName(upper, lang);
    }
    default:
      return text;
  }
}

const LATIN = /[A-Za-z]/;

/** Free Latin text inside an Arabic sentence is isolated (FSI…PDI) so the line does not scramble. */
function isolated(text: string, lang: Lang): string {
  return lang !== "fr" && LATIN.test(text) ? `\u2068${text}\u2069` : text;
}

/** "A, B ou C" / "A، B أو C" / "A، B ولا C". */
export function listValues(values: readonly string[], t: Translate): string {
  if (values.length <= 1) return values[0] ?? "";
  return t("eligibility:list.or", { head: values.slice(0, -1).join(t("eligibility:list.separator")), last: values.at(-1) });
}
