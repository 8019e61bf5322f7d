import type { Command } from "../core/commands.ts";
import { decide, understand, type Understanding } from "../nlu/understand.ts";
import type { Intent } from "../nlu/contract.ts";
import { enterMenu } from "./menu/index.ts";
import { stopAnnouncements } from "./privacy/index.ts";
import type { Flow, FlowContext, FlowState, StepResult } from "./types.ts";
import { ask, stateOf, withPrefix } from "./types.ts";

/**
 * Typed text that is neither a command word nor an offered choice's label goes through
 * the understanding layer (bot/nlu): "wakha" answers a yes/no question, "bghit nhder m3a
 * chi wa7ed" asks for a person. A guess is acted on only when confident; `stop` and
 * `delete_data` are confirmed first unless they are said plainly.
 */

/** Steps whose answer is free text (a name): there, words are not read as intents. */
const FREE_TEXT_STEPS = new Set(["onboarding:name", "privacy:rename"]);

/** Intents that are global commands, and the command each runs. */
const COMMAND_OF: Partial<Record<Intent, Command>> = {
  stop: "stop",
  delete_data: "delete",
  human: "human",
  language: "language",
  help: "help",
};

/** Journeys people ask for that Rafiq does not offer yet: said honestly, then the menu. */
const NOT_YET: ReadonlySet<Intent> = new Set(["eligibility", "programs", "project", "book", "cancel_booking"]);

export const CONFIRM = "confirm";

/** What a typed message meant: one of the offered choices, or a whole reply. */
export type Interpretation = { kind: "choice"; choiceId: string } | { kind: "reply"; result: StepResult };

export function interpretText(
  text: string,
  state: FlowState,
  ctx: FlowContext,
  runCommand: (command: Command) => StepResult,
): Interpretation | null {
  if (!ctx.contact.language || FREE_TEXT_STEPS.has(`${state.flow}:${state.step}`)) return null;
  const understood = understand(text, { now: ctx.now, languageHint: ctx.contact.language });
  const decision = decide(understood);
  if (decision === "ask") return null;
  const answer = yesNoAnswer(understood, state);
  if (answer) return { kind: "choice", choiceId: answer };
  const reply = (result: StepResult): Interpretation => ({ kind: "reply", result });
  const command = COMMAND_OF[understood.intent];
  if (command && decision === "act") return reply(runCommand(command));
  if (understood.intent === "stop" && decision === "confirm") return reply(askToConfirm(ctx));
  if (understood.intent === "delete_data") return reply(runCommand("delete")); // deleting always asks first
  if (decision !== "act") return null;
  const menuWith = (key: string) => reply(withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t(key) }]));
  if (NOT_YET.has(understood.intent)) return menuWith("common:notAvailableYet");
  if (understood.intent === "thanks") return menuWith("common:youreWelcome");
  if (understood.intent === "greet" && state.flow === "menu") return menuWith("common:hello");
  return null;
}

/** "oui", "wakha", "نعم", "la" answer the yes/no question on screen, whatever its ids. */
function yesNoAnswer(understood: Understanding, state: FlowState): string | null {
  if (understood.intent !== "affirm" && understood.intent !== "deny") return null;
  const suffixes = understood.intent === "affirm" ? [":yes", "-yes"] : [":no", "-no"];
  return state.offered.find((choice) => suffixes.some((suffix) => choice.id.endsWith(suffix)))?.id ?? null;
}

function askToConfirm(ctx: FlowContext): StepResult {
  return ask(stateOf(CONFIRM, "stop"), ctx.t("common:confirmStop"), [
    { id: "confirm:yes", label: ctx.t("common:yes") },
    { id: "confirm:no", label: ctx.t("common:no") },
  ]);
}

/** "You want to stop the announcements, right?" — asked when "stop" was not said plainly. */
export const confirmFlow: Flow = {
  name: CONFIRM,
  prompt: (_state, ctx) => askToConfirm(ctx),
  handle(_state, input, ctx) {
    if (input.kind === "choice" && input.choiceId === "confirm:yes") return stopAnnouncements(ctx);
    if (input.kind === "choice" && input.choiceId === "confirm:no") {
      return withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t("common:confirmCancelled") }]);
    }
    return withPrefix(askToConfirm(ctx), [{ kind: "text", text: ctx.t("common:pickOne") }]);
  },
};
