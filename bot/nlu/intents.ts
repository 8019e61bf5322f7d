import type { Intent } from "./contract.ts";
import { INTENTS, RISKY_INTENTS } from "./contract.ts";
import type { ConceptName } from "./lexicon.ts";
import { FILLERS, LEXICON, NEGATORS } from "./lexicon.ts";
import type { ConceptHit } from "./matcher.ts";
import { compileMatcher } from "./matcher.ts";
import type { NormalizedText, Token } from "./normalize.ts";
import type { FeatureSink } from "./features.ts";
import { FEATURE_SETTINGS, FeatureList, ModelScorer, textFeatures } from "./features.ts";
import type { LinearModel, SparseVector, StoredModel } from "./model.ts";
import { loadModel } from "./model.ts";
import { existsSync, readFileSync } from "node:fs";

export type { Intent } from "./contract.ts";
export { INTENTS, isIntent, RISKY_INTENTS } from "./contract.ts";

/** Highest confidence a risky intent gets without a clear statement ("arrête", "supprime"). */
export const VAGUE_RISKY_MAX = 0.55;
/** Highest confidence of a risky intent only the learned model sees: below the engine's ASK_BELOW. */
export const MODEL_ONLY_RISKY_MAX = 0.4;

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
  thanks: [["@thanks", 3], ["@thanks", 1, "first"], ["@okay + @thanks", 3]],
  // "comment ça marche ?" asks for help, whatever "ça marche" says elsewhere.
  affirm: [["@yes", 3, "short"], ["@yes", 1], ["@yes", 1.5, "first"], ["@help", -2]],
  deny: [["@no", 3, "short"], ["@no", 1], ["@noFirst", 2.5, "first"], ["@no + @thanks", 1.5, "short"]],
  help: [["@help", 3], ["@offTopic", -2.5]],
  eligibility: [
    ["@eligible", 3], ["@register", 1.5], ["@canI + @register", 2], ["@canI", 0.5], ["@suitsMe", 2], ["@suitsMe + @programWord", 1.5], ["@canI + @offers", 1.5],
    ["@diploma", 1.5], ["@diploma + @canI", 1], ["@residence", 1], ["@requirement", 1],
    ["@requirement + @programName", 1.5], ["@requirement + @programWord", 1.5], ["@canI + @audience", 1],
    ["@eligible + @offers", 1], ["@eligible + @programWord", 1], ["@nationality + @requirement", 2.5], ["@requirement + @register", 1.5], ["@nationality + @canI", 2], ["@documents", 1.5], ["@spam", -3], ["@offTopic", -3],
  ],
  programs: [
    ["@offers", 2.5], ["@programWord", 1.5], ["@programName", 3], ["@list + @offers", 1], ["@list + @programWord", 1],
    ["@list + @audience", 2], ["@fund", 3], ["@fund + @projectWord", 2], ["@list + @projectWord", 1],
    ["@spam", -3], ["@offTopic", -2], ["@offers + @create", 1.5], ["@audience", 1],
  ],
  project: [
    ["@projectWord", 2], ["@have + @projectWord", 1.5], ["@create + @projectWord", 2], ["@create", 0.5],
    ["@want + @create", 1.5], ["@finance", 2.5], ["@venue", 0.5], ["@create + @venue", 2.5],
    ["@business", 2], ["@want + @business", 0.5], ["@spam", -3], ["@offTopic", -2],
  ],
  book: [
    ["@appointment", 3], ["@meet + @advisor", 3], ["@meet + @platform", 2], ["@when", 1], ["@when + @meet", 1.5],
    ["@canI + @meet", 1.5], ["@meet", 0.5], ["@slot", 2], ["@schedule", 1], ["@schedule + @appointment", 2],
  ],
  cancel_booking: [
    // "إلغاء الاشتراك" cancels the announcements, not a booking.
    ["@cancelVerb", 2], ["@cancelVerb + @subscription", -2], ["@cancelVerb + @appointment", 5], ["@removeVerb + @appointment", 5],
    ["@notCome", 3.5], ["@notCome + @appointment", 1.5], ["@noNeed + @appointment", 5],
  ],
  human: [
    ["@humanWord", 2.5], ["@talk + @person", 3], ["@talk + @humanWord", 1], ["@talk + @advisor", 3],
    ["@advisor", 1.5], ["@want + @advisor", 1.5], ["@talk", 1], ["@notBot", 2], ["@person + @real", 3], ["@callMe", 2.5], ["@areYouBot", -4],
  ],
  language: [["@langWord", 3], ["@changeLang + @langWord", 1.5], ["@dontUnderstand + @langWord", 2], ["@offTopic", -3]],
  stop: [
    ["@stopCommand", 3.5, "whole clear"], ["@stopVerb", 1.5], ["@stopVerb + @messages", 3.5, "clear"],
    ["@noMore + @messages", 4, "clear"], ["@unsubscribe", 5, "clear"], ["@cancelVerb + @subscription", 5, "clear"],
    ["@stopVerb + @subscription", 5, "clear"], ["@noMore", 1], ["@dontSend", 4, "clear"],
  ],
  delete_data: [
    ["@removeVerb + @dataWord", 5, "clear"], ["@forget", 4, "clear"], ["@removeVerb", 1.5], ["@dataWord", 0.5], ["@withdraw", 3],
    ["@spam", -3],
  ],
};

const SOCIAL: ReadonlySet<Intent> = new Set(["greet", "thanks", "affirm", "deny"]);
// Nor does asking for another language ("je ne comprends pas le français", "ماكنعرفش نقرا الفرونسي").
const NEGATION_FREE: ReadonlySet<Intent> = new Set([...SOCIAL, "help", "eligibility", "language"]);
/** Below this score nothing was recognised well enough: `unknown`. */
const MIN_SCORE = 1.5;

const MATCHER = compileMatcher(LEXICON);

export const INTENT_MODEL_PATH = new URL("./intent-model.json", import.meta.url);
/** The learned model (`npm run nlu:train`), or null before it was ever trained. */
export const INTENT_MODEL: LinearModel | null = existsSync(INTENT_MODEL_PATH)
  ? loadModel(JSON.parse(readFileSync(INTENT_MODEL_PATH, "utf8")) as StoredModel)
  : null;

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

interface RuleReading {
  /** Rule scores per intent, before social words are discounted. */
  raw: Record<string, number>;
  /** Risky intents stated clearly. */
  clear: Set<Intent>;
  /** Risky intents whose every cue was negated ("je ne veux pas supprimer mes données"). */
  negatedRisky: Set<Intent>;
  hits: ConceptHit[][];
}

/** What the hand-written cues say about a message: scores per intent and the concepts found. */
function readRules(text: NormalizedText, extra: IntentScores, ignore: readonly number[]): RuleReading {
  const tokens = text.tokens;
  // Words already read as something else (a place name) are not read again as words (a
  // filtered copy: the matcher's answer is shared).
  const matched = MATCHER.match(tokens);
  const hits = ignore.length > 0 ? matched.map((list) => list.filter((hit) => !ignore.some((i) => i >= hit.start && i < hit.end))) : matched;
  const content = contentTokenCount(tokens);
  const raw: Record<string, number> = {};
  const clear = new Set<Intent>();
  const negatedRisky = new Set<Intent>();
  const firedRisky = new Set<Intent>();
  for (const cue of COMPILED) {
    // Most cues miss a slot: checked before any list is built for them.
    if (!everySlotHit(cue.slots, hits)) continue;
    const slotHits = cue.slots.map((slot) => hits[slot]![0]!);
    if (cue.flags.has("short") && content > 3) continue;
    if (cue.flags.has("whole") && !coversAll(tokens, slotHits)) continue;
    if (cue.flags.has("first") && !slotHits.some((hit) => hit.start === 0)) continue;
    // Help and eligibility questions often carry a negation themselves ("je comprends pas", "sans diplôme").
    if (!NEGATION_FREE.has(cue.intent) && negated(tokens, slotHits)) {
      if (RISKY_INTENTS.has(cue.intent) && cue.weight > 1) negatedRisky.add(cue.intent);
      continue;
    }
    const quality = Math.min(...slotHits.map((hit) => hit.quality));
    if (RISKY_INTENTS.has(cue.intent) && cue.weight > 1) firedRisky.add(cue.intent);
    raw[cue.intent] = (raw[cue.intent] ?? 0) + cue.weight * quality;
    if (cue.flags.has("clear")) clear.add(cue.intent);
  }
  for (const [intent, value] of Object.entries(extra)) raw[intent] = (raw[intent] ?? 0) + (value ?? 0);
  for (const intent of Object.keys(raw)) raw[intent] = Math.max(0, raw[intent] ?? 0);
  for (const intent of firedRisky) negatedRisky.delete(intent);
  return { raw, clear, negatedRisky, hits };
}

function everySlotHit(slots: readonly number[], hits: ConceptHit[][]): boolean {
  for (const slot of slots) if (hits[slot]?.[0] === undefined) return false;
  return true;
}

/** The learned model's view of a message: its text, and what the rules found in it. */
function emitFeatures(text: NormalizedText, reading: RuleReading, extra: IntentScores, sink: FeatureSink): void {
  textFeatures(text.tokens, sink);
  reading.hits.forEach((list, concept) => {
    const best = list[0];
    if (best) sink.add(`k:${MATCHER.conceptNames[concept] ?? concept}`, best.quality);
  });
  for (const intent in reading.raw) {
    const value = reading.raw[intent] ?? 0;
    if (value > 0) sink.add(`r:${intent}`, Math.min(value, 8) * FEATURE_SETTINGS.ruleScale);
  }
  for (const intent in extra) {
    const value = extra[intent as Intent] ?? 0;
    if (value) sink.add(`e:${intent}`, value * FEATURE_SETTINGS.ruleScale);
  }
  for (const intent of reading.clear) sink.add(`clear:${intent}`);
}

/** The features of a message for training the model (same inputs as `classifyIntent`). */
export function intentFeatures(text: NormalizedText, extra: IntentScores = {}, ignore: readonly number[] = []): SparseVector {
  const list = new FeatureList();
  emitFeatures(text, readRules(text, extra, ignore), extra, list);
  return list;
}

/**
 * Scores every intent for a normalised message. `extra` adds evidence from entities
 * (an age suggests eligibility, an amount a project); `ignore` lists tokens already read
 * as entities (place names). Pure.
 */
export function classifyIntent(text: NormalizedText, extra: IntentScores = {}, ignore: readonly number[] = []): IntentResult {
  return classifyIntentWith(INTENT_MODEL, text, extra, ignore);
}

/** `classifyIntent` with a given model (`null`: the rules alone), for cross-validation. */
export function classifyIntentWith(
  model: LinearModel | null,
  text: NormalizedText,
  extra: IntentScores = {},
  ignore: readonly number[] = [],
): IntentResult {
  if (text.tokens.length === 0) return { intent: "unknown", confidence: 0, clear: false, scores: {} };
  const reading = readRules(text, extra, ignore);
  const rules = decide(reading.raw, reading.clear);
  if (!model) return rules;
  const scorer = new ModelScorer(model);
  emitFeatures(text, reading, extra, scorer);
  return blend(model.textOnly ? null : rules, scorer.probabilities(), model, reading, rules.scores);
}

/**
 * How much the rules count against the model. Chosen on utterances neither had seen (round
 * 5 of tests/nlu/datasets/README.md): the rules alone were tuned on the training set, so
 * cross-validation on it cannot say how far to trust them.
 */
const RULE_WEIGHT = 0.5;

/**
 * The rules' reading and the model's probabilities made into one answer: an even mix of the
 * model's distribution and the rules' (their intent at their confidence, the rest spread
 * evenly). A risky intent stays below the threshold for acting unless the rules found it
 * stated clearly, whatever the model says.
 */
function blend(
  rules: IntentResult | null,
  probabilities: Float64Array,
  model: LinearModel,
  reading: RuleReading,
  scores: IntentScores,
): IntentResult {
  const k = model.classes.length;
  let best = -1;
  let bestIndex = 0;
  for (let i = 0; i < k; i++) {
    // What the person said they do not want is not what they want, whatever the words.
    if (reading.negatedRisky.has(model.classes[i] as Intent)) continue;
    const p = probabilities[i] ?? 0;
    const ruleP = !rules ? p : model.classes[i] === rules.intent ? rules.confidence : (1 - rules.confidence) / (k - 1);
    const mixed = (1 - RULE_WEIGHT) * p + RULE_WEIGHT * ruleP;
    if (mixed > best) {
      best = mixed;
      bestIndex = i;
    }
  }
  const intent = (model.classes[bestIndex] ?? "unknown") as Intent;
  // When both read the same intent, the answer is at least as sure as the surer of the two.
  let confidence = intent === rules?.intent ? Math.max(best, rules.confidence) : best;
  const isClear = reading.clear.has(intent);
  if (RISKY_INTENTS.has(intent) && !isClear) confidence = Math.min(confidence, VAGUE_RISKY_MAX);
  // The model alone, with no word of stopping or erasing found by the rules: ask, do not even offer to.
  if (RISKY_INTENTS.has(intent) && !((scores[intent] ?? 0) > 0)) confidence = Math.min(confidence, MODEL_ONLY_RISKY_MAX);
  return { intent, confidence: round(Math.min(0.99, confidence)), clear: isClear, scores };
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

/** Whether a message names this concept ("t'es un robot ?" names `areYouBot`), whatever intent it carries. */
export function namesConcept(text: NormalizedText, concept: ConceptName): boolean {
  return (MATCHER.match(text.tokens)[MATCHER.conceptId(concept)] ?? []).length > 0;
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
