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

export function formatMad(amount: number, lang: Lang): string {
  const value = Number.isFinite(amount) ? amount : 0;
  return `${FORMATS[lang].format(value + 0)}${NBSP}${CURRENCY[lang]}`;
}

/** A plain count (sales per month, months) with the same digits and grouping. */
export function formatCount(value: number, lang: Lang): string {
  return FORMATS[lang].format(Number.isFinite(value) ? value : 0);
}
