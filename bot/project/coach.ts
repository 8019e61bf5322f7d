import type OpenAI from "openai";
import { completeStructured } from "../../lib/llm.ts";
import { zodResponseFormat } from "openai/helpers/zod";
import type { Db } from "../../db/client.ts";
import { takeCoachCall } from "../../db/projects.ts";
import { maskPersonalData } from "../../prompts/nlu/mask.ts";
import { checkCoachAnswer } from "../../prompts/project/check.ts";
import { buildCoachMessages } from "../../prompts/project/prompt.ts";
import { CoachAnswer } from "../../prompts/project/schema.ts";
import { localDateOf } from "../booking/local-time.ts";
import type { Lang } from "../core/types.ts";
import type { Canvas } from "./types.ts";

/**
 * The optional AI coach: the person describes the idea freely, the model drafts canvas
 * fields from the masked text, and the flow confirms each with the person. Any failure
 * (timeout, refusal, HTTP error, malformed answer) is a return value: the guided steps go
 * on without it. One attempt, no retries: a person is waiting.
 */

/** Coach calls per person per local day (Africa/Casablanca) by default; the app passes config COACH_DAILY_CALLS. */
export const COACH_DAILY_CALLS = 5;

export interface ProjectCoachDeps {
  client: OpenAI;
  model: string;
  timeoutMs: number;
}

export type CoachFailure = "timeout" | "refusal" | "http" | "malformed";

export type CoachOutcome = { ok: true; fields: Canvas; suggestions: string[] } | { ok: false; reason: CoachFailure };

export interface ProjectCoach {
  draft(text: string, context: { lang: Lang; canvas: Canvas }): Promise<CoachOutcome>;
}

const RESPONSE_FORMAT = zodResponseFormat(CoachAnswer, "project_draft");

export function createProjectCoach(deps: ProjectCoachDeps): ProjectCoach {
  return {
    async draft(text, { lang, canvas }) {
      const maskedText = maskPersonalData(text).text;
      const messages = buildCoachMessages({ maskedText, lang, canvasSoFar: maskCanvas(canvas) });
      const answer = await completeStructured(deps.client, { model: deps.model, messages, responseFormat: RESPONSE_FORMAT, timeoutMs: deps.timeoutMs });
      if (!answer.ok) return { ok: false, reason: answer.reason };
      const content = answer.content;
      return parseCoachAnswer(content, maskedText);
    },
  };
}

/** Parses the model's JSON (types and enums, else "malformed"), then checks each field. */
export function parseCoachAnswer(content: string | null | undefined, maskedText: string): CoachOutcome {
  if (!content) return { ok: false, reason: "malformed" };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const parsed = CoachAnswer.safeParse(json);
  if (!parsed.success) return { ok: false, reason: "malformed" };
  const { fields, suggestions } = checkCoachAnswer(parsed.data, maskedText);
  return { ok: true, fields, suggestions };
}

/** The canvas's own text (the team, the worries…) leaves the server masked too. */
function maskCanvas(canvas: Canvas): Canvas {
  const masked: Canvas = { ...canvas };
  const mask = (value: string | undefined) => (value === undefined ? undefined : maskPersonalData(value).text);
  for (const key of ["idea", "customers", "offer", "team", "worries"] as const) {
    const value = mask(canvas[key]);
    if (value !== undefined) masked[key] = value;
  }
  if (canvas.startupCosts) masked.startupCosts = canvas.startupCosts.map((item) => ({ ...item, label: maskPersonalData(item.label).text }));
  if (canvas.monthlyCosts) {
    masked.monthlyCosts = canvas.monthlyCosts.map((item) => (item.label === undefined ? item : { ...item, label: maskPersonalData(item.label).text }));
  }
  return masked;
}

/**
 * Counts one coach call against the person's budget for today in Casablanca: true when
 * allowed (and counted), false when today's calls are used up. Atomic in the database,
 * so parallel messages never overspend. Call it just before `draft`.
 */
export function takeCoachBudget(db: Db, contactId: string, now: Date, limit = COACH_DAILY_CALLS): Promise<boolean> {
  return takeCoachCall(db, contactId, localDateOf(now), limit, now);
}
