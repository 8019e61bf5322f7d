import type OpenAI from "openai";
import { completeStructured } from "../../lib/llm.ts";
import { zodResponseFormat } from "openai/helpers/zod";
import { maskPersonalData } from "../../prompts/nlu/mask.ts";
import { buildNluMessages } from "../../prompts/nlu/prompt.ts";
import { NluAnswer, NluAnswerChecked } from "../../prompts/nlu/schema.ts";
import type { NluAnswerChecked as CheckedAnswer } from "../../prompts/nlu/schema.ts";
import type { Lang } from "../core/types.ts";
import type { Entities, Intent, Understanding } from "./contract.ts";
import { RISKY_INTENTS } from "./contract.ts";
import { localDay } from "./dates.ts";
import { normalizeText } from "./normalize.ts";
import { findPlace } from "./places.ts";
import type { UnderstandOptions } from "./understand.ts";
import { ASK_BELOW, decide, understand } from "./understand.ts";

/**
 * The optional language-model fallback: when the rules are unsure, ask the model for the
 * same structured result, on the masked text. Any failure (timeout, refusal, HTTP error,
 * malformed answer) gives `unknown` without breaking the conversation. The model's word
 * never makes a risky intent actionable: its stop/delete_data stay below the threshold
 * at which the engine acts, so the person is asked to confirm.
 */

export interface LlmFallbackDeps {
  client: OpenAI;
  model: string;
  timeoutMs: number;
}

export type LlmFailure = "timeout" | "refusal" | "http" | "malformed";

export type LlmOutcome =
  | { ok: true; intent: Intent; confidence: number; language: Lang; entities: Entities }
  | { ok: false; reason: LlmFailure; intent: "unknown"; confidence: 0; entities: Entities };

export interface LlmFallback {
  understand(text: string, options?: { now?: Date; languageHint?: Lang }): Promise<LlmOutcome>;
}

/** The model's confidence is capped: it is a second opinion, not a certainty. */
const LLM_MAX_CONFIDENCE = 0.9;
/** Below the engine's threshold for acting on stop/delete_data (0.8): always confirmed. */
const LLM_RISKY_MAX_CONFIDENCE = 0.7;

const RESPONSE_FORMAT = zodResponseFormat(NluAnswer, "nlu_answer");
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export function createLlmFallback(deps: LlmFallbackDeps): LlmFallback {
  return {
    async understand(text, options = {}) {
      const now = options.now ?? new Date();
      const day = localDay(now);
      const today = `${day.year}-${String(day.month).padStart(2, "0")}-${String(day.day).padStart(2, "0")}`;
      const messages = buildNluMessages({
        maskedText: maskPersonalData(text).text,
        today,
        weekday: WEEKDAYS[day.weekday] ?? "",
        ...(options.languageHint ? { languageHint: options.languageHint } : {}),
      });
      const answer = await completeStructured(deps.client, { model: deps.model, messages, responseFormat: RESPONSE_FORMAT, timeoutMs: deps.timeoutMs });
      if (!answer.ok) return failure(answer.reason);
      const content = answer.content;
      return parseAnswer(content);
    },
  };
}

function failure(reason: LlmFailure): LlmOutcome {
  return { ok: false, reason, intent: "unknown", confidence: 0, entities: {} };
}


/** Parses and checks the model's JSON; anything off is "malformed". */
export function parseAnswer(content: string | null | undefined): LlmOutcome {
  if (!content) return failure("malformed");
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return failure("malformed");
  }
  const parsed = NluAnswerChecked.safeParse(json);
  if (!parsed.success) return failure("malformed");
  const answer = parsed.data;
  const cap = RISKY_INTENTS.has(answer.intent) ? LLM_RISKY_MAX_CONFIDENCE : LLM_MAX_CONFIDENCE;
  return {
    ok: true,
    intent: answer.intent,
    confidence: Math.min(answer.confidence, cap),
    language: answer.language,
    entities: entitiesFrom(answer.entities),
  };
}

function entitiesFrom(raw: CheckedAnswer["entities"]): Entities {
  const entities: Entities = {};
  if (raw.age !== null) entities.age = raw.age;
  // The place goes through our geography: a slug is never taken from the model.
  if (raw.place) {
    const place = findPlace(normalizeText(raw.place));
    if (place.region) entities.region = place.region;
    if (place.province) entities.province = place.province;
  }
  if (raw.gender) entities.gender = raw.gender;
  if (raw.amountMad !== null) {
    entities.amountMad = raw.amountMad;
    entities.amountUnitClear = raw.amountUnitClear ?? false;
  }
  if (raw.date) entities.date = raw.date;
  if (raw.time) entities.time = raw.time;
  return entities;
}

/**
 * Rules first; the model only when the rules would have to ask (and a fallback is
 * configured). The rules keep the language and any entity they found; the model fills
 * the intent and the entities the rules missed.
 */
export async function understandWithFallback(
  text: string,
  options: UnderstandOptions & { fallback?: LlmFallback | undefined } = {},
): Promise<Understanding & { source: "rules" | "llm" }> {
  const rules = understand(text, options);
  if (!options.fallback || decide(rules) !== "ask" || rules.text === "") return { ...rules, source: "rules" };
  const llm = await options.fallback.understand(text, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.languageHint ? { languageHint: options.languageHint } : {}),
  });
  if (!llm.ok || llm.intent === "unknown" || llm.confidence < ASK_BELOW) return { ...rules, source: "rules" };
  return { ...rules, intent: llm.intent, confidence: llm.confidence, entities: { ...llm.entities, ...rules.entities }, source: "llm" };
}
