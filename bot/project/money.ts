import type { Lang } from "../core/types.ts";

/**
 * Dirhams as people write them here: "30 000 DH" in French (ICU's narrow no-break space
 * between thousands), "30.000 درهم" in Arabic and Darija — Western digits, as on Moroccan
 * price tags and bank notes, hence `numberingSystem: "latn"`. Centimes only when there
 * are some. A no-break space keeps the number and the currency on one line.
 */
const FORMATS: Record<Lang, Intl.NumberFormat> = {
  fr: new Intl.NumberFormat("fr", { maximumFractionDigits: 2 }),
  ar: new Intl.NumberFormat("ar-MA", { numberingSystem: "latn", maximumFractionDigits: 2 }),
  ary: new Intl.NumberFormat("ar-MA", { numberingSystem: "latn", maximumFractionDigits: 2 }),
};

const CURRENCY: Record<Lang, string> = { fr: "DH", ar: "درهم", ary: "درهم" };

const NBSP = "\u00A0";
const LRM = "\u200E";
/** Left-to-right isolate (LRI…PDI). */
const [LRI, PDI] = ["\u2066", "\u2069"];

export function formatMad(amount: number, lang: Lang): string {
  const value = Number.isFinite(amount) ? amount + 0 : 0; // + 0: never "-0"
  const number = FORMATS[lang].format(value);
  // In Arabic text a bare minus sign drifts to the other side of the digits ("400-"):
  // the signed number is isolated left to right so it reads "-400 درهم" in any sentence.
  if (lang !== "fr" && value < 0) return `${LRI}${number.replace(LRM, "")}${PDI}${NBSP}${CURRENCY[lang]}`;
  return `${number}${NBSP}${CURRENCY[lang]}`;
}

/** A plain count (sales per month, months) with the same digits and grouping. */
export function formatCount(value: number, lang: Lang): string {
  return FORMATS[lang].format(Number.isFinite(value) ? value : 0);
}
