import type { Lang } from "../core/types.ts";
import type { Script } from "./contract.ts";
import { ARABIZI_WEAK, ARABIZI_WORDS, DARIJA_ARABIC, DARIJA_ARABIC_WEAK, FRENCH_WORDS, MSA_ARABIC } from "./markers.ts";
import type { NormalizedText, Token } from "./normalize.ts";
import { normalizeText } from "./normalize.ts";

export type { Script } from "./contract.ts";

export interface LanguageGuess {
  language: Lang;
  script: Script;
  /** 0..1; short or unmarked messages get less. */
  confidence: number;
}

/** Arabizi: a digit standing for a letter inside a word (`3andi`, `m3a`, `7bes`), not `10h` or `15k`. */
const ARABIZI_DIGIT = /[a-z][2356789]|[2356789][a-z]/;
const NUMBER_WITH_UNIT = /^\d+(?:h\d*|k|dh|dhs|mad|min|mn|ans?|er|ere|eme|e|em|m|km|kg|x|am|pm|st|nd|rd|th)$/;
// Darija verbs: present `ka-/ki-` (كيخدم, كتدير, كنقدر), future `gha-` (غانجي), negation `ma…ch` (مابغيتش).
const DARIJA_PREFIXED = /^(?:ك[يتن][^\s]{3,}|غا[نتي][^\s]{2,}|ما[^\s]{2,}ش)$/;
const MSA_NOT_DARIJA = new Set(["كيفيه", "كتابه", "كتاب", "كتب", "كنت", "كنا", "كيف"]);

/**
 * French, Modern Standard Arabic or Darija, and the script, for one message. Arabizi
 * (Darija in Latin letters) is Darija. Arabic letters: Darija and MSA are told apart by
 * marker words; with none, MSA (or the hint). `hint` is the person's chosen language, used
 * when the message itself does not say.
 */
export function detectLanguage(input: string | NormalizedText, hint?: Lang): LanguageGuess {
  const text = typeof input === "string" ? normalizeText(input) : input;
  const letters = text.arabicLetters + text.latinLetters;
  if (letters === 0) {
    const language = hint ?? "fr";
    return { language, script: hint === "ar" ? "arab" : "latn", confidence: 0 };
  }
  const script: Script = text.arabicLetters >= text.latinLetters ? "arab" : "latn";
  return script === "arab" ? arabic(text.tokens, hint) : latin(text.tokens, hint);
}

function arabic(tokens: readonly Token[], hint?: Lang): LanguageGuess {
  let darija = 0;
  let msa = 0;
  for (const token of tokens) {
    if (token.script !== "arab") continue;
    if (DARIJA_ARABIC.has(token.form)) darija += 1.5;
    else if (MSA_ARABIC.has(token.form)) msa += 1.5;
    else if (DARIJA_ARABIC_WEAK.has(token.form)) darija += 0.5;
    else if (DARIJA_PREFIXED.test(token.form) && !MSA_NOT_DARIJA.has(token.form)) darija += 1;
    else if (/^فال/.test(token.form)) darija += 0.5;
  }
  const fallback: Lang = hint === "ary" ? "ary" : "ar";
  const [language, confidence] = decide(darija, msa, "ary", "ar", fallback, tokens.length);
  return { language, script: "arab", confidence };
}

function latin(tokens: readonly Token[], hint?: Lang): LanguageGuess {
  let darija = 0;
  let french = 0;
  for (const token of tokens) {
    if (token.script === "arab") {
      darija += 0.5;
      continue;
    }
    if (token.script !== "latn") continue;
    // An Arabizi word is rarer and surer than a French function word: "werini les programmes".
    if (ARABIZI_DIGIT.test(token.form) && !NUMBER_WITH_UNIT.test(token.form)) darija += 3;
    else if (ARABIZI_WORDS.has(token.form)) darija += 3;
    // Darija negation around a verb: makanch, mabghitch, madhentch.
    else if (/^ma[a-z0-9]{2,}(?:ch|sh)$/.test(token.form) && !FRENCH_WORDS.has(token.form)) darija += 2;
    // Darija present tense: kanfdel, katdir, kaykhdem.
    else if (/^ka[nty][a-z0-9]{3,}$/.test(token.form) && !FRENCH_WORDS.has(token.form)) darija += 1.5;
    else if (ARABIZI_WEAK.has(token.form)) darija += 1;
    else if (FRENCH_WORDS.has(token.form)) french += 1;
    else if (/kh|gh|^[bflw](?:gh|kh|ch|[bdfhjklmnqrstwz]{2})/.test(token.form)) darija += 0.5;
  }
  // A tie with some Darija in it is code-switching by a Darija speaker: "supprimer les données dyali".
  const fallback: Lang = hint === "ar" || hint === "ary" || (darija > 0 && darija === french) ? "ary" : "fr";
  const [language, confidence] = decide(darija, french, "ary", "fr", fallback, tokens.length);
  return { language, script: "latn", confidence };
}

function decide(a: number, b: number, langA: Lang, langB: Lang, fallback: Lang, length: number): [Lang, number] {
  if (a === 0 && b === 0) return [fallback, length <= 2 ? 0.3 : 0.4];
  if (a === b) return [fallback === langA || fallback === langB ? fallback : langA, 0.4];
  const [winner, loser, language] = a > b ? [a, b, langA] : [b, a, langB];
  const margin = (winner - loser) / (winner + loser);
  const evidence = 1 - Math.exp(-winner / 1.5);
  return [language, round(Math.min(0.99, 0.35 + 0.65 * margin * evidence))];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
