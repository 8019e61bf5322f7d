import type { Intent } from "./contract.ts";
import { INTENTS, RISKY_INTENTS } from "./contract.ts";
import type { ConceptName } from "./lexicon.ts";
import { FILLERS, LEXICON, NEGATORS } from "./lexicon.ts";
import type { ConceptHit } from "./matcher.ts";
import { compileMatcher } from "./matcher.ts";
import type { NormalizedText, Token } from "./normalize.ts";

export type { Intent } from "./contract.ts";
export { INTENTS, isIntent, RISKY_INTENTS } from "./contract.ts";

/** Highest confidence a risky intent gets without a clear statement ("arrête", "supprime"). */
export const VAGUE_RISKY_MAX = 0.55;

type Flag = "whole" | "short" | "clear" | "first";
type Cue = readonly [pattern: string, weight: number, flags?: string];

/**
 * Weighted cues: `@a + @b` fires when every concept is in the message, anywhere. `whole`:
 * the message is only that (politeness aside); `short`: at most three words; `first`: it
 * opens the message ("non, c'est pas ça"); `clear`: a statement explicit enough to act on
 * for a risky intent. A negative weight takes evidence away. Cues are suppressed when a
 * negation comes just before them in the same clause ("je veux pas arrêter").
 */
const CUES: Record<Exclude<Intent, "unknown">, readonly Cue[]> = {
  greet: [["@hello", 3]],
  thanks: [["@thanks", 3], ["@thanks", 1, "first"]],
  affirm: [["@yes", 3, "short"], ["@yes", 1], ["@yes", 1.5, "first"]],
  deny: [["@no", 3, "short"], ["@no", 1], ["@noFirst", 2.5, "first"], ["@no + @thanks", 1.5, "short"]],
  help: [["@help", 3]],
  eligibility: [
    ["@eligible", 3], ["@register", 1.5], ["@canI + @register", 2], ["@canI", 0.5],
    ["@diploma", 1.5], ["@diploma + @canI", 1], ["@residence", 1], ["@requirement", 1],
    ["@requirement + @programName", 1.5], ["@requirement + @programWord", 1.5], ["@canI + @audience", 1],
  ],
  programs: [
    ["@offers", 2.5], ["@programWord", 1.5], ["@programName", 3], ["@list + @offers", 1], ["@list + @programWord", 1],
    ["@list + @audience", 2], ["@fund", 3], ["@fund + @projectWord", 2], ["@list + @projectWord", 1],
  ],
  project: [
    ["@projectWord", 2], ["@have + @projectWord", 1.5], ["@create + @projectWord", 2], ["@create", 0.5],
    ["@want + @create", 1.5], ["@finance", 2.5], ["@venue", 0.5], ["@create + @venue", 2.5],
    ["@business", 2], ["@want + @business", 0.5],
  ],
  book: [
    ["@appointment", 3], ["@meet + @advisor", 3], ["@meet + @platform", 2], ["@when", 1], ["@when + @meet", 1.5],
    ["@canI + @meet", 1.5], ["@meet", 0.5],
  ],
  cancel_booking: [
    // "إلغاء الاشتراك" cancels the announcements, not a booking.
    ["@cancelVerb", 2], ["@cancelVerb + @subscription", -2], ["@cancelVerb + @appointment", 5], ["@removeVerb + @appointment", 5],
    ["@notCome", 3.5], ["@notCome + @appointment", 1.5],
  ],
  human: [
    ["@humanWord", 2.5], ["@talk + @person", 3], ["@talk + @humanWord", 1], ["@talk + @advisor", 3],
    ["@advisor", 1.5], ["@talk", 1], ["@notBot", 2], ["@person + @real", 3],
  ],
  language: [["@langWord", 3], ["@changeLang + @langWord", 1.5]],
  stop: [
    ["@stopCommand", 3.5, "whole clear"], ["@stopVerb", 1.5], ["@stopVerb + @messages", 3.5, "clear"],
    ["@noMore + @messages", 4, "clear"], ["@unsubscribe", 5, "clear"], ["@cancelVerb + @subscription", 5, "clear"],
    ["@stopVerb + @subscription", 5, "clear"], ["@noMore", 1], ["@dontSend", 4, "clear"],
  ],
  delete_data: [["@removeVerb + @dataWord", 5, "clear"], ["@forget", 4, "clear"], ["@removeVerb", 1.5], ["@dataWord", 0.5]],
};

const SOCIAL: ReadonlySet<Intent> = new Set(["greet", "thanks", "affirm", "deny"]);
const NEGATION_FREE: ReadonlySet<Intent> = new Set([...SOCIAL, "help", "eligibility"]);
/** Below this score nothing was recognised well enough: `unknown`. */
const MIN_SCORE = 1.5;

const MATCHER = compileMatcher(LEXICON);

interface CompiledCue {
  intent: Exclude<Intent, "unknown">;
  slots: number[];
  weight: number;
  flags: ReadonlySet<Flag>;
}

const COMPILED: CompiledCue[] = Object.entries(CUES).flatMap(([intent, cues]) =>
  cues.map(([pattern, weight, flags]): CompiledCue => ({
    intent: intent as Exclude<Intent, "unknown">,
    slots: pattern.split("+").map((slot) => MATCHER.conceptId(conceptName(slot.trim()))),
    weight,
    flags: new Set((flags ?? "").split(" ").filter((flag): flag is Flag => ["whole", "short", "clear", "first"].includes(flag))),
  })),
);

function conceptName(slot: string): ConceptName {
  const name = slot.replace(/^@/, "");
  if (!(name in LEXICON)) throw new Error(`cue names unknown concept ${slot}`);
  return name as ConceptName;
}

export type IntentScores = Partial<Record<Intent, number>>;

export interface IntentResult {
  intent: Intent;
  /** 0..1. Below ~0.6 the bot should ask rather than act. */
  confidence: number;
  /** A risky intent (stop, delete_data) was stated clearly. */
  clear: boolean;
  scores: IntentScores;
}

/**
 * Scores every intent for a normalised message. `extra` adds evidence from entities
 * (an age suggests eligibility, an amount a project); `ignore` lists tokens already read
 * as entities (place names). Pure.
 */
export function classifyIntent(text: NormalizedText, extra: IntentScores = {}, ignore: readonly number[] = []): IntentResult {
  const tokens = text.tokens;
  if (tokens.length === 0) return { intent: "unknown", confidence: 0, clear: false, scores: {} };
  const hits = MATCHER.match(tokens);
  // Words already read as something else (a place name) are not read again as words.
  if (ignore.length > 0) {
    for (let c = 0; c < hits.length; c++) {
      hits[c] = (hits[c] ?? []).filter((hit) => !ignore.some((i) => i >= hit.start && i < hit.end));
    }
  }
  const content = contentTokenCount(tokens);
  const scores: Record<string, number> = {};
  const clear = new Set<Intent>();
  for (const cue of COMPILED) {
    const slotHits: ConceptHit[] = [];
    for (const slot of cue.slots) {
      const best = hits[slot]?.[0];
      if (!best) break;
      slotHits.push(best);
    }
    if (slotHits.length !== cue.slots.length) continue;
    if (cue.flags.has("short") && content > 3) continue;
    if (cue.flags.has("whole") && !coversAll(tokens, slotHits)) continue;
    if (cue.flags.has("first") && !slotHits.some((hit) => hit.start === 0)) continue;
    // Help and eligibility questions often carry a negation themselves ("je comprends pas", "sans diplôme").
    if (!NEGATION_FREE.has(cue.intent) && negated(tokens, slotHits)) continue;
    const quality = Math.min(...slotHits.map((hit) => hit.quality));
    scores[cue.intent] = (scores[cue.intent] ?? 0) + cue.weight * quality;
    if (cue.flags.has("clear")) clear.add(cue.intent);
  }
  for (const [intent, value] of Object.entries(extra)) scores[intent] = (scores[intent] ?? 0) + (value ?? 0);
  for (const intent of Object.keys(scores)) scores[intent] = Math.max(0, scores[intent] ?? 0);
  return decide(scores, clear);
}

function decide(raw: Record<string, number>, clear: ReadonlySet<Intent>): IntentResult {
  const scores: IntentScores = {};
  let topBusiness = 0;
  for (const [intent, value] of Object.entries(raw)) {
    if (!SOCIAL.has(intent as Intent) && intent !== "help") topBusiness = Math.max(topBusiness, value);
  }
  // "salam, je veux un rdv": the greeting is manners, the request is the point; and in
  // "aidez-moi à calculer mes coûts" the help is the project.
  for (const intent of INTENTS) {
    const value = raw[intent];
    if (value === undefined) continue;
    const discount = SOCIAL.has(intent) && topBusiness >= 2 ? 0.4 : intent === "help" && topBusiness >= 2.5 ? 0.6 : 1;
    scores[intent] = round(value * discount);
  }
  let best: Intent = "unknown";
  let first = 0;
  let second = 0;
  for (const intent of INTENTS) {
    const value = scores[intent] ?? 0;
    if (value > first) {
      second = first;
      first = value;
      best = intent;
    } else if (value > second) second = value;
  }
  if (first < MIN_SCORE) {
    return { intent: "unknown", confidence: round(first === 0 ? 0.5 : Math.max(0.2, 0.5 - first / 4)), clear: false, scores };
  }
  const strength = 1 - Math.exp(-first / 2.5);
  const share = first / (first + second);
  let confidence = strength * (0.4 + 0.6 * share);
  const isClear = clear.has(best);
  if (RISKY_INTENTS.has(best) && !isClear) confidence = Math.min(confidence, VAGUE_RISKY_MAX);
  return { intent: best, confidence: round(Math.min(0.99, confidence)), clear: isClear, scores };
}

function isFiller(tokens: readonly Token[], i: number): boolean {
  const form = tokens[i]?.form ?? "";
  if (FILLERS.has(form)) return true;
  return form === "من" && /^فضلك/.test(tokens[i + 1]?.form ?? "");
}

function contentTokenCount(tokens: readonly Token[]): number {
  let count = 0;
  for (let i = 0; i < tokens.length; i++) if (!isFiller(tokens, i)) count++;
  return count;
}

function coversAll(tokens: readonly Token[], hits: readonly ConceptHit[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    if (isFiller(tokens, i)) continue;
    if (!hits.some((hit) => i >= hit.start && i < hit.end)) return false;
  }
  return true;
}

/** A negation one or two words before the cue, in the same clause, and not part of it. */
function negated(tokens: readonly Token[], hits: readonly ConceptHit[]): boolean {
  let start = Infinity;
  let clause = 0;
  for (const hit of hits) {
    if (hit.start < start) {
      start = hit.start;
      clause = hit.clause;
    }
  }
  for (let i = start - 1; i >= Math.max(0, start - 2); i--) {
    const token = tokens[i];
    if (!token || token.clause !== clause) break;
    if (hits.some((hit) => i >= hit.start && i < hit.end)) continue;
    if (NEGATORS.has(token.form) || /^ma[a-z0-9]{2,}(?:ch|sh)$/.test(token.form) || /^ما.{2,}ش$/.test(token.form)) return true;
    // Darija negation written in two words: "ما بغيتش", "ma bghitch".
    const before = tokens[i - 1]?.form;
    if ((before === "ما" && token.form.endsWith("ش")) || (before === "ma" && /(?:ch|sh)$/.test(token.form))) return true;
  }
  return false;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The concepts found in a message, for debugging cues: `{ appointment: 1, cancelVerb: 0.95 }`. */
export function matchedConcepts(text: NormalizedText): Record<string, number> {
  const hits = MATCHER.match(text.tokens);
  const out: Record<string, number> = {};
  hits.forEach((list, id) => {
    const best = list[0];
    if (best) out[MATCHER.conceptNames[id] ?? String(id)] = best.quality;
  });
  return out;
}
