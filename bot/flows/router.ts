import type { Command } from "../core/commands.ts";
import { detectCommand, isCommand } from "../core/commands.ts";
import { matchChoice } from "../core/choice-match.ts";
import { cleanText, tidyTypography } from "../core/normalize.ts";
import { normalizePhone } from "../core/phone.ts";
import type { InboundContent, Lang, Outbound } from "../core/types.ts";
import { backToBot, handoffFlow, requestHuman, whileWaiting } from "./handoff/index.ts";
import { bookingFlow, handleAppointmentChoice, showMyAppointments, startBooking } from "./booking/index.ts";
import { eligibilityFlow, startEligibility } from "./eligibility/index.ts";
import { enterMenu, menuFlow } from "./menu/index.ts";
import { programsFlow, startDiscovery } from "./programs/index.ts";
import { projectFlow, startProject } from "./project/index.ts";
import { showHelp } from "./menu/help.ts";
import { askConsent, askLanguage, ONBOARDING, onboardingFlow, resumeOnboarding } from "./onboarding/index.ts";
import { trilingual } from "./onboarding/language.ts";
import { confirmDelete, confirmWithdraw, privacyFlow, showComplaint, showCorrections, showMyData, showNotice, stopAnnouncements } from "./privacy/index.ts";
import type { Effect, Flow, FlowContext, FlowState, StepInput, StepResult } from "./types.ts";
import type { AnswerValue, Expect } from "./answers/types.ts";
import { confirmFlow, interpretText, MAX_READ_TEXT_LENGTH, offerSwitch } from "./understanding.ts";
import { pendingOf, SWITCH, type PendingJourney } from "./pending.ts";
import { followLanguage, KEEP_LANGUAGE, languageMeta, languageOfSwitch, withLanguageMeta } from "./follow-language.ts";
import { addressed, inLanguage, stateOf, withPrefix } from "./types.ts";


/** The journey offered mid-journey: yes opens it, no (or anything else) goes back to the question left. */
const switchFlow: Flow = {
  name: SWITCH,
  prompt(state, ctx) {
    const pending = pendingOf(state);
    const back = backOf(state);
    return pending ? offerSwitch(pending.command, back, ctx) : promptOf(back, ctx);
  },
  handle(state, input, ctx) {
    const pending = pendingOf(state);
    if (pending && input.kind === "choice" && input.choiceId === "switch:yes") return runCommand(pending.command, state, ctx);
    // "No, that was my answer": the message the offer was about answers the question left.
    const answer = answerOf(state);
    const back = backOf(state);
    if (answer && input.kind === "choice" && input.choiceId === "switch:no") return FLOWS[back.flow]?.handle(back, { kind: "text", ...answer }, ctx) ?? promptOf(back, ctx);
    return promptOf(back, ctx);
  },
  expects: () => ({ kinds: ["yesno", "choice"], yes: "switch:yes", no: "switch:no" }),
};

function answerOf(state: FlowState): { text: string; answer: AnswerValue } | null {
  const kept = (state.data as { answer?: { text?: unknown; value?: unknown } }).answer;
  if (!kept || typeof kept.text !== "string" || !kept.value || typeof kept.value !== "object") return null;
  return { text: kept.text, answer: kept.value as AnswerValue };
}

function backOf(state: FlowState): FlowState {
  const back = (state.data as { back?: { flow?: unknown; step?: unknown; data?: unknown } }).back;
  if (!back || typeof back.flow !== "string" || typeof back.step !== "string") return stateOf("menu", "main");
  return stateOf(back.flow, back.step, back.data && typeof back.data === "object" ? (back.data as Record<string, unknown>) : {});
}

function promptOf(state: FlowState, ctx: FlowContext): StepResult {
  return FLOWS[state.flow]?.prompt(state, ctx) ?? enterMenu(ctx);
}

const FLOWS: Record<string, Flow> = Object.fromEntries(
  [onboardingFlow, menuFlow, privacyFlow, handoffFlow, confirmFlow, switchFlow, eligibilityFlow, programsFlow, bookingFlow, projectFlow].map((flow) => [flow.name, flow]),
);

export const INITIAL_STATE: FlowState = stateOf("onboarding", "language");

/**
 * What the question on screen expects: as its flow declares, else yes/no when its options
 * are a yes and a no, else one of its options.
 */
export function expectOf(state: FlowState, ctx: FlowContext): Expect | null {
  const declared = FLOWS[state.flow]?.expects?.(state, ctx);
  // "Continue in Darija?" is the last question on screen: a yes or no answers it first.
  const offer = state.offered.find((choice) => languageOfSwitch(choice.id) !== null);
  if (offer && state.offered.some((choice) => choice.id === KEEP_LANGUAGE)) {
    return { ...(declared ?? {}), kinds: ["yesno", ...(declared?.kinds ?? ["choice"]).filter((kind) => kind !== "yesno")], yes: offer.id, no: KEEP_LANGUAGE };
  }
  if (declared !== undefined) return declared;
  if (state.offered.length === 0) return null;
  const yesNo = state.offered.some((choice) => /[:-](?:yes|true)$/.test(choice.id)) && state.offered.some((choice) => /[:-](?:no|false)$/.test(choice.id));
  return { kinds: yesNo ? ["yesno", "choice"] : ["choice"] };
}

/**
 * Decides what one inbound message means and which flow step handles it: global commands
 * first, then typed answers matched to the offered choices, then the current flow. Pure.
 */
export function route(session: FlowState | null, content: InboundContent, given: FlowContext): StepResult {
  const ctx = addressed(given);
  const state = session ?? INITIAL_STATE;
  const pending = state.flow === ONBOARDING ? pendingOf(state) : null;
  const result = decide(state, content, ctx);
  return followLanguage(state, content, ctx, rememberOffered(state, pending ? afterOnboarding(pending, result, ctx) : result));
}

/** The same question again, in `lang` from now on. */
function switchLanguage(state: FlowState, lang: Lang, ctx: FlowContext): StepResult {
  const next = inLanguage(ctx, lang);
  return withPrefix(promptOf(state, next), [{ kind: "text", text: next.t("onboarding:languageChanged") }], [{ type: "setLanguage", language: lang }]);
}

/** "No, keep the language I chose": said once, the offer is not made again for that language. */
function keepLanguage(state: FlowState, ctx: FlowContext): StepResult {
  const meta = languageMeta(state);
  const kept = [...new Set([...(meta.kept ?? []), ...(meta.lang ? [meta.lang] : [])])];
  const again = withPrefix(promptOf(state, ctx), [{ kind: "text", text: ctx.t("onboarding:follow.kept") }]);
  return { ...again, state: withLanguageMeta(again.state, { kept }) };
}

/**
 * The question of a first message waits through onboarding (language, consent, name) and
 * is answered as soon as it is done, in place of the menu.
 */
function afterOnboarding(pending: PendingJourney, result: StepResult, ctx: FlowContext): StepResult {
  if (result.state.flow === ONBOARDING) {
    if (pendingOf(result.state)) return result;
    return { ...result, state: { ...result.state, data: { ...result.state.data, pending } } };
  }
  if (result.state.flow !== "menu") return result;
  const done = contextAfter(ctx, result.effects);
  const facts = pending.facts ?? {};
  const informed = { ...done, contact: { ...done.contact, profile: { ...done.contact.profile, ...facts } } };
  const journey =
    pending.command === "eligibility" ? startEligibility(informed, { answers: facts }) : withPrefix(runCommand(pending.command, result.state, informed), [], Object.keys(facts).length > 0 ? [{ type: "updateProfile", patch: facts }] : []);
  const menuAt = result.messages.findLastIndex((message) => message.kind === "choices");
  const before = menuAt >= 0 ? result.messages.slice(0, menuAt) : result.messages;
  return { state: journey.state, messages: [...before, ...journey.messages], effects: [...result.effects, ...journey.effects] };
}

/** The context as this step's effects leave it: the language, consent and name just given. */
function contextAfter(ctx: FlowContext, effects: readonly Effect[]): FlowContext {
  let next = ctx;
  for (const effect of effects) {
    if (effect.type === "setLanguage") next = inLanguage(next, effect.language);
    else if (effect.type === "giveConsent") next = { ...next, contact: { ...next.contact, consent: "given" } };
    else if (effect.type === "refuseConsent") next = { ...next, contact: { ...next.contact, consent: "refused" } };
    else if (effect.type === "setFirstName") next = { ...next, contact: { ...next.contact, firstName: effect.firstName } };
  }
  return next;
}

function decide(state: FlowState, content: InboundContent, ctx: FlowContext): StepResult {
  // The one gate that decides who speaks: while an advisor holds the conversation the bot
  // is silent (the message waits in the console); only the person's rights still answer.
  if (ctx.conversationStatus === "advisor" && !reachesBotWhileAdvisor(state, content)) return { state, messages: [], effects: [] };
  if (needsConsentAgain(state, content, ctx)) {
    return withPrefix(askConsent(ctx, "menu"), [{ kind: "text", text: ctx.t("privacy:noticeChanged") }]);
  }
  switch (content.kind) {
    case "start": {
      const effects: Effect[] = content.payload ? [{ type: "setEntryPoint", entryPoint: content.payload.slice(0, 64) }] : [];
      return withPrefix(runCommand("start", state, ctx), [], effects);
    }
    case "choice": {
      const commandId = content.choiceId.startsWith("cmd:") ? content.choiceId.slice(4) : null;
      if (commandId && isCommand(commandId)) return runCommand(commandId, state, ctx);
      // Appointment buttons (in reminders, days later) work from any step.
      if (content.choiceId.startsWith("appt:") && ctx.contact.language) {
        const result = handleAppointmentChoice(content.choiceId, ctx);
        if (result) return result;
      }
      if (!state.offered.some((choice) => choice.id === content.choiceId)) return reprompt(state, ctx, "common:staleChoice");
      const switched = languageOfSwitch(content.choiceId);
      if (switched && ctx.contact.language) return switchLanguage(state, switched, ctx);
      if (content.choiceId === KEEP_LANGUAGE) return keepLanguage(state, ctx);
      return toFlow(state, { kind: "choice", choiceId: content.choiceId }, ctx);
    }
    case "text": {
      const text = tidyTypography(cleanText(content.text));
      if (text === "") return reprompt(state, ctx, "common:empty");
      // A typed label of a button on screen means that button, even when it is also a
      // command word ("projet" answers the booking's topic question).
      // Only an option's number, label or synonym as the whole message here; inside a longer
      // message, the question's readers decide (where "je sais pas encore" is "not decided yet").
      const expect = expectOf(state, ctx);
      const choice = text.length <= MAX_READ_TEXT_LENGTH ? matchChoice(text, state.offered, { contained: expect === null }) : null;
      if (choice) return decide(state, { kind: "choice", choiceId: choice.id }, ctx);
      const command = detectCommand(text);
      // "wach n9der nstafd" as a very first message: the language it is written in, and the journey after onboarding.
      if (command && !ctx.contact.language && state.flow === ONBOARDING && state.step === "language" && JOURNEY_COMMANDS.has(command.command)) {
        return toFlow(state, { kind: "text", text }, ctx);
      }
      if (command) {
        const effects: Effect[] = command.payload ? [{ type: "setEntryPoint", entryPoint: command.payload.slice(0, 64) }] : [];
        return withPrefix(runCommand(command.command, state, ctx), [], effects);
      }
      if (text.length > MAX_READ_TEXT_LENGTH) return reprompt(state, ctx, "common:tooLong");
      const meaning = ctx.conversationStatus === "bot" ? interpretText(text, state, ctx, (command) => runCommand(command, state, ctx), expect) : null;
      if (meaning?.kind === "choice") return decide(state, { kind: "choice", choiceId: meaning.choiceId }, ctx);
      if (meaning?.kind === "answer") return answered(state, text, meaning.value, ctx);
      if (meaning?.kind === "language") return switchLanguage(state, meaning.lang, ctx);
      if (meaning?.kind === "aside") return withPrefix(FLOWS[state.flow]?.prompt(state, ctx) ?? enterMenu(ctx), [{ kind: "text", text: meaning.text }]);
      if (meaning?.kind === "later") {
        const again = withPrefix(promptOf(state, ctx), [{ kind: "text", text: ctx.t(state.step === "name" ? "onboarding:questionKeptOne" : "onboarding:questionKept") }]);
        return { ...again, state: { ...again.state, data: { ...again.state.data, pending: meaning.pending } } };
      }
      if (meaning) return meaning.result;
      return toFlow(state, { kind: "text", text }, ctx);
    }
    case "media":
    case "location":
    case "contact":
      return toFlow(state, content, ctx);
  }
}

/** The question on screen answered by a reader: several options fit ("Khouribga" names two platforms) → ask among them only. */
function answered(state: FlowState, text: string, value: AnswerValue, ctx: FlowContext): StepResult {
  if (value.kind === "choice") return decide(state, { kind: "choice", choiceId: value.choiceId }, ctx);
  if (value.kind !== "among") return toFlow(state, { kind: "text", text, answer: value }, ctx);
  const keep = new Set(value.choiceIds);
  // Asked among them already, and the same answer again: the first of them, as listed (the nearest).
  const listed = state.offered.filter((option) => !option.id.startsWith("cmd:"));
  if (listed.length > 0 && listed.every((option) => keep.has(option.id))) return decide(state, { kind: "choice", choiceId: listed[0]!.id }, ctx);
  const again = promptOf(state, ctx);
  const messages = again.messages.map((message) =>
    message.kind === "choices" ? { ...message, choices: message.choices.filter((option) => keep.has(option.id) || option.id.startsWith("cmd:")) } : message,
  );
  return { ...again, messages: [{ kind: "text", text: ctx.t("common:whichOne") }, ...messages] };
}

const JOURNEY_COMMANDS: ReadonlySet<Command> = new Set<Command>(["eligibility", "programs", "book", "appointments", "project", "human"]);

/** Commands that work even while an advisor holds the conversation: a person's rights are never put on hold. */
const RIGHTS_COMMANDS: ReadonlySet<string> = new Set<Command>(["stop", "delete", "mydata", "correct", "withdraw", "complain", "notice"]);

/**
 * Agreed to an older notice (CONSENT_VERSION changed): asked again before anything else,
 * with the new notice. Their rights (see, correct, delete, withdraw, the notice itself)
 * still answer first, and the consent question itself is not interrupted.
 */
function needsConsentAgain(state: FlowState, content: InboundContent, ctx: FlowContext): boolean {
  const { contact } = ctx;
  if (contact.consent !== "given" || contact.consentVersion === ctx.consentVersion || !contact.language) return false;
  if (state.flow === ONBOARDING || state.flow === "privacy") return false;
  return !reachesBotWhileAdvisor(state, content);
}

function reachesBotWhileAdvisor(state: FlowState, content: InboundContent): boolean {
  const isRights = (choiceId: string) =>
    (choiceId.startsWith("cmd:") && RIGHTS_COMMANDS.has(choiceId.slice(4))) ||
    (choiceId.startsWith("privacy:") && state.offered.some((choice) => choice.id === choiceId));
  if (content.kind === "choice") return isRights(content.choiceId);
  if (content.kind !== "text") return false;
  const text = cleanText(content.text);
  const command = detectCommand(text)?.command;
  if (command && RIGHTS_COMMANDS.has(command)) return true;
  const typed = text.length <= MAX_READ_TEXT_LENGTH ? matchChoice(text, state.offered) : null;
  return typed !== null && isRights(typed.id);
}

function runCommand(command: Command, state: FlowState, ctx: FlowContext): StepResult {
  // Until a language is chosen we cannot talk: every command leads to the language question,
  // and a journey asked for by name ("واش نقدر نستافد") waits for the end of onboarding.
  if (!ctx.contact.language) return askLanguage(ctx, false, JOURNEY_COMMANDS.has(command) ? { pending: { command } } : {});
  // Waiting for an advisor and asking for a journey ("mon projet"): back with the bot, the request withdrawn.
  if (ctx.conversationStatus === "waiting" && JOURNEY_COMMANDS.has(command) && command !== "human") {
    return withPrefix(runCommand(command, state, { ...ctx, conversationStatus: "bot" }), [{ kind: "text", text: ctx.t("handoff:cancelled") }], [{ type: "cancelHandoff" }]);
  }
  switch (command) {
    case "start":
    case "menu":
      if (ctx.conversationStatus === "waiting") return backToBot(ctx);
      return resumeOnboarding(ctx) ?? welcomeBack(command, ctx);
    case "help":
      return showHelp(ctx);
    case "language":
      return askLanguage(ctx, true);
    case "stop":
      return stopAnnouncements(ctx);
    case "mydata":
      return showMyData(ctx);
    case "correct":
      return showCorrections(ctx);
    case "withdraw":
      return confirmWithdraw(ctx);
    case "complain":
      return showComplaint(ctx);
    case "notice":
      return showNotice(ctx);
    case "delete":
      return confirmDelete(ctx);
    case "human":
      return requestHuman(ctx);
    case "bot":
      return backToBot(ctx);
    case "eligibility":
      return startEligibility(ctx);
    case "programs":
      return startDiscovery(ctx);
    case "book":
      return startBooking(ctx);
    case "appointments":
      return showMyAppointments(ctx);
    case "project":
      return startProject(ctx);
  }
}

function welcomeBack(command: Command, ctx: FlowContext): StepResult {
  const menu = enterMenu(ctx);
  if (command !== "start") return menu;
  return withPrefix(menu, [{ kind: "text", text: ctx.t("menu:welcomeBack") }]);
}

function toFlow(state: FlowState, input: StepInput, ctx: FlowContext): StepResult {
  const answersOffered = input.kind === "choice";
  if (ctx.conversationStatus === "waiting" && !answersOffered) return whileWaiting(state, ctx);
  if (!ctx.contact.language && state.flow !== "onboarding") return askLanguage(ctx);
  if (input.kind === "media") return reprompt(state, ctx, `common:media.${input.media}`);
  // Places are read from typed names for now; a map position needs the geography data.
  if (input.kind === "location") return reprompt(state, ctx, "common:location");
  if (input.kind === "contact") return sharedContact(state, input.phone, ctx);
  const flow = FLOWS[state.flow];
  if (!flow) return resumeOnboarding(ctx) ?? enterMenu(ctx);
  return flow.handle(state, input, ctx);
}

/** A person shared their own contact card: link the number to their profile (after consent). */
function sharedContact(state: FlowState, raw: string, ctx: FlowContext): StepResult {
  const phone = normalizePhone(raw);
  if (!phone) return reprompt(state, ctx, "common:notUnderstood");
  if (ctx.contact.consent !== "given") return reprompt(state, ctx, "common:contactNeedsConsent");
  return withPrefix(reprompt(state, ctx, "common:contactSaved"), [], [{ type: "setPhone", phone }]);
}

function reprompt(state: FlowState, ctx: FlowContext, key: string): StepResult {
  const flow = FLOWS[state.flow];
  const again = ctx.contact.language ? (flow?.prompt(state, ctx) ?? enterMenu(ctx)) : askLanguage(ctx);
  const note: Outbound = { kind: "text", text: ctx.contact.language ? ctx.t(key) : trilingual(ctx, "onboarding:pickOne") };
  return withPrefix(again, [note]);
}

/** Typed numbers and labels are matched against the last question's choices. */
export function rememberOffered(previous: FlowState, result: StepResult): StepResult {
  const lastChoices = result.messages.findLast((message) => message.kind === "choices");
  if (lastChoices) return { ...result, state: { ...result.state, offered: lastChoices.choices } };
  if (result.messages.length === 0) return { ...result, state: { ...result.state, offered: previous.offered } };
  return { ...result, state: { ...result.state, offered: [] } };
}
