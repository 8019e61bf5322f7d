import type { Flow, FlowContext, FlowState, StepResult } from "../types.ts";
import { stateOf, withPrefix } from "../types.ts";
import { askConsent } from "../onboarding/index.ts";
import { enterMenu } from "../menu/index.ts";

export const HANDOFF = "handoff";

/** Quiet time between two "an advisor will answer" acknowledgements while waiting. */
export const WAITING_ACK_INTERVAL_MS = 30 * 60 * 1000;

function backToBotChoice(ctx: FlowContext) {
  return { id: "cmd:bot", label: ctx.t("handoff:backToBot") };
}

/**
 * "Talk to a person": the conversation becomes `waiting` and the bot steps aside. An
 * advisor needs to read the conversation, so this needs consent first.
 */
export function requestHuman(ctx: FlowContext): StepResult {
  if (ctx.contact.consent !== "given") {
    return withPrefix(askConsent(ctx, "menu"), [{ kind: "text", text: ctx.t("handoff:needsConsent") }]);
  }
  if (ctx.conversationStatus === "waiting" || ctx.conversationStatus === "advisor") {
    return whileWaiting(stateOf(HANDOFF, "waiting"), ctx, true);
  }
  return {
    state: stateOf(HANDOFF, "waiting", { ackedAt: ctx.now.toISOString() }),
    messages: [{ kind: "choices", text: ctx.t("handoff:requested"), choices: [backToBotChoice(ctx)] }],
    effects: [{ type: "setConversationStatus", status: "waiting" }],
  };
}

/** Something arrived while waiting for an advisor: acknowledge now and then, never chatter. */
export function whileWaiting(state: FlowState, ctx: FlowContext, force = false): StepResult {
  const ackedAt = typeof state.data.ackedAt === "string" ? Date.parse(state.data.ackedAt) : Number.NaN;
  const recently = !Number.isNaN(ackedAt) && ctx.now.getTime() - ackedAt < WAITING_ACK_INTERVAL_MS;
  if (recently && !force) return { state, messages: [], effects: [] };
  return {
    state: stateOf(HANDOFF, "waiting", { ackedAt: ctx.now.toISOString() }),
    messages: [{ kind: "choices", text: ctx.t("handoff:stillWaiting"), choices: [backToBotChoice(ctx)] }],
    effects: [],
  };
}

export function backToBot(ctx: FlowContext): StepResult {
  const wasWaiting = ctx.conversationStatus === "waiting";
  const result = enterMenu(ctx);
  if (!wasWaiting) return result;
  return withPrefix(result, [{ kind: "text", text: ctx.t("handoff:cancelled") }], [{ type: "setConversationStatus", status: "bot" }]);
}

export const handoffFlow: Flow = {
  name: HANDOFF,
  prompt: (state, ctx) => whileWaiting(state, ctx, true),
  handle: (state, _input, ctx) => whileWaiting(state, ctx),
};
