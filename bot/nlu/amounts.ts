/**
 * Amounts of money in dirhams, from a folded text whose number words are digits already.
 * Moroccans also count in centimes: `2 melyoun` is 2,000,000 centimes = 20,000 DH, and
 * `alf ryal` is 50 DH. When the unit is not said (`20000`, `15k`, `20 alf`, `2 melyoun`),
 * the amount is the likely reading and `unitClear` is false: the bot confirms it. Pure.
 */

export interface Amount {
  amountMad: number;
  unitClear: boolean;
}

const B = "(?<![\\p{L}\\p{N}])";
const E = "(?![\\p{L}\\p{N}])";
/** 20 000, 20.000, 20,000, 1,5, 2.5, 15000. */
const NUM = "(\\d{1,3}(?:[ .,]\\d{3})+(?![.,]?\\d)|\\d+(?:[.,]\\d+)?)";
const DIRHAM = "(?:dh|dhs|dhm|dirhams?|drhams?|derhams?|mad|درهم|دراهم|درهما)";
const CENTIME = "(?:centimes?|cts?|santim|sentim|سنتيم|سنتيمات|فرنك|franc|francs|frank)";
const RYAL = "(?:ryal|rial|riyal|ريال|ريالات)";
const THOUSAND = "(?:k|alf|alaf|alef|mille|الف|الاف|لاف)";
const MILLION = "(?:m[aei]?ll?[iy]{1,2}o?u?ne?s?|مليون|ملايين|ملاين)";
const HALF = "(?:nos|nss|ns|نص|نصف|demi)";
const AND = "(?:w|و|et)";
const UNIT = `(?:\\s*(?:de\\s+|d\\s+)?(${DIRHAM}|${CENTIME}|${RYAL})${E})?`;

interface Rule {
  pattern: RegExp;
  read(match: RegExpExecArray): Amount | null;
}

const rule = (source: string, read: Rule["read"]): Rule => ({ pattern: new RegExp(source, "gu"), read });

const RULES: Rule[] = [
  // "mlyoun w nos", "2 melyoun", "1,5 million de dirhams", "مليون سنتيم", "نص مليون".
  rule(`${B}(?:${NUM}\\s*|(${HALF})\\s+)?${MILLION}(?:\\s*${AND}\\s*(${HALF}))?${UNIT}${E}`, (m) => {
    const base = m[1] ? parseNumber(m[1]) : m[2] ? 0.5 : 1;
    if (base === null) return null;
    const millions = (base + (m[3] ? 0.5 : 0)) * 1_000_000;
    return withUnit(millions, m[4], millions / 100);
  }),
  // "20 alf", "15k", "عشرين ألف درهم", "alf ryal".
  rule(`${B}(?:${NUM}\\s*)?${THOUSAND}(?:\\s*${AND}\\s*(${HALF}))?${UNIT}${E}`, (m) => {
    if (!m[1] && !m[3]) return null; // a bare "alf" is "a thousand (thanks)" more often than money
    const base = m[1] ? parseNumber(m[1]) : 1;
    if (base === null) return null;
    const value = (base + (m[2] ? 0.5 : 0)) * 1000;
    return withUnit(value, m[3], value);
  }),
  rule(`${B}(?:alfayn|alfin|الفين)${UNIT}${E}`, (m) => withUnit(2000, m[1], 2000)),
  // "20000 dh", "500 درهم", "200000 centimes".
  rule(`${B}${NUM}\\s*(${DIRHAM}|${CENTIME}|${RYAL})${E}`, (m) => {
    const value = m[1] ? parseNumber(m[1]) : null;
    return value === null ? null : withUnit(value, m[2], value);
  }),
];

const BARE = /(?<![\p{L}\p{N}\/:.,])(\d{1,3}(?:[ .,]\d{3})+|\d{4,8})(?![\p{L}\p{N}\/:]|[.,]\d)/gu;
const YEAR = /^(?:19[3-9]\d|20[0-4]\d)$/;
const MONEY_WORDS = /(?:budget|cout|prix|capital|financement|besoin de|il me faut|flous|flouss|khas|khasni|khaso|فلوس|ثمن|ميزانيه|راس المال|خاصني|خاصو|تكلفه|احتاج|يكلف)/u;

/** The first amount in the text, or null. */
export function findAmount(text: string): Amount | null {
  let best: { index: number; amount: Amount } | null = null;
  for (const { pattern, read } of RULES) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const amount = read(m);
      if (amount && (!best || m.index < best.index)) best = { index: m.index, amount };
      if (amount) break;
    }
  }
  if (best) return best.amount;
  // A bare number: likely dirhams, but the unit was not said.
  BARE.lastIndex = 0;
  for (let m = BARE.exec(text); m; m = BARE.exec(text)) {
    const raw = m[1] ?? "";
    const value = parseNumber(raw);
    if (value === null || value < 100) continue;
    if (YEAR.test(raw) && !MONEY_WORDS.test(text)) continue;
    return { amountMad: value, unitClear: false };
  }
  return null;
}

/** The amount in dirhams for a unit word (or the habitual reading when there is none). */
function withUnit(value: number, unit: string | undefined, habitual: number): Amount | null {
  let amountMad: number;
  let unitClear = true;
  if (!unit) {
    amountMad = habitual;
    unitClear = false;
  } else if (new RegExp(`^${CENTIME}$`, "u").test(unit)) amountMad = value / 100;
  else if (new RegExp(`^${RYAL}$`, "u").test(unit)) amountMad = value * 0.05;
  else amountMad = value;
  if (!(amountMad > 0) || amountMad > 1e9) return null;
  return { amountMad: Math.round(amountMad * 100) / 100, unitClear };
}

/** "20 000", "20.000", "20,000" are thousands; "1,5" and "2.5" are decimals. */
function parseNumber(raw: string): number | null {
  if (/^\d{1,3}(?:[ .,]\d{3})+$/.test(raw)) return Number(raw.replace(/[ .,]/g, ""));
  const value = Number(raw.replace(",", "."));
  return Number.isFinite(value) ? value : null;
}
