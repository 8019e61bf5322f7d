import type { Choice } from "../../core/types.ts";
import { FILLERS } from "../../nlu/lexicon.ts";
import { boundedDistance, compileMatcher, type ConceptPhrases, type Matcher } from "../../nlu/matcher.ts";
import { fold, type NormalizedText } from "../../nlu/normalize.ts";

/**
 * An option typed the way people spell it: "ma5damch" for «ما خدامش», "cooperativ" for
 * "Coopérative", "l3yalat" — the option's label and synonyms read through the tolerant
 * matcher (Arabizi skeletons, clitics, typos). Only when exactly one option is named and
 * the message is short: a longer message is a sentence, read by the other readers. Pure.
 */
const MAX_WORDS = 5;
const CACHE = new Map<string, { matcher: Matcher; ids: string[] }>();
const CACHE_MAX = 64;

function matcherFor(offered: readonly Choice[]) {
  const key = JSON.stringify(offered.map((option) => [option.id, option.label, option.keywords ?? []]));
  let entry = CACHE.get(key);
  if (!entry) {
    const concepts: Record<string, ConceptPhrases> = {};
    for (const option of offered) {
      const phrases = [...new Set([option.label, ...(option.keywords ?? [])].map((form) => fold(form).replace(/[^\p{L}\p{N}\s]/gu, " ").replace(/\s+/g, " ").trim()))].filter((form) => form.length >= 3);
      concepts[option.id] = {
        fr: phrases.filter((phrase) => !/[\u0600-\u06ff]/.test(phrase)),
        latn: phrases.filter((phrase) => !/[\u0600-\u06ff]/.test(phrase)),
        ar: phrases.filter((phrase) => /[\u0600-\u06ff]/.test(phrase)),
      };
    }
    entry = { matcher: compileMatcher(concepts), ids: Object.keys(concepts) };
    if (CACHE.size >= CACHE_MAX) CACHE.delete(CACHE.keys().next().value!);
    CACHE.set(key, entry);
  }
  return entry;
}

export function spelledOption(normalized: NormalizedText, offered: readonly Choice[]): string | null {
  const words = normalized.tokens.filter((token) => !FILLERS.has(token.form));
  if (words.length === 0 || words.length > MAX_WORDS || offered.length === 0) return null;
  const { matcher, ids } = matcherFor(offered);
  const hits = matcher.match(normalized.tokens);
  const named = ids.filter((_, index) => (hits[index] ?? []).length > 0);
  if (named.length === 1) return named[0]!;
  return acrossScripts(words.map((token) => token.form).join(" "), offered);
}

/**
 * Darija typed in the other script: "nkml" for «نكمل», "ma5damch" for «ما خدامش», "wakha"
 * for «واخا». Both sides become one consonant skeleton (vowels and long vowels dropped,
 * ع and 3 dropped, 7 and ح, 9 and ق, 5/kh and خ, ch and ش meeting); the whole answer must
 * be one option's label or synonym, give or take one letter in longer words.
 */
function acrossScripts(typed: string, offered: readonly Choice[]): string | null {
  const wanted = skeletonOf(typed);
  if (wanted.length < 3) return null;
  const named = offered.filter((option) =>
    [option.label, ...(option.keywords ?? [])].some((form) => {
      const skeleton = skeletonOf(form);
      return skeleton.length >= 3 && (skeleton === wanted || (wanted.length >= 5 && boundedDistance(skeleton, wanted, 1) <= 1));
    }),
  );
  return named.length === 1 ? named[0]!.id : null;
}

const ARABIC_TO_SKELETON: Record<string, string> = {
  "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "x", "د": "d", "ذ": "d", "ر": "r", "ز": "z", "س": "s", "ش": "c", "ص": "s", "ض": "d",
  "ط": "t", "ظ": "d", "غ": "g", "ف": "f", "ق": "q", "ك": "k", "گ": "g", "ڭ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "", "ڤ": "f", "پ": "b",
};

/** One consonant skeleton for Arabic letters and Arabizi alike. */
export function skeletonOf(text: string): string {
  const folded = fold(text);
  let out = "";
  if (/[\u0600-\u06ff]/.test(folded)) {
    // A word's final ه is most often a ة (folded): "تعاونية" is t-n, like "ta3awoniya".
    for (const char of folded.replace(/ه(?=\s|$)/g, "")) out += ARABIC_TO_SKELETON[char] ?? (/[a-z]/.test(char) ? char : "");
  } else {
    out = folded
      .replace(/kh|5/g, "x")
      .replace(/gh|8/g, "g")
      .replace(/ch|sh/g, "c")
      .replace(/th/g, "t")
      .replace(/dh/g, "d")
      .replace(/7/g, "h")
      .replace(/9/g, "q")
      .replace(/[23aeiouyw\s'-]/g, "")
      .replace(/[^a-z]/g, "");
  }
  return out.replace(/(.)\1+/g, "$1");
}
