import type { Site } from "../../booking/types.ts";
import { readDayAndTime } from "../../booking/read-time.ts";
import { matchChoice } from "../../core/choice-match.ts";
import { normalizeForMatch, tidyTypography } from "../../core/normalize.ts";
import type { Choice, Lang } from "../../core/types.ts";
import { extractEntitiesWithSpans } from "../../nlu/entities.ts";
import { FILLERS, NEGATORS } from "../../nlu/lexicon.ts";
import { normalizeText, type NormalizedText } from "../../nlu/normalize.ts";
import { readFirstName } from "./name.ts";
import { readCount, readMoney } from "./numbers.ts";
import { spelledOption } from "./options.ts";
import { readSites } from "./sites.ts";
import type { AnswerKind, AnswerValue, Expect, Reading } from "./types.ts";
import { hitsOf } from "./words.ts";
import { readYesNo } from "./yes-no.ts";

/**
 * Reads a typed message against the question on screen: one reader per kind of answer,
 * tried in the order the question declares, shared by every journey. Returns what the
 * message answers and what it says besides, or null when it does not answer. Pure.
 */
export interface ReadContext {
  now: Date;
  lang: Lang;
  /** The days on screen (booking), so that "le 3" is the offered 3rd. */
  offeredDays?: readonly string[];
  /** The platforms on screen, for a "site" question. */
  sites?: readonly Site[];
  /** Words that describe a platform by who it is for ("femmes", "النساء" for a women's centre). */
  siteWords?: Readonly<Record<string, readonly string[]>>;
}

export function readAnswer(raw: string, expect: Expect, offered: readonly Choice[], context: ReadContext): Reading | null {
  const text = tidyTypography(raw);
  const normalized = normalizeText(text);
  if (normalized.tokens.length === 0) return null;
  // "je sais pas (encore)", "ma3reftch", "لم أقرر بعد" where the question has that option.
  if (expect.dontKnow && saysOnlyDontKnow(normalized)) return { value: { kind: "choice", choiceId: expect.dontKnow }, rest: "" };
  // Where no free text answers, "ماعرفتش، كيتبدل" ("I don't know, it varies") is still a don't know.
  if (expect.dontKnow && !expect.kinds.includes("text") && saysDontKnowBriefly(normalized)) return { value: { kind: "choice", choiceId: expect.dontKnow }, rest: "" };
  let fallback: Reading | null = null;
  for (const kind of expect.kinds) {
    const reading = READERS[kind](text, normalized, expect, offered, context);
    if (reading && !reading.fallback) return reading;
    fallback ??= reading;
  }
  return fallback;
}

type Reader = (text: string, normalized: NormalizedText, expect: Expect, offered: readonly Choice[], context: ReadContext) => Reading | null;

const choice = (choiceId: string, rest = ""): Reading => ({ value: { kind: "choice", choiceId }, rest });

const READERS: Record<AnswerKind, Reader> = {
  choice(text, normalized, expect, offered) {
    // As typed, then with SMS spellings spelt out ("c tout" is "c'est tout").
    const how = { contained: !expect.kinds.includes("text"), except: expect.dontKnow };
    const exact = matchChoice(text, offered, how) ?? matchChoice(normalized.tokens.map((token) => token.form).join(" "), offered, how);
    if (exact) return choice(exact.id);
    // Inside a longer message, "I don't know" is not the skip ("ma3reftch, khayfa mn tamwil"),
    // and where free text answers, the whole text is the answer.
    if (expect.kinds.includes("text")) return null;
    const options = offered.filter((option) => option.id !== expect.dontKnow);
    const inside = containedChoice(normalized, options);
    if (inside) return inside;
    const spelled = spelledOption(normalized, options);
    if (spelled) return choice(spelled);
    // A value outside the list ("تربية النحل" for a sector): "other", unless the message wants something else.
    if (expect.other && looksLikeAValue(normalized)) return { ...choice(expect.other), fallback: true };
    return null;
  },

  yesno(_text, normalized, expect, offered, context) {
    const said = readYesNo(normalized);
    if (!said) return null;
    const id = said.answer === "yes" ? (expect.yes ?? suffixed(offered, YES_SUFFIXES)) : (expect.no ?? suffixed(offered, NO_SUFFIXES));
    if (!id) return null;
    if (said.rest === "") return choice(id);
    // "non plutôt à 14h", "oui mais jeudi": the rest may answer the question better (a change of mind).
    for (const kind of expect.kinds) {
      if (kind === "yesno" || kind === "text") continue;
      const better = READERS[kind](said.rest, normalizeText(said.rest), expect, offered, context);
      if (better && !better.fallback) return better;
    }
    return choice(id, said.rest);
  },

  number(text, _normalized, expect) {
    const count = readCount(text);
    if (!count) return null;
    if (expect.range && (count.value < expect.range[0] || count.value > expect.range[1])) return null;
    return { value: { kind: "number", value: count.value }, rest: withoutFillers(count.rest) };
  },

  amount(text) {
    const money = readMoney(text);
    if (!money) return null;
    return { value: { kind: "amount", mad: money.mad, unitClear: money.unitClear }, rest: withoutFillers(money.rest) };
  },

  when(text, normalized, _expect, _offered, context) {
    const reading = readDayAndTime(text, { now: context.now, lang: context.lang, offeredDays: context.offeredDays });
    if (!reading.date && !reading.time && !reading.partOfDay) return null;
    // "je ne suis pas dispo mardi", "ma n9derch nhar tlat": a day ruled out is not the day chosen.
    const value: AnswerValue = negates(normalized) ? { kind: "when", ruledOut: true } : { kind: "when", ...reading };
    return { value, rest: "" };
  },

  place(_text, normalized, _expect, _offered, context) {
    const { entities, placeTokens } = extractEntitiesWithSpans(normalized, { now: context.now, expecting: "place" });
    if (!entities.province && !entities.region) return null;
    const rest = normalized.tokens.filter((_, index) => !placeTokens.includes(index)).map((token) => token.form);
    return { value: { kind: "place", province: entities.province, region: entities.region }, rest: withoutFillers(rest.join(" ")) };
  },

  site(text, _normalized, _expect, offered, context) {
    const found = readSites(text, context.sites ?? [], context.siteWords);
    if (!found) return null;
    const ids = found.ids.map((siteId) => offered.find((option) => option.id.endsWith(`:${siteId}`))?.id).filter((id): id is string => id !== undefined);
    if (ids.length === 0) return null;
    const rest = withoutFillers(found.rest.split(" ").filter((word) => !PLACE_PREPOSITIONS.has(word)).join(" "));
    if (ids.length === 1) return choice(ids[0]!, rest);
    // A town with several platforms ("Khouribga"): the one open to everyone, unless the person
    // said who it is for (a women's centre answers to "femmes", and then it wins by its words).
    const general = ids.filter((id) => !context.siteWords?.[id.slice(id.lastIndexOf(":") + 1)]);
    if (general.length === 1) return choice(general[0]!, rest);
    return { value: { kind: "among", choiceIds: ids }, rest };
  },

  name(text) {
    const name = readFirstName(text);
    return name ? { value: { kind: "name", name }, rest: "" } : null;
  },

  text(text, normalized) {
    const value = text.trim();
    return value === "" ? null : { value: { kind: "text", text: value }, rest: normalized.tokens.map((token) => token.form).join(" ") };
  },
};

/**
 * A negation in the message: "pas", "لست", "ma n9derch", "ما نقدرش". A bare "no" opening a
 * new proposal is not one ("لا صافي نهار الجمعة", "non, plutôt jeudi", "la, khliha f 14").
 */
function negates(normalized: NormalizedText): boolean {
  const tokens = normalized.tokens;
  const bareNo = BARE_NO.has(tokens[0]?.form ?? "") && tokens.length > 1 && (tokens[1]!.clause !== tokens[0]!.clause || MOVING_ON.has(tokens[1]!.form));
  return tokens.some(
    (token, index) =>
      !(bareNo && index === 0) &&
      (NEGATORS.has(token.form) ||
        ["لست", "لسنا", "mkaynch", "makaynch"].includes(token.form) ||
        /^ma[a-z0-9]{2,}(?:ch|sh)$/.test(token.form) ||
        /^ما.{2,}ش$/.test(token.form) ||
        ((token.form === "ma" || token.form === "ما") && /(?:ch|sh|ش)$/.test(tokens[index + 1]?.form ?? ""))),
  );
}

const BARE_NO = new Set(["non", "no", "nn", "la", "lla", "لا", "لالا", "nan"]);
const MOVING_ON = new Set(["صافي", "safi", "ok", "plutot", "بل", "الافضل", "خليها", "خليه", "khliha", "khlih", "اذن", "donc", "alors", "wakha", "واخا", "mais", "لكن", "walakin", "ولكن", "واحسن", "حسن", "mieux"]);

const YES_SUFFIXES = [":yes", "-yes", ":true"];
const NO_SUFFIXES = [":no", "-no", ":false"];

function suffixed(offered: readonly Choice[], suffixes: readonly string[]): string | undefined {
  return offered.find((option) => suffixes.some((suffix) => option.id.endsWith(suffix)))?.id;
}

/** Words around a "don't know" that do not change it: "encore", "mazal", "بعد", "pour l'instant". */
const NOT_YET = new Set(["encore", "pour", "l", "instant", "le", "moment", "maintenant", "daba", "mazal", "بعد", "دابا", "مازال", "حاليا", "tout", "vraiment", "bien", "wallah", "والله", "khoya", "ختي", "ok", "hmm", "euh"]);

function saysOnlyDontKnow(normalized: NormalizedText): boolean {
  const hits = hitsOf(normalized, "dontKnow");
  if (hits.length === 0) return false;
  const covered = new Set<number>();
  for (const hit of hits) for (let index = hit.start; index < hit.end; index += 1) covered.add(index);
  return normalized.tokens.every((token, index) => covered.has(index) || FILLERS.has(token.form) || NOT_YET.has(token.form));
}

/** "I don't know" with a few words around it and no figure: "ma3reftch, kaytbeddel", "je sais pas trop". */
function saysDontKnowBriefly(normalized: NormalizedText): boolean {
  if (hitsOf(normalized, "dontKnow").length === 0 || normalized.tokens.some((token) => /\d/.test(token.form))) return false;
  return normalized.tokens.filter((token) => !FILLERS.has(token.form)).length <= 5;
}

/** A short message that names something, not a sentence or a question: a value for "other". */
function looksLikeAValue(normalized: NormalizedText): boolean {
  const words = normalized.tokens.filter((token) => !FILLERS.has(token.form));
  return words.length > 0 && words.length <= 4 && !normalized.original.includes("?") && words.some((token) => token.script !== "num");
}

/** An option's label or synonym inside a longer message, when exactly one option's is there. */
function containedChoice(normalized: NormalizedText, offered: readonly Choice[]): Reading | null {
  const typed = ` ${normalizeForMatch(normalized.original)} `;
  const found: { id: string; form: string }[] = [];
  for (const option of offered) {
    const forms = [option.label, ...(option.keywords ?? [])].map(normalizeForMatch).filter((form) => form.length >= 4 && !/^\d+$/.test(form));
    const form = forms.filter((candidate) => typed.includes(` ${candidate} `)).sort((a, b) => b.length - a.length)[0];
    if (form) found.push({ id: option.id, form });
  }
  if (found.length !== 1) return null;
  const rest = typed.replace(` ${found[0]!.form} `, " ").trim();
  return choice(found[0]!.id, withoutFillers(rest));
}

/** Prepositions around a place ("f", "à", "في", "chez", "celle de"): not a wish of their own. */
const PLACE_PREPOSITIONS = new Set(["f", "fi", "a", "au", "en", "chez", "de", "du", "la", "le", "li", "lli", "dyal", "celle", "celui", "في", "ف", "ب", "الى", "لي", "اللي", "ديال", "m3a", "مع", "avec", "plateforme", "platform", "المنصه", "منصه", "centre", "مركز", "dakchi", "داكشي"]);

/** The rest without politeness: nothing left means the message was only the answer. */
function withoutFillers(rest: string): string {
  return rest
    .split(" ")
    .filter((word) => word !== "" && !FILLERS.has(word) && !/^(?:merci|chokran|شكرا|svp|stp|من|فضلك|lah|ykhlik|الله|يخليك)$/.test(word))
    .join(" ");
}

