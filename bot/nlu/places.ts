import { AMBIGUOUS_PLACE_NAMES, PROVINCES, REGIONS } from "../geography/index.ts";
import { boundedDistance } from "./matcher.ts";
import type { NormalizedText, Token } from "./normalize.ts";
import { arabicVariants, fold, latinSkeleton, normalizeText } from "./normalize.ts";

export interface PlaceMatch {
  province?: string;
  region?: string;
  /** Token indices of the names found (so that "Dakhla" is not also read as "ndkhl", enter). */
  tokens: number[];
}

export interface PlaceOptions {
  /** The bot just asked where the person lives: a bare "Safi" or "العيون" is the place. */
  expectingPlace?: boolean;
}

interface Entry {
  /** Accepted keys per token of the name. */
  keys: Array<ReadonlySet<string>>;
  province?: string;
  region: string;
  needsContext: boolean;
}

const AMBIGUOUS = new Set([...AMBIGUOUS_PLACE_NAMES].map(fold));
/** Words after which an ambiguous name is a place: "à Safi", "f safi", "في الجديدة". */
const CONTEXT = new Set(
  [
    "a", "de", "d", "du", "des", "en", "sur", "vers", "pres", "province", "prefecture", "ville", "region", "f", "fi", "fe",
    "mn", "men", "min", "l", "li", "b", "habite", "vis", "sakn", "sakna", "kansken", "nskon", "3aych", "originaire", "from",
    "in", "at", "near", "في", "ف", "من", "ب", "ل", "الى", "مدينه", "اقليم", "عماله", "جهه", "ساكن", "ساكنه", "اسكن", "نسكن",
    "كنسكن", "عايش", "قرب",
  ].map(fold),
);

const INDEX = new Map<string, Entry[]>();
/** Single-word names long enough for one typo, by first letter. */
const FUZZY = new Map<string, Array<{ key: string; entry: Entry }>>();

function keysOfName(token: Token, single: boolean): Set<string> {
  const keys = new Set<string>([token.form]);
  if (token.script === "latn") {
    const skeleton = latinSkeleton(token.form);
    if (skeleton.length >= (single ? 4 : 2)) keys.add(`~${skeleton}`);
  } else if (token.script === "arab") {
    const bare = /^ال(..+)$/.exec(token.form);
    if (bare?.[1]) keys.add(bare[1]);
  }
  return keys;
}

function addName(name: string, region: string, province?: string): void {
  const tokens = normalizeText(name).tokens;
  if (tokens.length === 0) return;
  const single = tokens.length === 1;
  const entry: Entry = {
    keys: tokens.map((token) => keysOfName(token, single)),
    region,
    needsContext: AMBIGUOUS.has(tokens.map((token) => token.form).join(" ")),
    ...(province ? { province } : {}),
  };
  for (const key of entry.keys[0] ?? []) {
    const list = INDEX.get(key);
    if (list) list.push(entry);
    else INDEX.set(key, [entry]);
  }
  const only = tokens[0];
  // One typo allowed on long names only: Arabic has many near neighbours (الحجز / الحوز, المغرب / الغرب).
  if (single && only && only.form.length >= (only.script === "arab" ? 7 : 6) && !entry.needsContext) {
    const bucket = FUZZY.get(only.form[0] ?? "") ?? [];
    bucket.push({ key: only.form, entry });
    FUZZY.set(only.form[0] ?? "", bucket);
  }
}

for (const region of REGIONS) for (const name of [region.fr, region.ar, ...region.aliases]) addName(name, region.slug);
for (const province of PROVINCES) {
  for (const name of [province.fr, province.ar, ...province.aliases]) addName(name, province.region, province.slug);
}

interface TokenKeys {
  keys: Set<string>;
  /** The token carried a clitic (ف، ب، ل، من… / l, f, b) that already says "in/from". */
  prefixed: boolean;
}

function keysOfMessageToken(token: Token): TokenKeys {
  const keys = new Set<string>([token.form]);
  let prefixed = false;
  if (token.script === "latn") {
    const skeleton = token.skeleton;
    if (skeleton.length >= 2) keys.add(`~${skeleton}`);
    if (/^[lfb]/.test(token.form) && token.form.length >= 5) {
      const rest = token.form.slice(1);
      keys.add(rest);
      const restSkeleton = latinSkeleton(rest);
      if (restSkeleton.length >= 4) keys.add(`~${restSkeleton}`);
    }
  } else if (token.script === "arab") {
    const variants = arabicVariants(token.form);
    for (const variant of variants) keys.add(variant);
    prefixed = /^(?:[وفبلك]|من)/.test(token.form) && variants.some((variant) => variant !== token.form && token.form.endsWith(variant));
  }
  return { keys, prefixed };
}

/**
 * The province (and its region) or the region named in a message, in French, Arabic or
 * Latin spellings (`Khouribga`, `خريبكة`, `khribga`, `fkhouribga`); towns count for their
 * province (`Benguérir` is Rehamna). The first province named wins; a region only when no
 * province is named. Pure.
 */
export function findPlace(text: NormalizedText, options: PlaceOptions = {}): PlaceMatch {
  const tokens = text.tokens;
  const perToken = tokens.map(keysOfMessageToken);
  let region: string | undefined;
  let province: string | undefined;
  const used: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const entry = bestAt(i, perToken, tokens, text.original, options.expectingPlace === true);
    if (!entry) continue;
    for (let k = 0; k < entry.length; k++) used.push(i + k);
    if (entry.entry.province && !province) {
      province = entry.entry.province;
      region = entry.entry.region;
    } else if (!province) region ??= entry.entry.region;
    i += entry.length - 1;
  }
  return { ...(region ? { region } : {}), ...(province ? { province } : {}), tokens: used };
}

function bestAt(
  i: number,
  perToken: readonly TokenKeys[],
  tokens: readonly Token[],
  original: string,
  expecting: boolean,
): { entry: Entry; length: number } | null {
  const here = perToken[i];
  if (!here) return null;
  let best: { entry: Entry; length: number } | null = null;
  const seen = new Set<Entry>();
  for (const key of here.keys) {
    for (const entry of INDEX.get(key) ?? []) {
      if (seen.has(entry)) continue;
      seen.add(entry);
      const length = entry.keys.length;
      if (best && best.length >= length) continue;
      if (!entry.keys.every((accepted, k) => [...(perToken[i + k]?.keys ?? [])].some((value) => accepted.has(value)))) continue;
      if (entry.needsContext && !expecting && !inContext(i, perToken, tokens, original)) continue;
      best = { entry, length };
    }
  }
  if (best) return best;
  const token = tokens[i];
  if (!token || token.script === "num" || token.form.length < (token.script === "arab" ? 7 : 5)) return null;
  const entry = fuzzyPlace(token.form);
  return entry ? { entry, length: 1 } : null;
}

const FUZZY_CACHE = new Map<string, Entry | null>();
const FUZZY_CACHE_MAX = 20_000;

/** A place name written with one typo; remembered per word. */
function fuzzyPlace(form: string): Entry | null {
  const cached = FUZZY_CACHE.get(form);
  if (cached !== undefined) return cached;
  let found: Entry | null = null;
  for (const candidate of FUZZY.get(form[0] ?? "") ?? []) {
    if (boundedDistance(form, candidate.key, 1) <= 1) {
      found = candidate.entry;
      break;
    }
  }
  if (FUZZY_CACHE.size >= FUZZY_CACHE_MAX) FUZZY_CACHE.clear();
  FUZZY_CACHE.set(form, found);
  return found;
}

function inContext(i: number, perToken: readonly TokenKeys[], tokens: readonly Token[], original: string): boolean {
  if (perToken[i]?.prefixed) return true;
  const previous = tokens[i - 1];
  if (previous && previous.clause === tokens[i]?.clause && CONTEXT.has(previous.form)) return true;
  // Written with a capital, not at the start of the message: "j'habite Safi".
  const form = tokens[i]?.form ?? "";
  if (tokens[i]?.script !== "latn" || form.length < 3) return false;
  const written = new RegExp(`\\b${form[0]?.toUpperCase()}${form.slice(1)}\\b`).exec(original);
  return written !== null && written.index > 0;
}
