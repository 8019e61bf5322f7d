import { findAmount } from "../../nlu/amounts.ts";
import { fold, normalizeText } from "../../nlu/normalize.ts";
import { rewriteNumberWords } from "../../nlu/numbers.ts";
import { says } from "./words.ts";

/**
 * Numbers and amounts wrapped in words, as people type them: "environ 300", "20 في
 * الشهر", "chi 20 f chhar", "vingt", "0 je me paye pas", "walo". The first number of the
 * message is the answer; "nothing" words are 0. Pure.
 */

/** 30 000, 30.000, 30,000 (thousands), 1,5 (a decimal), 300. */
// Glued to letters, digits are Arabizi ("3andi", "l7elwa"), unless the letters are a unit ("20dh", "14h").
const NUMBER = /(?<![\p{L}\p{N}])(\d{1,3}(?:[ .\u00a0\u202f]\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?)(?![\p{N}])(?!(?!(?:dhs?|mad|h|ans?|k|da)(?!\p{L}))\p{L})/u;

export interface NumberReading {
  value: number;
  /** The message's words once the number is taken out. */
  rest: string;
}

function parse(raw: string): number | null {
  if (/^\d{1,3}(?:[ .\u00a0\u202f]\d{3})+$/.test(raw)) return Number(raw.replace(/[ .\u00a0\u202f]/g, ""));
  const value = Number(raw.replace(",", "."));
  return Number.isFinite(value) ? value : null;
}

/**
 * A count: the first number in the message, digits or number words, or 0 for "nothing".
 * Digits glued to letters are Arabizi letters, not numbers ("l7elwa", "3andi"): they are left alone.
 */
export function readCount(text: string): NumberReading | null {
  const numeric = numericOf(text);
  const match = NUMBER.exec(numeric);
  if (match) {
    const value = parse(match[1]!);
    // "ستة آلاف خبزة", "6 alaf", "2k": a number and its multiplier.
    const multiplier = MULTIPLIED.exec(numeric.slice(match.index + match[0].length));
    if (value !== null && multiplier) {
      const factor = /^(?:k|alf|alaf|الف|الاف|الاف|mille)$/.test(multiplier[1]!) ? 1000 : 1_000_000;
      return { value: value * factor, rest: restWithout(numeric, match.index, match[0].length + multiplier[0].length) };
    }
    if (value !== null) return { value, rest: restWithout(numeric, match.index, match[0].length) };
  }
  if (says(text, "nothing")) return { value: 0, rest: "" };
  return null;
}

export interface MoneyReading {
  mad: number;
  /** False when the unit was not said and the amount is large: "6000" may be centimes, so it is confirmed. */
  unitClear: boolean;
  rest: string;
}

/** An amount in dirhams: with its unit ("15 alf dh", "2 melyoun", "600 f chhar"), else the first number, else 0 for "nothing". */
export function readMoney(text: string): MoneyReading | null {
  const numeric = numericOf(text);
  // "درهم ونصف", "derham w nos": one dirham and a half.
  if (ONE_AND_A_HALF.test(numeric)) return { mad: 1.5, unitClear: true, rest: "" };
  const amount = findAmount(numeric);
  if (amount) return { mad: amount.amountMad, unitClear: amount.unitClear || amount.amountMad < 1000, rest: "" };
  const count = readCount(text);
  if (!count) return null;
  return { mad: count.value, unitClear: count.value < 1000, rest: count.rest };
}

const MULTIPLIED = /^\s*(k|alf|alaf|الف|الاف|mille|million|millions|melyoun|mlyoun|مليون|ملايين)(?![\p{L}\p{N}])/u;
const ONE_AND_A_HALF = /^\s*(?:درهم|dirham|derham|drham|dh)\s*(?:و|w|et)\s*(?:نص|nos|nss|demi)(?![\p{L}\p{N}])/u;

/** Folded, number words as digits, and digits unglued from an Arabic preposition ("بـ١٦٠٠٠" is "ب 16000"). */
function numericOf(text: string): string {
  return rewriteNumberWords(fold(text).replace(/'/g, " ")).replace(/([\u0621-\u064a])(\d)/gu, "$1 $2");
}

function restWithout(numeric: string, index: number, length: number): string {
  const rest = `${numeric.slice(0, index)} ${numeric.slice(index + length)}`;
  return normalizeText(rest).tokens.map((token) => token.form).join(" ");
}
