import { findAmount } from "./amounts.ts";
import type { Entities } from "./contract.ts";
import { findDate, findTime, localDay } from "./dates.ts";
import type { NormalizedText } from "./normalize.ts";
import { rewriteNumberWords } from "./numbers.ts";
import { findPlace } from "./places.ts";

export type { Entities } from "./contract.ts";

export const MIN_AGE = 10;
export const MAX_AGE = 99;

const B = "(?<![\\p{L}\\p{N}])";
const E = "(?![\\p{L}\\p{N}])";
const AGE_UNIT = "(?:ans?|years?|yo|3am|l3am|aam|sna|snin|سنه|سنوات|سنين|عام|عاما|اعوام|ربيعا)";
const AGE_WITH_UNIT = new RegExp(`${B}(\\d{1,2})\\s*${AGE_UNIT}${E}`, "gu");
/** "depuis 3 ans", "plus de 35 ans", "فوق 35 عام": a duration or a limit, not the person's age. */
const DURATION_BEFORE =
  /(?:depuis|pendant|il y a|fait|dans|hadi|mn|men|ba3d|plus de|moins de|de plus de|jusqu a|entre|limite|max|maximum|minimum|fo9|fou9|ta7t|منذ|مده|لمده|خلال|بعد|من|فوق|تحت|اكثر من|اقل من)\s*$/u;
const AGE_AFTER_WORD = new RegExp(
  `${B}(?:j ai|age(?: de)?|agee? de|3andi|3ndi|andi|3mri|omri|3omri|3amri|عمري|سني|عندي|لدي|ابلغ|بلغت)\\s*:?\\s+(?:من العمر\\s+)?(\\d{1,2})(?![\\p{N}.,:/]|\\s*(?:k|alf|الف|dh|mille|melyoun|مليون|درهم|%|h)${E})`,
  "gu",
);
/** Words that may follow a bare "j'ai 25" / "3andi 25" without making it a count of things. */
const AFTER_BARE_AGE = /^(?:$|[\s,.;!?]+(?:$|et\b|w\b|wach\b|ana\b|mais\b|و|واش|هل|ونسكن|وساكن|واسكن)|\s+(?:et|w|wach|mais|و|واش|هل)\b)/u;
const BIRTH = new RegExp(
  `${B}(?:ne|nee|naissance|mzyoud|mzyouda|mzyoda|mzyod|tzadt|tzadit|zdt|born|مزداد|مزداده|مزيود|مزيوده|ولدت|تولدت|مواليد|ازديادي|الازدياد)${E}[^\\d]{0,20}?(?:\\d{1,2}[/.-]\\d{1,2}[/.-])?(19\\d\\d|20\\d\\d)${E}`,
  "u",
);

const FEMALE = "femme|fille|meuf|dame|bent|bnt|mra|mrra|mraa|imraa|امراه|مراه|مرا|بنت|فتاه|سيده|شابه|دريه|بنيه";
const MALE = "homme|garcon|gars|mec|monsieur|rajel|rajl|ra9el|rajol|drri|dri|weld|wld|chab|chabb|رجل|راجل|شاب|ولد|دري|فتى";
const GENDER = new RegExp(
  `${B}(?:je suis|moi|ana|en tant que|انا|بصفتي)\\s+(?:une?\\s+|واحد\\s+|واحده\\s+)?(?:jeune\\s+)?(${FEMALE}|${MALE})${E}`,
  "u",
);
const FEMALE_WORDS = new Set(FEMALE.split("|"));

/** What the bot just asked for, so that a bare answer ("24", "Safi", "العيون") is read as that. */
export type Expecting = "age" | "place";

export interface EntityOptions {
  /** The instant "now" (dates are relative to it, read in Africa/Casablanca). */
  now: Date;
  expecting?: Expecting | undefined;
}

export function extractEntities(text: NormalizedText, options: EntityOptions): Entities {
  return extractEntitiesWithSpans(text, options).entities;
}

export interface EntitiesWithSpans {
  entities: Entities;
  /** Tokens that named a place. */
  placeTokens: number[];
  /** Some age in years was mentioned, maybe a limit ("plus de 35 ans"): a hint of eligibility. */
  mentionsYears: boolean;
}

export function extractEntitiesWithSpans(text: NormalizedText, options: EntityOptions): EntitiesWithSpans {
  const entities: Entities = {};
  // "j'ai 25": apostrophes apart, like the tokens.
  const numeric = rewriteNumberWords(text.folded.replace(/'/g, " "));
  const age = findAge(numeric, localDay(options.now).year) ?? (options.expecting === "age" ? bareAge(numeric) : undefined);
  if (age !== undefined) entities.age = age;
  const place = findPlace(text, { expectingPlace: options.expecting === "place" });
  if (place.region) entities.region = place.region;
  if (place.province) entities.province = place.province;
  const gender = GENDER.exec(text.folded)?.[1];
  if (gender) entities.gender = FEMALE_WORDS.has(gender) ? "female" : "male";
  const amount = findAmount(withoutAgesAndDates(numeric));
  if (amount) {
    entities.amountMad = amount.amountMad;
    entities.amountUnitClear = amount.unitClear;
  }
  const date = findDate(text.tokens, text.folded, options.now);
  if (date) entities.date = date;
  const time = findTime(numeric);
  if (time) entities.time = time;
  AGE_WITH_UNIT.lastIndex = 0;
  return { entities, placeTokens: place.tokens, mentionsYears: AGE_WITH_UNIT.test(numeric) };
}

/** The whole answer is a number: "24", "٢٤". */
function bareAge(folded: string): number | undefined {
  const only = /^\s*(\d{1,2})\s*[.!]?\s*$/.exec(folded);
  return only ? plausible(Number(only[1])) : undefined;
}

/** An age stated in years, after "j'ai / 3andi / عمري", or from a birth year. */
export function findAge(folded: string, currentYear: number): number | undefined {
  AGE_WITH_UNIT.lastIndex = 0;
  for (let m = AGE_WITH_UNIT.exec(folded); m; m = AGE_WITH_UNIT.exec(folded)) {
    if (DURATION_BEFORE.test(folded.slice(Math.max(0, m.index - 16), m.index))) continue;
    const age = plausible(Number(m[1]));
    if (age !== undefined) return age;
  }
  AGE_AFTER_WORD.lastIndex = 0;
  for (let m = AGE_AFTER_WORD.exec(folded); m; m = AGE_AFTER_WORD.exec(folded)) {
    if (!AFTER_BARE_AGE.test(folded.slice(m.index + m[0].length))) continue;
    const age = plausible(Number(m[1]));
    if (age !== undefined) return age;
  }
  const birth = BIRTH.exec(folded);
  if (birth) return plausible(currentYear - Number(birth[1]));
  return undefined;
}

function plausible(age: number): number | undefined {
  return Number.isInteger(age) && age >= MIN_AGE && age <= MAX_AGE ? age : undefined;
}

/** Ages ("25 ans"), birth years and dates are not money. */
function withoutAgesAndDates(folded: string): string {
  return folded
    .replace(AGE_WITH_UNIT, " ")
    .replace(new RegExp(BIRTH.source, "gu"), " ")
    .replace(/\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}/g, " ");
}
