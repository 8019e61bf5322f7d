import type { Lang } from "../core/types.ts";
import type { Entities, Understanding } from "./contract.ts";
import { RISKY_INTENTS } from "./contract.ts";
import type { Expecting } from "./entities.ts";
import { extractEntitiesWithSpans } from "./entities.ts";
import type { IntentScores } from "./intents.ts";
import { classifyIntentWith, INTENT_MODEL, intentFeatures, namesConcept } from "./intents.ts";
import type { LinearModel, SparseVector } from "./model.ts";
import { detectLanguage } from "./language.ts";
import { normalizeText } from "./normalize.ts";

export type { Entities, Intent, Script, Understanding } from "./contract.ts";

export interface UnderstandOptions {
  /** "Now", for dates ("demain") and birth years; pass the engine's clock. Defaults to the system clock. */
  now?: Date;
  /** The person's chosen language, used when the message does not tell. */
  languageHint?: Lang;
  /** What the bot just asked for: a bare "24" is then an age, a bare "Safi" a place. */
  expecting?: Expecting;
}

/**
 * Understands one typed message: language and script, intent with a confidence, and the
 * entities it states. Pure given `now`; no I/O, no model.
 */
export function understand(text: string, options: UnderstandOptions = {}): Understanding {
  return understandWith(INTENT_MODEL, text, options);
}

/** `understand` with a given intent model (`null`: the rules alone), for training and cross-validation. */
export function understandWith(model: LinearModel | null, text: string, options: UnderstandOptions = {}): Understanding {
  const normalized = normalizeText(text);
  const now = options.now ?? new Date();
  const language = detectLanguage(normalized, options.languageHint);
  const { entities, placeTokens, mentionsYears } = extractEntitiesWithSpans(normalized, { now, expecting: options.expecting });
  let intent = classifyIntentWith(model, normalized, evidenceFrom(entities, mentionsYears), placeTokens);
  // "سلام عليكم، بغيت رونديفو فالعيون": the greeting is manners, what follows is the point.
  const afterGreeting = withoutOpeningGreeting(normalized.original);
  if ((intent.intent === "greet" || intent.intent === "affirm") && afterGreeting) {
    const rest = normalizeText(afterGreeting);
    const spans = extractEntitiesWithSpans(rest, { now, expecting: options.expecting });
    const point = classifyIntentWith(model, rest, evidenceFrom(spans.entities, spans.mentionsYears), spans.placeTokens);
    if (point.intent !== "unknown" && point.intent !== "greet") intent = point;
  }
  return {
    text: normalized.original,
    language: language.language,
    script: language.script,
    intent: intent.intent,
    confidence: intent.confidence,
    entities,
  };
}

const OPENING_GREETING =
  /^\s*(?:ok|okay|bon|alors|bref|wakha|safi|ewa|iwa|واخا|صافي|ايوا|اوكي|salam(?:\s*(?:3likom|3alaykom|alaykoum|alikoum))?|slm|slt|salut|bonjour|bonsoir|bjr|bsr|coucou|hello|hi|hey|ahlan|marhba|السلام عليكم|سلام عليكم|السلام|سلام|مرحبا|اهلا|أهلا|صباح الخير|مساء الخير)(?:\s+(?:khoya|khti|sahbi|خويا|ختي|a3chiri|عشيري))?\s*[,،!.\s]\s*/iu;

/** The message without a greeting that opens it, when more follows ("salam, bghit maw3id" → "bghit maw3id"). */
function withoutOpeningGreeting(text: string): string | null {
  const match = OPENING_GREETING.exec(text);
  if (!match) return null;
  const rest = text.slice(match[0].length).trim();
  return rest.split(/\s+/).filter(Boolean).length >= 2 ? rest : null;
}

/** "T'es un robot ?", "wach nta robot", "هل أنت روبوت": the person asks what they are talking to. */
export function asksIfBot(text: string): boolean {
  return namesConcept(normalizeText(text), "areYouBot");
}

/** What the intent model reads in a message, for training it. */
export function featuresForTraining(text: string, now: Date): SparseVector {
  const normalized = normalizeText(text);
  const { entities, placeTokens, mentionsYears } = extractEntitiesWithSpans(normalized, { now });
  return intentFeatures(normalized, evidenceFrom(entities, mentionsYears), placeTokens);
}

/** Stated facts hint at what the person is doing: an age or a place at eligibility, an amount at a project. */
function evidenceFrom(entities: Entities, mentionsYears: boolean): IntentScores {
  const extra: IntentScores = {};
  const eligibility = (entities.age !== undefined ? 2 : mentionsYears ? 1.5 : 0) + (entities.gender ? 1.5 : 0) + (entities.province || entities.region ? 0.5 : 0);
  if (eligibility > 0) extra.eligibility = eligibility;
  if (entities.amountMad !== undefined) extra.project = 1.5;
  const when = (entities.date ? 1 : 0) + (entities.time ? 1 : 0);
  if (when > 0) extra.book = when;
  return extra;
}

/** Below this the bot should ask what the person meant (or ask the model, when there is one). */
export const ASK_BELOW = 0.45;
/** Risky intents (stop, delete_data) are acted on only from here; below, the bot confirms first. */
export const ACT_ON_RISKY_FROM = 0.8;
/** Other intents are acted on from here; between ASK_BELOW and this, the bot confirms. */
export const ACT_FROM = 0.6;

export type Decision = "act" | "confirm" | "ask";

/**
 * What the engine should do with an understanding: act on it, confirm it first ("You
 * want to stop the announcements, right?"), or ask. `stop` and `delete_data` are never
 * acted on from a vague statement.
 */
export function decide(result: Pick<Understanding, "intent" | "confidence">): Decision {
  if (result.intent === "unknown" || result.confidence < ASK_BELOW) return "ask";
  const threshold = RISKY_INTENTS.has(result.intent) ? ACT_ON_RISKY_FROM : ACT_FROM;
  return result.confidence >= threshold ? "act" : "confirm";
}
