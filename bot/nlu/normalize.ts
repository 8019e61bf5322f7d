/**
 * Normalisation for understanding French, Arabic and Darija in both scripts. Pure.
 *
 * `fold` gives one comparable string (lowercase, no accents or Arabic diacritics, unified
 * letter variants, ASCII digits, punctuation kept for entity patterns). `normalizeText`
 * also splits it into tokens, expands French SMS spellings and gives every Latin token a
 * consonant "skeleton" so that Arabizi spellings of one word meet: `mochroo3`, `machrou3`
 * and `mashroo3` all become `mCr`.
 */

import { rememberLast } from "../../lib/memo.ts";

const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const LATIN_MARKS = /[\u0300-\u036f]/g;
// Control characters except tab and newline, plus bidi controls people paste by accident.
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

const LETTER_MAP: Record<string, string> = {
  "\u0640": "", // tatweel
  "ى": "ي", "ی": "ي", "ئ": "ي", "ة": "ه", "ۀ": "ه", "ہ": "ه", "ٱ": "ا", "ؤ": "و",
  "ک": "ك", "گ": "ك", "ڭ": "ك", "ڤ": "ف", "ڨ": "ق", "پ": "ب", "چ": "ج", "ژ": "ز",
  "،": ",", "؛": ";", "؟": "?", "٫": ".", "٬": ",", "’": "'", "‘": "'", "`": "'", "´": "'",
  "œ": "oe", "æ": "ae", "ß": "ss", "«": "\"", "»": "\"",
};
const LETTER_RE = new RegExp(`[${Object.keys(LETTER_MAP).join("")}]`, "g");

/** Removes invisible and control characters but keeps what the person wrote. */
export function cleanText(text: string): string {
  return text.replace(CONTROL_CHARS, "").replace(/\r\n?/g, "\n").trim();
}

/** Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII. */
export function asciiDigits(text: string): string {
  return text
    .replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(/[۰-۹]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0));
}

/**
 * One comparable form of a text. NFKD splits `أ إ آ ؤ ئ` into a base letter and a hamza
 * mark, and `é` into `e` and an accent; the marks are then dropped.
 */
export function fold(text: string): string {
  return asciiDigits(
    cleanText(text)
      .normalize("NFKD")
      .replace(LATIN_MARKS, "")
      .replace(ARABIC_MARKS, "")
      .toLowerCase()
      .replace(LETTER_RE, (char) => LETTER_MAP[char] ?? char),
  )
    // Elongation: "merciiii", "شكراااا", "salaaam" (digits excluded: 20000).
    .replace(/(\p{L})\1{2,}/gu, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

export type TokenScript = "arab" | "latn" | "num";

export interface Token {
  /** Folded form, SMS spellings expanded (`jsuis` gives two tokens `je`, `suis`). */
  form: string;
  script: TokenScript;
  /** Latin only: Arabizi-tolerant consonant skeleton; "" for Arabic and numbers. */
  skeleton: string;
  /** Clause number: commas, full stops and question marks start a new clause. */
  clause: number;
}

export interface NormalizedText {
  /** The text as written, only control characters removed. */
  original: string;
  /** `fold(original)`: punctuation kept, for entity patterns. */
  folded: string;
  tokens: readonly Token[];
  arabicLetters: number;
  latinLetters: number;
}

/** French SMS and chat spellings, expanded to the words they stand for. */
const SMS: Record<string, string> = {
  rdv: "rdv", rdvs: "rdv", rendezvous: "rdv", rendevous: "rdv", rdez: "rdv",
  svp: "svp", stp: "svp", svpl: "svp", silvousplait: "svp", plz: "svp", pls: "svp",
  jsuis: "je suis", jsui: "je suis", chui: "je suis", chuis: "je suis", jsus: "je suis",
  bjr: "bonjour", bjour: "bonjour", bnjr: "bonjour", bsr: "bonsoir", slt: "salut",
  pk: "pourquoi", pq: "pourquoi", pkoi: "pourquoi", pcq: "parce que", pck: "parce que", psk: "parce que",
  cc: "coucou", mrc: "merci", mrci: "merci", mci: "merci", mrsi: "merci", msi: "merci",
  bcp: "beaucoup", bcq: "beaucoup", tt: "tout", qq: "quelque", qlq: "quelque", qqn: "quelqu un", qlqn: "quelqu un",
  koi: "quoi", kel: "quel", kelle: "quelle", kels: "quels", ke: "que", g: "j ai", jai: "j ai", jsp: "je sais pas",
  jveux: "je veux", jpeux: "je peux", jpe: "je peux", jvoudrais: "je voudrais", jvx: "je veux",
  dacc: "d accord", dac: "d accord", dak: "d accord", daccord: "d accord", dacor: "d accord", dacord: "d accord",
  nn: "non", ouai: "ouais", ui: "oui", pr: "pour", ds: "dans", vs: "vous", tjr: "toujours", tjrs: "toujours",
  cv: "ca va", dispo: "disponible", dispos: "disponibles", msg: "message", msgs: "messages", sms: "messages",
  notif: "notification", notifs: "notifications", pb: "probleme", ptit: "petit", ptite: "petite", auj: "aujourd hui",
  ajd: "aujourd hui", aujourdhui: "aujourd hui", infos: "informations", info: "information", prog: "programme",
  progs: "programmes", mtn: "maintenant", bn: "bien", tkt: "t inquiete", oki: "ok", okey: "ok", okay: "ok",
  dmain: "demain", daide: "d aide", cest: "c est", jhabite: "j habite", jveu: "je veux", "2main": "demain",
  jcomprends: "je comprends", jcomprend: "je comprends", jsais: "je sais", jpense: "je pense", jvais: "je vais",
  jfais: "je fais", jcrois: "je crois", jdois: "je dois", jaimerais: "j aimerais", jme: "je me", jmen: "je m en",
  cmt: "comment", cmnt: "comment", cb: "combien", cbn: "combien", dsl: "desole", desolee: "desole", stpp: "svp",
};
/** Darija function words in Latin letters, each spelt many ways: one spelling for matching. */
const ARABIZI: Record<string, string> = {
  chnou: "chno", chnu: "chno", shno: "chno", shnou: "chno", chnow: "chno", achno: "chno", achnou: "chno",
  wash: "wach", ouach: "wach", wech: "wach", kifash: "kifach", kifech: "kifach", kifch: "kifach",
  "3lech": "3lach", "3lash": "3lach", dial: "dyal", dyel: "dyal", diel: "dyal", diali: "dyali",
  "m3aa": "m3a", ma3a: "m3a", mea: "m3a", "3ala": "3la", "3ndi": "3andi", "3endi": "3andi", andi: "3andi",
  shi: "chi", chy: "chi", dba: "daba", bzzaf: "bzaf", bzf: "bzaf", bezaf: "bzaf", mzian: "mzyan", mezyan: "mzyan",
  afak: "3afak", "3fak": "3afak", "3afek": "3afak", khouya: "khoya", khuya: "khoya", wakhha: "wakha", wa5a: "wakha",
  waka: "wakha", iyah: "iyeh", ieh: "iyeh", choukran: "chokran", shukran: "chokran", chkran: "chokran", chokrane: "chokran",
  nqder: "n9der", n9dr: "n9der", nqdr: "n9der", nkder: "n9der", tqder: "t9der", t9dr: "t9der", liya: "lia", lya: "lia",
  hena: "hna", "3ndkom": "3andkom", andkom: "3andkom", houma: "homa", chkon: "chkoun", chkun: "chkoun", shkoun: "chkoun", enta: "nta", ntaya: "nta",
  mashi: "machi", walou: "walo", wlou: "walo", kayen: "kayn", kain: "kayn", kaynine: "kaynin", gadi: "ghadi",
};
const SMS_TOKENS = new Map(
  [...Object.entries(SMS), ...Object.entries(ARABIZI)].map(([key, value]) => [key, value.split(" ")]),
);

/** Multi-word spellings of one thing, joined so that patterns see a single token. */
const PHRASES: Array<[string[], string]> = [
  [["rendez", "vous"], "rdv"],
  [["rendez", "vs"], "rdv"],
  [["s", "il", "vous", "plait"], "svp"],
  [["s", "il", "te", "plait"], "svp"],
  [["sil", "vous", "plait"], "svp"],
  [["sil", "te", "plait"], "svp"],
];

const TOKEN_RE = /[a-z0-9]+|[\u0621-\u064A]+|[.,;:!?\n]/g;

/**
 * Splits, expands and annotates a text. Remembered, and frozen so no reader can change what
 * the next one gets: one turn reads the same message in several places (the router, the
 * booking and privacy checks, the understanding).
 */
export const normalizeText: (text: string) => NormalizedText = rememberLast((text) => frozen(splitAndAnnotate(text)));

function frozen(normalized: NormalizedText): NormalizedText {
  for (const token of normalized.tokens) Object.freeze(token);
  Object.freeze(normalized.tokens);
  return Object.freeze(normalized);
}

function splitAndAnnotate(text: string): NormalizedText {
  const original = cleanText(text);
  const folded = fold(original);
  let arabicLetters = 0;
  let latinLetters = 0;
  for (let i = 0; i < folded.length; i++) {
    const code = folded.charCodeAt(i);
    if (code >= 0x61 && code <= 0x7a) latinLetters++;
    else if (code >= 0x0621 && code <= 0x064a) arabicLetters++;
  }
  const raw: Array<{ form: string; clause: number }> = [];
  let clause = 0;
  for (const match of folded.matchAll(TOKEN_RE)) {
    const piece = match[0];
    if (/^[.,;:!?\n]$/.test(piece)) {
      if (raw.length > 0 && raw[raw.length - 1]?.clause === clause) clause++;
      continue;
    }
    const expanded = SMS_TOKENS.get(piece);
    if (expanded) for (const form of expanded) raw.push({ form, clause });
    else raw.push({ form: piece, clause });
  }
  expandLoneC(raw);
  const joined = joinPhrases(raw);
  const tokens = joined.map(({ form, clause: c }): Token => {
    const script = scriptOf(form);
    return { form, script, skeleton: script === "latn" ? latinSkeleton(form) : "", clause: c };
  });
  return { original, folded, tokens, arabicLetters, latinLetters };
}

function scriptOf(form: string): TokenScript {
  const code = form.charCodeAt(0);
  if (code >= 0x0621) return "arab";
  return /^[0-9]+$/.test(form) ? "num" : "latn";
}

/** "c bon", "c koi": a lone `c` is "c'est", unless `est` already follows. */
function expandLoneC(raw: Array<{ form: string; clause: number }>): void {
  for (let i = raw.length - 1; i >= 0; i--) {
    const token = raw[i];
    if (token?.form === "c" && raw[i + 1]?.form !== "est") raw.splice(i + 1, 0, { form: "est", clause: token.clause });
  }
}

function joinPhrases(raw: Array<{ form: string; clause: number }>): Array<{ form: string; clause: number }> {
  const out: Array<{ form: string; clause: number }> = [];
  for (let i = 0; i < raw.length; i++) {
    let joined = false;
    for (const [words, form] of PHRASES) {
      if (words.every((word, k) => raw[i + k]?.form === word)) {
        out.push({ form, clause: raw[i]?.clause ?? 0 });
        i += words.length - 1;
        joined = true;
        break;
      }
    }
    const token = raw[i];
    if (!joined && token) out.push(token);
  }
  return out;
}

const SKELETON_CACHE = new Map<string, string>();
const SKELETON_CACHE_MAX = 50_000;

/**
 * The consonant skeleton of a Latin word, tolerant of Arabizi spelling: `ch/sh` -> C,
 * `kh/5` -> x, `gh` -> R, `7` -> h, `9/q` -> q, `3` and `2` (ع, ء) and vowels dropped,
 * `ou` before a vowel -> w, doubled letters collapsed.
 */
export function latinSkeleton(word: string): string {
  const cached = SKELETON_CACHE.get(word);
  if (cached !== undefined) return cached;
  const skeleton = word
    .replace(/tch|sh|ch/g, "C")
    .replace(/kh|5/g, "x")
    .replace(/gh/g, "R")
    .replace(/dj/g, "j")
    .replace(/ph/g, "f")
    .replace(/7|8/g, "h")
    .replace(/9/g, "q")
    .replace(/[23]/g, "")
    .replace(/ou(?=[aeiy])/g, "w")
    .replace(/ou|oo/g, "u")
    .replace(/(.)\1+/g, "$1")
    .replace(/[aeiouy]/g, "");
  if (SKELETON_CACHE.size >= SKELETON_CACHE_MAX) SKELETON_CACHE.clear();
  SKELETON_CACHE.set(word, skeleton);
  return skeleton;
}

/**
 * Forms of an Arabic token with clitics removed, for dictionary lookups: `والبرامج`,
 * `فالعيون`, `بياناتي`, `للمنصة` also try `البرامج`/`برامج`, `العيون`/`عيون`, `بيانات`,
 * `منصه`. The token itself comes first.
 */
export function arabicVariants(form: string): string[] {
  const out = [form];
  const add = (value: string) => {
    if (value.length >= 2 && !out.includes(value)) out.push(value);
  };
  const bases = [form];
  if (form.startsWith("و") && form.length > 3) bases.push(form.slice(1));
  for (const base of [...bases]) {
    const article = /^(?:[بفكل]?ال|لل)/.exec(base);
    if (article && base.length - article[0].length >= 2) {
      bases.push(`ال${base.slice(article[0].length)}`);
      bases.push(base.slice(article[0].length));
    } else if (/^[بفلكد]/.test(base) && base.length > 3) {
      bases.push(base.slice(1));
    }
  }
  for (const base of bases) {
    add(base);
    // Pronouns and endings: موعدي، بياناتي، شخصا (tanween), مسحو / امسحوا (plural).
    const suffix = /(?:ها|نا|كم|هم|ني|وا|ي|ك|ه|ا|و)$/.exec(base);
    if (suffix && base.length - suffix[0].length >= 3) {
      const stem = base.slice(0, -suffix[0].length);
      add(stem);
      // ة becomes ت before a suffix: فكرتي is فكرة + ي.
      if (stem.endsWith("ت")) add(`${stem.slice(0, -1)}ه`);
    }
  }
  return out;
}

/**
 * The stem of a conjugated Darija or Arabic verb: the person prefix (n-, t-, y-) and the
 * plural ending (-o, -ou, -iw / -و, -وا) removed, so that `ncharek`, `ycharko` and
 * `نشارك`, `يشاركو` meet. Latin stems are skeletons. "" when nothing is left to compare.
 */
export function verbStem(form: string, script: TokenScript): string {
  if (script === "arab") {
    const stem = form.replace(/^[نتي]/, "").replace(/(?:وا|و)$/, "");
    return stem !== form && stem.length >= 3 ? stem : "";
  }
  if (script !== "latn") return "";
  const skeleton = latinSkeleton(form.replace(/(?:ou|iw|o|w|u)$/, ""));
  const stem = skeleton.replace(/^[nt]/, "");
  return stem.length >= 3 ? stem : "";
}

/** True when the text holds at least one letter or digit (not only emoji or punctuation). */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
