import type { Command } from "../core/commands.ts";
import { detectCommand } from "../core/commands.ts";
import { matchChoice } from "../core/choice-match.ts";
import { cleanText, hasWords } from "../core/normalize.ts";
import { asksIfBot, decide, understand, type Understanding } from "../nlu/understand.ts";
import { readAnswer } from "./answers/read.ts";
import { readContextOf } from "./answers/context.ts";
import type { AnswerValue, Expect, Reading } from "./answers/types.ts";
import { answerInPassing } from "./asides.ts";
import { says } from "./answers/words.ts";
import { namesConcept } from "../nlu/intents.ts";
import { normalizeText } from "../nlu/normalize.ts";
import type { Intent } from "../nlu/contract.ts";
import type { Profile } from "../eligibility/types.ts";
import type { Lang } from "../core/types.ts";
import { namedLanguage } from "./onboarding/language.ts";
import { cancelFromTyped, meetingWish, startBooking } from "./booking/index.ts";
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
 * Typed text that is neither a command word nor an offered choice's label is first read
 * against the question on screen (bot/flows/answers: the question declares what it
 * expects, one reader per kind), then through the understanding layer (bot/nlu) for what
 * else it may want: "wakha" answers a yes/no question, "bghit nhder m3a chi wa7ed" asks
 * for a person. A wish outweighs the answer only when the message clearly says more than
 * the answer; when both are plausible the person is asked, with two buttons. `stop` and
 * `delete_data` are confirmed first unless said plainly; meetings are never cancelled on
 * a guess.
 */

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

/** The answer's reading, when the message is that answer and nothing more ("24", "f khouribga", "oui c'est bon"). */
function plainAnswer(text: string, state: FlowState, ctx: FlowContext, expect: Expect | null): Reading | null {
  if (!expect) return null;
  const reading = readAnswer(text, expect, state.offered, readContextOf(ctx));
  return reading && !reading.fallback && reading.rest === "" && reading.value.kind !== "text" ? reading : null;
}

/**
 * Whether the optional language model should be asked about this message before routing:
 * only typed text the rules cannot place (no command word, no offered choice, no answer to
 * the question on screen, no fact, unsure intent) in a step that reads intents. The engine
 * asks; this stays pure.
 */
export function wantsSecondOpinion(rawText: string, state: FlowState, ctx: FlowContext, expect: Expect | null = null): boolean {
  if (!ctx.contact.language || ctx.conversationStatus !== "bot") return false;
  const step = `${state.flow}:${state.step}`;
  if (ANSWER_STEPS.has(step) || expect?.kinds.some((kind) => kind === "text" || kind === "name")) return false;
  const text = cleanText(rawText);
  if (text === "" || text.length > MAX_READ_TEXT_LENGTH || !hasWords(text)) return false;
  if (detectCommand(text) || matchChoice(text, state.offered) || plainAnswer(text, state, ctx, expect)) return false;
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
 * What a typed message meant: one of the offered choices, the answer to the question on
 * screen (as its readers read it), a whole reply, or an aside answered before the question
 * on screen is asked again ("are you a robot?", "c'est quoi Minassati ?").
 */
export type Interpretation =
  | { kind: "choice"; choiceId: string }
  | { kind: "answer"; value: AnswerValue }
  | { kind: "reply"; result: StepResult }
  | { kind: "aside"; text: string }
  /** "jawbni b darija": this language, at once, on the same question. */
  | { kind: "language"; lang: Lang }
  /** A journey asked for during onboarding: kept for when onboarding is done, the question asked again. */
  | { kind: "later"; pending: PendingJourney };

function understandsErasing(text: string): boolean {
  return understand(text, {}).intent === "delete_data";
}

/** A request rather than a statement: "je veux…", "bghit…", "أريد…", "3afak…", or a question. */
function asksForSomething(text: string): boolean {
  const normalized = normalizeText(text);
  return namesConcept(normalized, "want") || namesConcept(normalized, "canI") || /[?؟]/.test(text) || normalized.tokens.some((token) => POLITE_ASKING.has(token.form));
}

/** "svp", "3afak", "من فضلك": a request, politely. */
const POLITE_ASKING = new Set(["svp", "stp", "3afak", "afak", "عافاك", "فضلك", "فضلكم", "please"]);

/** While a meeting is being moved, "I can't come on Tuesday" is about the new day, not a cancellation. */
function movingAMeeting(state: FlowState): boolean {
  return state.flow === "booking" && typeof state.data.replaces === "string" && ["day", "time", "confirm"].includes(state.step);
}

/** Intents that are manners or answers, never a wish to go elsewhere. */
const SOCIAL_INTENTS: ReadonlySet<Intent> = new Set(["greet", "thanks", "affirm", "deny", "unknown"]);

export function interpretText(
  text: string,
  state: FlowState,
  ctx: FlowContext,
  runCommand: (command: Command) => StepResult,
  expect: Expect | null = null,
): Interpretation | null {
  if (!ctx.contact.language) return null;
  const reading = expect ? readAnswer(text, expect, state.offered, readContextOf(ctx)) : null;
  const answer = (value: AnswerValue): Interpretation => (value.kind === "choice" ? { kind: "choice", choiceId: value.choiceId } : { kind: "answer", value });
  // The message is the answer and nothing more: nothing competes with it.
  if (reading && !reading.fallback && reading.rest === "" && reading.value.kind !== "text") return answer(reading.value);
  // An honest answer about what Rafiq is, then the same question again: nobody loses their place.
  if (asksIfBot(text)) return { kind: "aside", text: ctx.t("common:whoAmI") };
  // "c'est quoi Minassati ?", "fin kayn lmaw3id dyali?": answered briefly, then the question on screen
  // again — or, when the message also says what the person wants or who they are ("… j'ai 38 ans,
  // est-ce que je peux m'inscrire ?"), then that journey, with those facts.
  const passing = answerInPassing(text, state, ctx);
  if (passing) {
    const then = state.flow === "menu" ? readMessage(text, ctx) : null;
    const next = then && !SOCIAL_INTENTS.has(then.intent) ? readWish(text, then, state, ctx, runCommand) : null;
    if (next?.kind === "reply") return { kind: "reply", result: withPrefix(next.result, [{ kind: "text", text: passing }]) };
    return { kind: "aside", text: passing };
  }
  // "c'est possible de voir ce que vous gardez sur moi ?": one's data, unless it is to erase it.
  if (says(text, "myData") && !understandsErasing(text)) return { kind: "reply", result: runCommand("mydata") };
  // A meeting is moved when the person says move, and cancelled only after they confirm.
  const meeting = meetingWish(text, ctx);
  if (meeting) return { kind: "reply", result: meeting };
  // "safi ma bghitch twsloni les messages dyal les annonces": not wanting the announcements, confirmed first.
  if (says(text, "announcements") && says(text, "stopIt")) return { kind: "reply", result: askToConfirm(ctx) };
  const understood = readMessage(text, ctx);
  if (movingAMeeting(state) && understood.intent === "cancel_booking" && !says(text, "cancel")) return null;
  // During onboarding (the notice, the name) a journey asked for waits until it is done, like a first message's.
  const waiting = JOURNEY_OF[understood.intent];
  if (state.flow === "onboarding" && waiting && decide(understood) !== "ask" && (state.step === "consent" || state.step === "name")) {
    const facts = newProfileFacts(understood, ctx);
    return { kind: "later", pending: { command: waiting, ...(facts ? { facts } : {}) } };
  }
  const wish = SOCIAL_INTENTS.has(understood.intent) ? null : understood;
  // A question on screen that the message does not answer: another journey only when the message asks for it
  // ("حاصلة على دبلوم من مكتب التكوين المهني" at the status question is about oneself, not a wish to browse).
  if (!reading) {
    const onScreen = expect !== null && state.flow !== "menu";
    const journeyOnly = JOURNEY_OF[understood.intent] !== undefined && COMMAND_OF[understood.intent] === undefined;
    if (onScreen && journeyOnly && !asksForSomething(text)) return null;
    return readWish(text, understood, state, ctx, runCommand);
  }
  if (!wish) return answer(reading.value);
  // A value outside the list was only a last resort: a wish the message asks for comes first.
  if (reading.fallback) return (asksForSomething(text) ? readWish(text, understood, state, ctx, runCommand) : null) ?? answer(reading.value);
  const journey = JOURNEY_OF[wish.intent] ?? COMMAND_OF[wish.intent];
  const elsewhere = journey !== undefined && FLOW_OF[journey] !== state.flow;
  if (!elsewhere || decide(wish) === "ask") return answer(reading.value);
  // Free text could be the answer or a request ("je veux un rendez-vous" as an idea?): when it
  // asks for something, ask which, with two buttons; a worry about funding is a worry.
  if (reading.value.kind === "text" || reading.value.kind === "name") {
    if (expect?.subject && COMMAND_OF[wish.intent] === undefined) return answer(reading.value);
    const asks = asksForSomething(text);
    return journey && asks ? { kind: "reply", result: offerSwitch(journey, state, ctx, { text, value: reading.value }) } : answer(reading.value);
  }
  // The answer with a request around it ("bghit ghir nakhod rdv m3a conseiller f khouribga"): the wish.
  // Words around an answer that ask for nothing ("le lab de l'UM6P à Benguérir") leave it the answer.
  const asked = decide(wish) === "act" && (asksForSomething(text) || COMMAND_OF[wish.intent] !== undefined);
  return asked ? (readWish(text, understood, state, ctx, runCommand, true) ?? answer(reading.value)) : answer(reading.value);
}

/** What the message wants besides answering: a journey, a command, facts about oneself. */
function readWish(
  text: string,
  understood: Understanding,
  state: FlowState,
  ctx: FlowContext,
  runCommand: (command: Command) => StepResult,
  /** The wish was already weighed against an answer and outweighs it. */
  outweighsAnswer = false,
): Interpretation | null {
  const decision = decide(understood);
  const volunteered = newProfileFacts(understood, ctx);
  // A journey asked for, but not plainly enough to leave this one: offer it, never refuse it.
  const journey = JOURNEY_OF[understood.intent];
  if (decision === "confirm" && journey && volunteered === null && FLOW_OF[journey] !== state.flow) {
    // At the menu there is nothing to leave: the journey asked for opens ("3afak 3awnni nwjjed lmochroo3 dyali").
    if (state.flow === "menu") return { kind: "reply", result: runCommand(journey) };
    return { kind: "reply", result: offerSwitch(journey, state, ctx) };
  }
  if (!outweighsAnswer && ANSWER_STEPS.has(`${state.flow}:${state.step}`) && (volunteered !== null || decision !== "act")) return null;
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
  // Stopping announcements from typed words is always confirmed first, like deleting.
  if (understood.intent === "stop") return reply(askToConfirm(ctx));
  const command = COMMAND_OF[understood.intent];
  if (command && decision === "act") return reply(runCommand(command));
  if (understood.intent === "delete_data") return reply(runCommand("delete")); // deleting always asks first
  if (decision !== "act") return null;
  const menuWith = (key: string) => reply(withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t(key) }]));
  if (understood.intent === "eligibility") return reply(startEligibility(ctx, { answers: volunteered ?? {} }));
  if (understood.intent === "book") {
    // "un rdv à Khouribga": the place said in passing already orders the sites.
    const informed = volunteered ? { ...ctx, contact: { ...ctx.contact, profile: { ...ctx.contact.profile, ...volunteered } } } : ctx;
    return reply(withFacts(startBooking(informed, { typed: text }), volunteered));
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

/**
 * "Do you want to book a meeting instead?" — yes opens that journey; no asks the question
 * on screen again, or, when the message could also be its answer (`answer`), takes it as
 * the answer ("No, that was my answer").
 */
export function offerSwitch(command: Command, back: FlowState, ctx: FlowContext, answer?: { text: string; value: AnswerValue }): StepResult {
  const pending: PendingJourney = { command };
  return ask(
    stateOf(SWITCH, "offer", { pending, back: { flow: back.flow, step: back.step, data: back.data }, ...(answer ? { answer } : {}) }),
    ctx.t(`common:switch.${command}`),
    [
      { id: "switch:yes", label: ctx.t("common:switch.yes") },
      { id: "switch:no", label: ctx.t(answer ? "common:switch.itWasMyAnswer" : "common:switch.no") },
    ],
  );
}

export function askToConfirm(ctx: FlowContext): StepResult {
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
