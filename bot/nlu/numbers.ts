import { isWeekdayWord } from "./dates.ts";

/**
 * Number words to digits, in a folded text: `vingt-cinq`, `khamsa w 3echrin`, `خمسة
 * وعشرين`, `عشرين` become `25`, `25`, `25`, `20`. Multipliers (alf, ألف, mille, melyoun)
 * stay as words: amounts read them. "One" (un, wa7ed, واحد) only counts before a
 * multiplier, since it is also "a" and "someone". Pure.
 */

const WORDS: Record<string, number> = {};
function define(value: number, spellings: string): void {
  for (const spelling of spellings.trim().split(/\s+/)) WORDS[spelling] = value;
}

define(2, "deux jouj jooj zouj juj tnin tnayn زوج جوج اثنين اثنان اثنتان اثنتين");
define(3, "trois tlata tlat tleta ثلاثه تلاته ثلاث تلات");
define(4, "quatre rb3a reb3a arb3a rab3a اربعه ربعه");
define(5, "cinq khamsa khmsa 5amsa خمسه خمس");
define(6, "six stta setta sitta سته ستة");
define(7, "sept sb3a seb3a sab3a سبعه سبع");
define(8, "huit tmnya tmanya tmenya ثمانيه تمنيه");
define(9, "neuf ts3a tes3a tis3a تسعه تسع تسعود tes3oud");
define(10, "dix 3achra 3chra 3echra عشره عشر");
define(11, "onze 7dach hdach حداش");
define(12, "douze tnach tnash طناش");
define(13, "treize tlettach تلطاش");
define(14, "quatorze rb3tach ربعطاش");
define(15, "quinze khmstach خمسطاش");
define(16, "seize settach سطاش");
define(17, "sb3tach سبعطاش");
define(18, "tmntach تمنطاش");
define(19, "ts3tach تسعطاش");
define(20, "vingt 3chrin 3echrin 3ichrin عشرين عشرون");
define(30, "trente tlatin tlatine tletin ثلاثين تلاتين ثلاثون");
define(40, "quarante rb3in reb3in arb3in اربعين ربعين اربعون");
define(50, "cinquante khamsin khmsin 5amsin خمسين خمسون");
define(60, "soixante sttin settin ستين");
define(70, "sb3in seb3in سبعين");
define(80, "tmanin tmenin ثمانين تمانين");
define(90, "ts3in tes3in تسعين");
define(100, "cent cents mya mia miya ميه مايه مائه مئه");
define(200, "mitin mitine ميتين مايتين ميتان ميتا مايتان مايتا");
// Hundreds in one word (MSA and Darija): خمسمائة, خمسمية, tlata mya is read as 3 × 100.
define(300, "ثلاثمائه ثلاثمايه ثلاثميه تلتمية تلتميه");
define(400, "اربعمائه اربعمايه ربعمية ربعميه");
define(500, "خمسمائه خمسمايه خمسمية خمسميه");
define(600, "ستمائه ستمايه ستمية ستميه");
define(700, "سبعمائه سبعمايه سبعمية سبعميه");
define(800, "ثمانمائه ثمانمايه تمنمية تمنميه");
define(900, "تسعمائه تسعمايه تسعمية تسعميه");

const ONE = new Set(["un", "une", "wa7ed", "wahed", "واحد"]);
const MULTIPLIER = /^(?:mille|alf|alaf|الف|الاف|million|millions|melyoun|mlyoun|milyoun|malyoun|melyon|mlion|مليون|ملايين|ملاين)$/;
const CONNECTOR = new Set(["w", "et", "و"]);

const PIECE = /[a-z0-9]+|[\u0621-\u064A]+|[^a-z0-9\u0621-\u064A]+/g;

function valueOf(word: string, asNumber = false): number | undefined {
  if (isWeekdayWord(word) && !asNumber) return undefined;
  const direct = WORDS[word];
  if (direct !== undefined) return direct;
  // Arabic writes "and", "with", "for" onto the next word (وعشرين، بأربعة، لعشرة), and Darija
  // the article (الحداش، الجوج، lhdach): the number is the rest.
  for (const prefix of ["و", "ب", "ل", "ف", "ال", "بال", "لل"]) {
    if (word.startsWith(prefix) && word.length - prefix.length >= 3) {
      const rest = word.slice(prefix.length);
      const value = isWeekdayWord(rest) ? undefined : WORDS[rest];
      if (value !== undefined) return value;
    }
  }
  if (/^l[a-z0-9]{3,}$/.test(word) && !isWeekdayWord(word.slice(1))) return WORDS[word.slice(1)];
  return undefined;
}

/** Arabic duals say "two" in the word itself: «درهمان» is 2 DH, «ألفان» 2,000. */
const DUALS: Record<string, string> = { "درهمان": "2 درهم", "درهمين": "2 درهم", "الفان": "2000", "الفين": "2000", "الفا": "2000", "ونصف": "و نص", "ونص": "و نص" };

const THOUSAND_ALONE = /^(?:mille|alf|الف)$/;

/** The number (words, one or several) after "w", "et", "و" following `at`, and where it ends. */
function numberAfterConnector(pieces: readonly string[], at: number): { value: number; end: number } | null {
  let k = at + 1;
  while (k < pieces.length && /^[\s-]+$/.test(pieces[k] ?? "")) k++;
  let word = pieces[k] ?? "";
  if (CONNECTOR.has(word)) {
    k++;
    while (k < pieces.length && /^[\s-]+$/.test(pieces[k] ?? "")) k++;
    word = pieces[k] ?? "";
  } else if (!word.startsWith("و")) return null;
  if (/^\d+$/.test(word)) return { value: Number(word), end: k };
  const value = valueOf(word);
  return value === undefined ? null : { value, end: k };
}

/** The tens word after "w", "et", "و" (or glued "وعشرين") following `at`, and where it ends. */
function tensAfterConnector(pieces: readonly string[], at: number): { value: number; end: number } | null {
  let k = at + 1;
  while (k < pieces.length && /^[\s-]+$/.test(pieces[k] ?? "")) k++;
  let word = pieces[k] ?? "";
  if (CONNECTOR.has(word)) {
    k++;
    while (k < pieces.length && /^[\s-]+$/.test(pieces[k] ?? "")) k++;
    word = pieces[k] ?? "";
  } else if (!word.startsWith("و")) return null;
  const value = valueOf(word);
  return value !== undefined && value >= 20 && value < 100 && value % 10 === 0 ? { value, end: k } : null;
}

export function rewriteNumberWords(folded: string): string {
  const pieces = (folded.match(PIECE) ?? []).flatMap((piece) => (DUALS[piece] ? (DUALS[piece].match(PIECE) ?? [piece]) : [piece]));
  const out: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] ?? "";
    const first = valueOf(piece);
    const nextWord = pieces[i + 2] ?? "";
    if (ONE.has(piece) && MULTIPLIER.test(nextWord)) {
      out.push("1");
      continue;
    }
    // "ألف وخمسمائة", "alf w mitin": a thousand and some.
    if (THOUSAND_ALONE.test(piece) && !/\d\s*$/.test(out.join(""))) {
      const more = numberAfterConnector(pieces, i);
      if (more && more.value < 1000) {
        out.push(String(1000 + more.value));
        i = more.end;
        continue;
      }
    }
    // "واحد وعشرين", "wa7ed w 3chrin", "tnin w 3chrin": one (or two: also Monday's name) and twenty.
    const small = ONE.has(piece) ? 1 : isWeekdayWord(piece) ? valueOf(piece, true) : undefined;
    const afterOne = small !== undefined && small < 10 ? tensAfterConnector(pieces, i) : null;
    if (afterOne) {
      out.push(String(small! + afterOne.value));
      i = afterOne.end;
      continue;
    }
    if (first === undefined) {
      out.push(piece);
      continue;
    }
    let total = 0;
    let current = first;
    let j = i;
    // Look ahead over "w", "et", "-", spaces for more number words: "khamsa w 3echrin".
    for (;;) {
      let k = j + 1;
      while (k < pieces.length && /^[\s-]+$/.test(pieces[k] ?? "")) k++;
      let word = pieces[k] ?? "";
      if (CONNECTOR.has(word)) {
        k++;
        while (k < pieces.length && /^[\s-]+$/.test(pieces[k] ?? "")) k++;
        word = pieces[k] ?? "";
      }
      // "trente et un", "tlatin w wa7ed", "ثلاثين و واحد": one after a tens word counts.
      const value = valueOf(word) ?? (ONE.has(word) && current >= 20 && current % 10 === 0 && current < 100 ? 1 : undefined);
      if (value === undefined) break;
      if ((value === 100 || value === 200) && current < 10) current = (current || 1) * value;
      else if (value < 100 && current >= 100) {
        total += current;
        current = value;
      } else current += value;
      j = k;
    }
    total += current;
    out.push(String(total));
    i = j;
  }
  return out.join("");
}
