import type { Db } from "../../db/client.ts";
import { takeCoachCall } from "../../db/projects.ts";
import type { Logger } from "../../lib/logger.ts";
import { localDateOf } from "../booking/local-time.ts";
import type { BookingCaps } from "../booking/types.ts";
import { loadBookingView } from "../booking/view.ts";
import { loadHandoffView } from "../conversation/handoff-view.ts";
import { bookingNeeds } from "../flows/booking/index.ts";
import { handoffNeeds } from "../flows/handoff/index.ts";
import { projectNeeds } from "../flows/project/index.ts";
import { expectOf, INITIAL_STATE } from "../flows/router.ts";
import type { FlowContext, FlowState, SecondOpinion } from "../flows/types.ts";
import { wantsSecondOpinion } from "../flows/understanding.ts";
import type { LlmFallback } from "../nlu/llm-fallback.ts";
import type { Canvas } from "../project/types.ts";
import type { CoachDraft, CoachPort } from "../project/view.ts";
import { loadProjectView } from "../project/view.ts";
import type { InboundContent } from "./types.ts";

/**
 * What each journey needs before its step runs, in one registry the engine walks: a pure
 * predicate from the flow ("does this message need my data?") paired with its loader
 * (which reads the database), so flows stay pure and a new journey adds an entry here,
 * not a branch in the engine.
 *
 * Two kinds: `loads` read the database inside the turn's transaction (the conversation
 * locked); `asks` go to a language model, which may take seconds, so the engine asks them
 * with no transaction open and runs the step afterwards with the answers.
 */

/** What a predicate sees of the message. `asked` is the message as a choice when it typed one of the offered options ("4", a label). */
export interface NeedsInput {
  session: FlowState | null;
  content: InboundContent;
  asked: InboundContent;
  /** The rules' reading of a typed message, computed once on demand. */
  typedIntent: () => string | null;
}

export interface StepNeedsDeps {
  log: Logger;
  bookingCaps?: BookingCaps;
  /** The optional language model, for messages the rules cannot place. */
  secondOpinion?: LlmFallback;
  /** The optional project coach and how many drafts one person gets per day. */
  coach?: { port: CoachPort; dailyCalls: number };
}

interface Load<Request> {
  /** Pure: what this step needs loaded for this message, or null. */
  wants(input: NeedsInput, message: InboundContent): Request | null;
  load(tx: Db, request: Request, ctx: FlowContext, deps: StepNeedsDeps): Promise<void>;
}

interface Ask<Request, Answer> {
  /** Pure once the loads are in `ctx`: whether to ask, and what. Only called when `available`. */
  wants(input: NeedsInput, ctx: FlowContext): Request | null;
  available(deps: StepNeedsDeps): boolean;
  /** Outside any transaction, bounded by the model's own timeout; undefined when no usable answer. */
  ask(request: Request, deps: StepNeedsDeps & { db: Db }): Promise<Answer | undefined>;
  put(ctx: FlowContext, answer: Answer): void;
}

const booking: Load<NonNullable<ReturnType<typeof bookingNeeds>>> = {
  wants: (input, message) => bookingNeeds(input.session, message, input.typedIntent),
  async load(tx, needs, ctx, deps) {
    ctx.booking = await loadBookingView(tx, {
      contactId: ctx.contact.id,
      siteId: needs.siteId,
      appointmentId: needs.appointmentId,
      siteText: needs.siteText,
      now: ctx.now,
      ...(deps.bookingCaps ? { caps: deps.bookingCaps } : {}),
    });
  },
};

const handoff: Load<true> = {
  wants: (input, message) => (handoffNeeds(input.session, message, input.typedIntent) ? true : null),
  async load(tx, _request, ctx) {
    ctx.handoff = await loadHandoffView(tx, { contactId: ctx.contact.id, now: ctx.now });
  },
};

const project: Load<true> = {
  wants: (input, message) => (projectNeeds(input.session, message, input.typedIntent) ? true : null),
  async load(tx, _request, ctx) {
    ctx.project = await loadProjectView(tx, ctx.contact.id);
  },
};

const secondOpinion: Ask<{ text: string; now: Date; lang: FlowContext["lang"] }, SecondOpinion> = {
  available: (deps) => deps.secondOpinion !== undefined,
  wants(input, ctx) {
    const { content, session } = input;
    if (content.kind !== "text") return null;
    const state = session ?? INITIAL_STATE;
    // Asked after the loads: the question on screen's readers need them (a platform's names).
    return wantsSecondOpinion(content.text, state, ctx, expectOf(state, ctx)) ? { text: content.text, now: ctx.now, lang: ctx.lang } : null;
  },
  async ask(request, deps) {
    const outcome = await deps.secondOpinion!.understand(request.text, { now: request.now, languageHint: request.lang });
    if (!outcome.ok) {
      deps.log.info({ reason: outcome.reason }, "language model gave no usable answer; the rules' reading stands");
      return undefined;
    }
    return { intent: outcome.intent, confidence: outcome.confidence, entities: outcome.entities };
  },
  put(ctx, answer) {
    ctx.secondOpinion = answer;
  },
};

/** A draft of the canvas from a freely described idea, within the person's daily budget. */
const coach: Ask<{ text: string; contactId: string; lang: FlowContext["lang"]; canvas: Canvas; now: Date }, CoachDraft> = {
  available: (deps) => deps.coach !== undefined,
  wants(input, ctx) {
    const needs = projectNeeds(input.session, input.asked, input.typedIntent) ?? projectNeeds(input.session, input.content, input.typedIntent);
    if (!needs?.coachText || ctx.contact.consent !== "given") return null;
    return { text: needs.coachText, contactId: ctx.contact.id, lang: ctx.lang, canvas: ctx.project?.canvas ?? {}, now: ctx.now };
  },
  async ask(request, deps) {
    const { port, dailyCalls } = deps.coach!;
    if (!(await takeCoachCall(deps.db, request.contactId, localDateOf(request.now), dailyCalls, request.now))) return undefined;
    const outcome = await port.draft(request.text, { lang: request.lang, canvas: request.canvas });
    if (!outcome.ok) {
      deps.log.info({ reason: outcome.reason }, "project coach gave no usable draft; the guided steps go on");
      return undefined;
    }
    return { fields: outcome.fields, suggestions: outcome.suggestions };
  },
  put(ctx, draft) {
    ctx.coachDraft = draft;
  },
};

// The registry. Order of loads does not matter; asks come after every load.
const LOADS: Load<unknown>[] = [booking, handoff, project] as Load<unknown>[];
const ASKS: Ask<unknown, unknown>[] = [secondOpinion, coach] as Ask<unknown, unknown>[];

/** Loads, inside the turn's transaction, what the message's step needs into `ctx`. */
export async function loadStepNeeds(tx: Db, input: NeedsInput, ctx: FlowContext, deps: StepNeedsDeps): Promise<void> {
  for (const need of LOADS) {
    const request = need.wants(input, input.asked) ?? (input.asked !== input.content ? need.wants(input, input.content) : null);
    if (request !== null) await need.load(tx, request, ctx, deps);
  }
}

/** The questions for a model this step wants answered first; empty (the usual case) when none. */
export type PendingAsks = { index: number; request: unknown }[];

export function stepAsks(input: NeedsInput, ctx: FlowContext, deps: StepNeedsDeps): PendingAsks {
  const asks: PendingAsks = [];
  ASKS.forEach((ask, index) => {
    if (!ask.available(deps)) return;
    const request = ask.wants(input, ctx);
    if (request !== null) asks.push({ index, request });
  });
  return asks;
}

/** The models' answers, by ask; an ask with no usable answer is left out (the rules' reading stands). */
export type AskAnswers = { index: number; answer: unknown }[];

/** Asks every pending question at once, with no transaction open; never throws. */
export async function askModels(asks: PendingAsks, deps: StepNeedsDeps & { db: Db }): Promise<AskAnswers> {
  const answers = await Promise.all(
    asks.map(async ({ index, request }): Promise<AskAnswers[number] | null> => {
      try {
        const answer = await ASKS[index]!.ask(request, deps);
        return answer === undefined ? null : { index, answer };
      } catch (error) {
        deps.log.warn({ err: error }, "asking a language model failed; the rules' reading stands");
        return null;
      }
    }),
  );
  return answers.filter((answer) => answer !== null);
}

export function putAnswers(ctx: FlowContext, answers: AskAnswers): void {
  for (const { index, answer } of answers) ASKS[index]!.put(ctx, answer);
}

/** What a step the system takes on the person's behalf (an advisor took over, handed back) needs. */
export async function loadSystemStepNeeds(tx: Db, ctx: FlowContext, deps: StepNeedsDeps): Promise<void> {
  await handoff.load(tx, true, ctx, deps);
}
