import type { Flow, FlowContext, FlowState, StepInput, StepResult } from "../types.ts";
import { ask, inLanguage, stateOf, withPrefix } from "../types.ts";
import { enterMenu } from "../menu/index.ts";
import { languageChoices, languageFromChoice, trilingual } from "./language.ts";
import { readFirstName } from "../answers/name.ts";
import { choiceWith } from "../synonyms.ts";
import type { Command } from "../../core/commands.ts";
import type { Lang } from "../../core/types.ts";
import { detectLanguage } from "../../nlu/language.ts";
import { ASK_BELOW, understand } from "../../nlu/understand.ts";
import { pendingOf, type PendingJourney } from "../pending.ts";
import { RETENTION_MONTHS } from "../../../db/retention.ts";

/**
 * Onboarding: language first, then the privacy notice and consent (law 09-08: nothing
 * personal is kept before it), then the first name, then the main menu.
 */
export const ONBOARDING = "onboarding";

export interface LanguageQuestion {
  /** The language the person's first message was written in: offered first. */
  preferred?: Lang;
  /** The journey that message asked for, run once onboarding is done. */
  pending?: PendingJourney;
}

export function askLanguage(ctx: FlowContext, changing = false, question: LanguageQuestion = {}): StepResult {
  const welcome = changing ? ctx.t("onboarding:chooseLanguage") : trilingual(ctx, "onboarding:welcome", question.preferred);
  const text = question.pending ? `${welcome}\n\n${ctx.translate(question.preferred ?? ctx.lang)("onboarding:questionKept")}` : welcome;
  const choices = languageChoices(ctx);
  const ordered = question.preferred ? [...choices.filter((choice) => choice.id === `lang:${question.preferred}`), ...choices.filter((choice) => choice.id !== `lang:${question.preferred}`)] : choices;
  return {
    state: stateOf(ONBOARDING, "language", { changing, ...(question.pending ? { pending: question.pending } : {}) }),
    messages: [{ kind: "choices", text, choices: ordered }],
    effects: [],
  };
}

/**
 * A first message that is a real question ("wach n9der nstafd, 3andi 23 3am f khribga"):
 * its language is offered first, and what it asks waits until onboarding is done. Only
 * the journey and the facts it states are kept, never the text (law 09-08: no consent yet).
 */
function readFirstMessage(text: string, ctx: FlowContext): LanguageQuestion {
  const understood = understand(text, { now: ctx.now });
  const language = detectLanguage(text);
  const preferred = language.confidence >= 0.5 ? language.language : undefined;
  const command = JOURNEY_COMMAND[understood.intent];
  const { age, gender, province, region } = understood.entities;
  const facts = Object.fromEntries(Object.entries({ age, gender, province, region }).filter(([, value]) => value !== undefined));
  // "Is there a programme for me? I'm 27": with facts about oneself, the question is eligibility.
  const asked = command === "programs" && Object.keys(facts).length > 0 ? "eligibility" : command;
  const journey = asked && understood.confidence >= ASK_BELOW ? asked : Object.keys(facts).length > 0 ? "eligibility" : undefined;
  const pending: PendingJourney | undefined = journey ? { command: journey, ...(Object.keys(facts).length > 0 ? { facts } : {}) } : undefined;
  return { ...(preferred ? { preferred } : {}), ...(pending ? { pending } : {}) };
}

const JOURNEY_COMMAND: Partial<Record<string, Command>> = {
  eligibility: "eligibility",
  programs: "programs",
  book: "book",
  project: "project",
  cancel_booking: "appointments",
  human: "human",
};

/** The whole notice: purposes, recipients, retention, rights and their commands, the controller and the CNDP number. */
export function fullNotice(ctx: FlowContext): string {
  return ctx.t("privacy:notice.full", { months: RETENTION_MONTHS });
}

export function askConsent(ctx: FlowContext, then: string = "name", options: { otherLanguages?: boolean } = {}): StepResult {
  const { t } = ctx;
  // The language was read from the first message: the other two stay one tap away.
  const others = options.otherLanguages ? languageChoices(ctx).filter((choice) => choice.id !== `lang:${ctx.lang}`) : [];
  return ask(stateOf(ONBOARDING, "consent", { then, ...(others.length > 0 ? { otherLanguages: true } : {}) }), t("onboarding:consentNotice"), [
    { id: "consent:yes", label: t("onboarding:consentYes") },
    { id: "consent:no", label: t("onboarding:consentNo") },
    // The full notice (law 09-08) one tap away; the short one stays phone-sized.
    { id: "consent:more", label: t("onboarding:consentMore") },
    ...others,
  ]);
}

export function askName(ctx: FlowContext): StepResult {
  return ask(stateOf(ONBOARDING, "name"), ctx.t("onboarding:askName"), [choiceWith(ctx, "name:skip", "onboarding:skipName", "onboarding:synonyms.skipName")]);
}

/** Where someone resumes: the first onboarding step not done yet, or the menu. */
export function resumeOnboarding(ctx: FlowContext): StepResult | null {
  if (!ctx.contact.language) return askLanguage(ctx);
  if (ctx.contact.consent === "none") return askConsent(ctx);
  return null;
}

function onLanguage(state: FlowState, input: StepInput, ctx: FlowContext): StepResult {
  const lang = input.kind === "choice" ? languageFromChoice(input.choiceId) : null;
  if (input.kind === "text" && state.data.changing !== true) {
    const question = readFirstMessage(input.text, ctx);
    const pending = question.pending ?? pendingOf(state) ?? undefined;
    // "salam", "Bonjour", "السلام عليكم", "wach n9der nstafd": the language it is written in,
    // with the other two still one tap away on the next question.
    const written = writtenIn(input.text);
    if (written) {
      const next = inLanguage(ctx, written);
      const effects = [{ type: "setLanguage" as const, language: written }];
      const result = next.contact.consent === "none" ? askConsent(next, "name", { otherLanguages: true }) : enterMenu(next);
      const withPending = pending ? { ...result, state: { ...result.state, data: { ...result.state.data, pending } } } : result;
      return withPrefix(withPending, [], effects);
    }
    // A real question in an unsure language reorders the choices.
    if (question.pending) return askLanguage(ctx, false, { ...question, ...(pending ? { pending } : {}) });
  }
  // A first message without words simply gets the welcome; only a wrong answer to it gets the hint.
  const kept = pendingOf(state);
  const again = () => askLanguage(ctx, state.data.changing === true, kept ? { pending: kept } : {});
  if (!lang && state.offered.length === 0) return again();
  if (!lang) return withPrefix(again(), [{ kind: "text", text: trilingual(ctx, "onboarding:pickOne") }]);
  const next = inLanguage(ctx, lang);
  const effects = [{ type: "setLanguage" as const, language: lang }];
  if (next.contact.consent === "none") return withPrefix(askConsent(next), [], effects);
  return withPrefix(enterMenu(next), [{ kind: "text", text: next.t("onboarding:languageChanged") }], effects);
}

/** The language a first message is written in, when it has words and the reading is not a pure guess. */
function writtenIn(text: string): Lang | null {
  if (!/[\p{L}]/u.test(text)) return null;
  const guess = detectLanguage(text);
  return guess.confidence >= WRITTEN_IN_MIN_CONFIDENCE ? guess.language : null;
}

/** Even a bare greeting ("السلام عليكم", 0.3) tells the script and, most often, the language. */
const WRITTEN_IN_MIN_CONFIDENCE = 0.3;

function onConsent(state: FlowState, input: StepInput, ctx: FlowContext): StepResult {
  // Another language, from the buttons under the notice: the same notice in it.
  const other = input.kind === "choice" ? languageFromChoice(input.choiceId) : null;
  if (other) {
    const result = askConsent(inLanguage(ctx, other), typeof state.data.then === "string" ? state.data.then : "name", { otherLanguages: true });
    const pending = pendingOf(state);
    return withPrefix(pending ? { ...result, state: { ...result.state, data: { ...result.state.data, pending } } } : result, [], [{ type: "setLanguage", language: other }]);
  }
  if (input.kind === "choice" && input.choiceId === "consent:yes") {
    const effects = [{ type: "giveConsent" as const, version: ctx.consentVersion }];
    const given = { ...ctx, contact: { ...ctx.contact, consent: "given" as const } };
    const thanks = { kind: "text" as const, text: ctx.t("onboarding:consentThanks") };
    if (state.data.then === "menu" || ctx.contact.firstName) return withPrefix(enterMenu(given), [thanks], effects);
    return withPrefix(askName(given), [thanks], effects);
  }
  if (input.kind === "choice" && input.choiceId === "consent:more") {
    const again = askConsent(ctx, typeof state.data.then === "string" ? state.data.then : "name", { otherLanguages: state.data.otherLanguages === true });
    const pending = pendingOf(state);
    return withPrefix(pending ? { ...again, state: { ...again.state, data: { ...again.state.data, pending } } } : again, [{ kind: "text", text: fullNotice(ctx) }]);
  }
  if (input.kind === "choice" && input.choiceId === "consent:no") {
    const refused = { ...ctx, contact: { ...ctx.contact, consent: "refused" as const } };
    return withPrefix(enterMenu(refused), [{ kind: "text", text: ctx.t("onboarding:consentRefused") }], [{ type: "refuseConsent" }]);
  }
  return withPrefix(askConsent(ctx, typeof state.data.then === "string" ? state.data.then : "name", { otherLanguages: state.data.otherLanguages === true }), [
    { kind: "text", text: ctx.t("onboarding:consentPickOne") },
  ]);
}

function onName(input: StepInput, ctx: FlowContext): StepResult {
  if (input.kind === "choice" && input.choiceId === "name:skip") {
    return withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t("onboarding:nameSkipped") }], [{ type: "setFirstName", firstName: null }]);
  }
  const firstName = input.kind === "text" ? (input.answer?.kind === "name" ? input.answer.name : readFirstName(input.text)) : null;
  if (!firstName) return withPrefix(askName(ctx), [{ kind: "text", text: ctx.t("onboarding:nameInvalid") }]);
  const named = { ...ctx, contact: { ...ctx.contact, firstName } };
  return withPrefix(enterMenu(named), [{ kind: "text", text: ctx.t("onboarding:niceToMeetYou", { name: firstName }) }], [
    { type: "setFirstName", firstName },
  ]);
}

export const onboardingFlow: Flow = {
  name: ONBOARDING,
  expects(state) {
    if (state.step === "consent") return { kinds: ["yesno", "choice"], yes: "consent:yes", no: "consent:no" };
    if (state.step === "name") return { kinds: ["name", "choice"], dontKnow: "name:skip" };
    return { kinds: ["choice"] };
  },
  prompt(state, ctx) {
    if (state.step === "consent") return askConsent(ctx, typeof state.data.then === "string" ? state.data.then : "name", { otherLanguages: state.data.otherLanguages === true });
    if (state.step === "name") return askName(ctx);
    return askLanguage(ctx, state.data.changing === true);
  },
  handle(state, input, ctx) {
    if (state.step === "consent") return onConsent(state, input, ctx);
    if (state.step === "name") return onName(input, ctx);
    return onLanguage(state, input, ctx);
  },
};
