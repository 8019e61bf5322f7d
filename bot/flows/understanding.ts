import type { Command } from "../core/commands.ts";
import { detectCommand } from "../core/commands.ts";
import { matchChoice } from "../core/choice-match.ts";
import { cleanText, hasWords } from "../core/normalize.ts";
import { asksIfBot, decide, understand, type Understanding } from "../nlu/understand.ts";
import type { Intent } from "../nlu/contract.ts";
import type { Profile } from "../eligibility/types.ts";
import type { Lang } from "../core/types.ts";
import { namedLanguage } from "./onboarding/language.ts";
import { cancelFromTyped, startBooking } from "./booking/index.ts";
import { startProject } from "./project/index.ts";
import { startEligibility } from "./eligibility/index.ts";
import { describeAnswer } from "./eligibility/results.ts";
import { enterMenu } from "./menu/index.ts";
import { discoverNear, startDiscovery } from "./programs/index.ts";
import { stopAnnouncements } from "./privacy/index.ts";
import type { Flow, FlowContext, FlowState, StepResult } from "./types.ts";
import { ask, stateOf, withPrefix } from "./types.ts";
import { SWITCH, type PendingJourney } from "./pending.ts";

/**
 * Typed text that is neither a command word nor an offered choice's label goes through
 * the understanding layer (bot/nlu): "wakha" answers a yes/no question, "bghit nhder m3a
 * chi wa7ed" asks for a person. A guess is acted on only when confident; `stop` and
 * `delete_data` are confirmed first unless they are said plainly.
 */

/** Steps whose answer is free text (a name): there, words are not read as intents. */
const FREE_TEXT_STEPS = new Set(["onboarding:name", "privacy:rename", "project:ask", "project:confirmAmount", "booking:cancelReason"]);

/** Journeys a person may ask for mid-journey, and the command that opens each. */
const JOURNEY_OF: Partial<Record<Intent, Command>> = {
  book: "book",
  project: "project",
  eligibility: "eligibility",
  programs: "programs",
  cancel_booking: "appointments",
  human: "human",
};

/** The flow each journey command leads to, so the journey on screen is not offered again. */
const FLOW_OF: Partial<Record<Command, string>> = { book: "booking", appointments: "booking", project: "project", eligibility: "eligibility", programs: "programs", human: "handoff" };

/** Booking steps that read a typed day and time themselves. */
const TIME_STEPS = new Set(["booking:day", "booking:time", "booking:confirm"]);

/** Question steps of a journey: there, words about that same journey are the answer. */
const JOURNEY_QUESTIONS = new Set(["booking:site", "booking:topic", "booking:day", "booking:time", "booking:confirm", "eligibility:ask", "project:ask", "project:confirmAmount"]);

/** Intents that are global commands, and the command each runs. */
const COMMAND_OF: Partial<Record<Intent, Command>> = {
  stop: "stop",
  delete_data: "delete",
  human: "human",
  language: "language",
  help: "help",
};

/** Steps that read ages and places themselves: what the person typed is their answer. */
const ANSWER_STEPS = new Set(["eligibility:ask", "programs:where"]);

export const CONFIRM = "confirm";

/** Longest typed answer a step reads; longer messages are kept but not interpreted. */
export const MAX_READ_TEXT_LENGTH = 1000;

/**
 * Whether the optional language model should be asked about this message before routing:
 * only typed text the rules cannot place (no command word, no offered choice, no fact,
 * unsure intent) in a step that reads intents. The engine asks; this stays pure.
 */
export function wantsSecondOpinion(rawText: string, state: FlowState, ctx: FlowContext): boolean {
  if (!ctx.contact.language || ctx.conversationStatus !== "bot") return false;
  const step = `${state.flow}:${state.step}`;
  if (FREE_TEXT_STEPS.has(step) || ANSWER_STEPS.has(step)) return false;
  const text = cleanText(rawText);
  if (text === "" || text.length > MAX_READ_TEXT_LENGTH || !hasWords(text)) return false;
  if (detectCommand(text) || matchChoice(text, state.offered)) return false;
  const understood = understand(text, { now: ctx.now, languageHint: ctx.contact.language });
  return decide(understood) === "ask" && newProfileFacts(understood, ctx) === null;
}

/** The rules' reading, or the model's when the rules were unsure and the model answered. */
function readMessage(text: string, ctx: FlowContext): Understanding {
  const rules = understand(text, { now: ctx.now, languageHint: ctx.contact.language ?? undefined });
  const model = ctx.secondOpinion;
  if (!model || decide(rules) !== "ask") return rules;
  return { ...rules, intent: model.intent, confidence: model.confidence, entities: { ...model.entities, ...rules.entities } };
}

/**
 * What a typed message meant: one of the offered choices, a whole reply, or an aside
 * answered before the question on screen is asked again ("are you a robot?").
 */
export type Interpretation =
  | { kind: "choice"; choiceId: string }
  | { kind: "reply"; result: StepResult }
  | { kind: "aside"; text: string }
  /** "jawbni b darija": this language, at once, on the same question. */
  | { kind: "language"; lang: Lang };

export function interpretText(
  text: string,
  state: FlowState,
  ctx: FlowContext,
  runCommand: (command: Command) => StepResult,
): Interpretation | null {
  if (!ctx.contact.language || FREE_TEXT_STEPS.has(`${state.flow}:${state.step}`)) return null;
  // A day or a time at the booking's day and time questions is the answer ("larb3" is
  // Wednesday, not a word about Arabic), whatever else it sounds like.
  if (TIME_STEPS.has(`${state.flow}:${state.step}`)) {
    const { entities } = understand(text, { now: ctx.now, languageHint: ctx.contact.language });
    if (entities.date || entities.time) return null;
  }
  // An honest answer about what Rafiq is, then the same question again: nobody loses their place.
  if (asksIfBot(text)) return { kind: "aside", text: ctx.t("common:whoAmI") };
  const understood = readMessage(text, ctx);
  const decision = decide(understood);
  const volunteered = newProfileFacts(understood, ctx);
  // A journey asked for, but not plainly enough to leave this one: offer it, never refuse it.
  const journey = JOURNEY_OF[understood.intent];
  if (decision === "confirm" && journey && volunteered === null && FLOW_OF[journey] !== state.flow) {
    return { kind: "reply", result: offerSwitch(journey, state, ctx) };
  }
  if (ANSWER_STEPS.has(`${state.flow}:${state.step}`) && (volunteered !== null || decision !== "act")) return null;
  if (decision === "ask") return volunteered ? { kind: "reply", result: acknowledgeFacts(volunteered, ctx) } : null;
  const answer = yesNoAnswer(understood, state);
  if (answer) return { kind: "choice", choiceId: answer };
  // "الثلاثاء على الساعة 11" at the booking's day question reads as "book", and it is: the
  // answer to the question on screen, not a wish to start booking over.
  if (journey && journey !== "appointments" && FLOW_OF[journey] === state.flow && JOURNEY_QUESTIONS.has(`${state.flow}:${state.step}`)) return null;
  const reply = (result: StepResult): Interpretation => ({ kind: "reply", result });
  if (understood.intent === "language") {
    const named = namedLanguage(text);
    if (named) return { kind: "language", lang: named };
  }
  const command = COMMAND_OF[understood.intent];
  if (command && decision === "act") return reply(runCommand(command));
  if (understood.intent === "stop" && decision === "confirm") return reply(askToConfirm(ctx));
  if (understood.intent === "delete_data") return reply(runCommand("delete")); // deleting always asks first
  if (decision !== "act") return null;
  const menuWith = (key: string) => reply(withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t(key) }]));
  if (understood.intent === "eligibility") return reply(startEligibility(ctx, { answers: volunteered ?? {} }));
  if (understood.intent === "book") {
    // "un rdv à Khouribga": the place said in passing already orders the sites.
    const informed = volunteered ? { ...ctx, contact: { ...ctx.contact, profile: { ...ctx.contact.profile, ...volunteered } } } : ctx;
    return reply(withFacts(startBooking(informed), volunteered));
  }
  if (understood.intent === "cancel_booking") return reply(cancelFromTyped(ctx, understood.entities.date));
  if (understood.intent === "programs") {
    const province = volunteered?.province ?? undefined;
    return reply(province ? withPrefix(discoverNear(province, ctx), [], [{ type: "updateProfile", patch: volunteered! }]) : startDiscovery(ctx));
  }
  if (understood.intent === "project") return reply(withFacts(startProject(ctx), volunteered));
  if (volunteered) return reply(acknowledgeFacts(volunteered, ctx));
  if (understood.intent === "thanks") return menuWith("common:youreWelcome");
  if (understood.intent === "greet" && state.flow === "menu") return menuWith("common:hello");
  return null;
}

/**
 * Ages, places and gender stated in passing ("3andi 24 3am w saken f Safi") that the
 * profile does not hold yet: filled at once, so no journey asks them again.
 */
function newProfileFacts(understood: Understanding, ctx: FlowContext): Profile | null {
  const facts: Profile = {};
  const { entities } = understood;
  const known = ctx.contact.profile;
  if (entities.age !== undefined && entities.age !== known.age) facts.age = entities.age;
  if (entities.gender && entities.gender !== known.gender) facts.gender = entities.gender;
  if (entities.province && entities.province !== known.province) facts.province = entities.province;
  else if (!entities.province && entities.region && entities.region !== known.region && !known.province) facts.region = entities.region;
  return Object.keys(facts).length > 0 ? facts : null;
}

function withFacts(result: StepResult, facts: Profile | null): StepResult {
  return facts ? withPrefix(result, [], [{ type: "updateProfile", patch: facts }]) : result;
}

/** "Noted: 24 years old, Safi province." — then what those facts are good for. */
function acknowledgeFacts(facts: Profile, ctx: FlowContext): StepResult {
  const { t, lang } = ctx;
  const parts = (["age", "gender", "province", "region"] as const)
    .map((field) => (facts[field] === undefined ? null : `${t(`check:field.${field}`)} : ${describeAnswer(field, facts, t, lang)}`))
    .filter((part): part is string => part !== null);
  const kept = ctx.contact.consent === "given" ? "check:noted" : "check:notedNotKept";
  return ask(stateOf("menu", "main"), t(kept, { facts: parts.join(" ; ") }), [
    { id: "cmd:eligibility", label: t("menu:eligibility") },
    { id: "cmd:programs", label: t("menu:programs") },
    { id: "cmd:menu", label: t("common:backToMenu") },
  ], [{ type: "updateProfile", patch: facts }]);
}

/** "oui", "wakha", "نعم", "la" answer the yes/no question on screen, whatever its ids. */
function yesNoAnswer(understood: Understanding, state: FlowState): string | null {
  if (understood.intent !== "affirm" && understood.intent !== "deny") return null;
  const suffixes = understood.intent === "affirm" ? [":yes", "-yes", ":true"] : [":no", "-no", ":false"];
  return state.offered.find((choice) => suffixes.some((suffix) => choice.id.endsWith(suffix)))?.id ?? null;
}

/** "Do you want to book a meeting instead?" — yes opens that journey, no asks the question on screen again. */
export function offerSwitch(command: Command, back: FlowState, ctx: FlowContext): StepResult {
  const pending: PendingJourney = { command };
  return ask(stateOf(SWITCH, "offer", { pending, back: { flow: back.flow, step: back.step, data: back.data } }), ctx.t(`common:switch.${command}`), [
    { id: "switch:yes", label: ctx.t("common:switch.yes") },
    { id: "switch:no", label: ctx.t("common:switch.no") },
  ]);
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
