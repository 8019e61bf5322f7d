import type { Flow, FlowContext, FlowState, StepInput, StepResult } from "../types.ts";
import { ask, inLanguage, stateOf, withPrefix } from "../types.ts";
import { enterMenu } from "../menu/index.ts";
import { languageChoices, languageFromChoice, trilingual } from "./language.ts";
import { readFirstName } from "./name.ts";
import { choiceWith } from "../synonyms.ts";

/**
 * Onboarding: language first, then the privacy notice and consent (law 09-08: nothing
 * personal is kept before it), then the first name, then the main menu.
 */
export const ONBOARDING = "onboarding";

export function askLanguage(ctx: FlowContext, changing = false): StepResult {
  const text = changing ? ctx.t("onboarding:chooseLanguage") : trilingual(ctx, "onboarding:welcome");
  return {
    state: stateOf(ONBOARDING, "language", { changing }),
    messages: [{ kind: "choices", text, choices: languageChoices(ctx) }],
    effects: [],
  };
}

export function askConsent(ctx: FlowContext, then: string = "name"): StepResult {
  const { t } = ctx;
  return ask(stateOf(ONBOARDING, "consent", { then }), t("onboarding:consentNotice"), [
    { id: "consent:yes", label: t("onboarding:consentYes") },
    { id: "consent:no", label: t("onboarding:consentNo") },
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
  // A first "salam" simply gets the welcome; only a wrong answer to it gets the hint.
  if (!lang && state.offered.length === 0) return askLanguage(ctx, state.data.changing === true);
  if (!lang) return withPrefix(askLanguage(ctx, state.data.changing === true), [{ kind: "text", text: trilingual(ctx, "onboarding:pickOne") }]);
  const next = inLanguage(ctx, lang);
  const effects = [{ type: "setLanguage" as const, language: lang }];
  if (next.contact.consent === "none") return withPrefix(askConsent(next), [], effects);
  return withPrefix(enterMenu(next), [{ kind: "text", text: next.t("onboarding:languageChanged") }], effects);
}

function onConsent(state: FlowState, input: StepInput, ctx: FlowContext): StepResult {
  if (input.kind === "choice" && input.choiceId === "consent:yes") {
    const effects = [{ type: "giveConsent" as const, version: ctx.consentVersion }];
    const given = { ...ctx, contact: { ...ctx.contact, consent: "given" as const } };
    const thanks = { kind: "text" as const, text: ctx.t("onboarding:consentThanks") };
    if (state.data.then === "menu" || ctx.contact.firstName) return withPrefix(enterMenu(given), [thanks], effects);
    return withPrefix(askName(given), [thanks], effects);
  }
  if (input.kind === "choice" && input.choiceId === "consent:no") {
    const refused = { ...ctx, contact: { ...ctx.contact, consent: "refused" as const } };
    return withPrefix(enterMenu(refused), [{ kind: "text", text: ctx.t("onboarding:consentRefused") }], [{ type: "refuseConsent" }]);
  }
  return withPrefix(askConsent(ctx, typeof state.data.then === "string" ? state.data.then : "name"), [
    { kind: "text", text: ctx.t("onboarding:consentPickOne") },
  ]);
}

function onName(input: StepInput, ctx: FlowContext): StepResult {
  if (input.kind === "choice" && input.choiceId === "name:skip") {
    return withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t("onboarding:nameSkipped") }], [{ type: "setFirstName", firstName: null }]);
  }
  const firstName = input.kind === "text" ? readFirstName(input.text) : null;
  if (!firstName) return withPrefix(askName(ctx), [{ kind: "text", text: ctx.t("onboarding:nameInvalid") }]);
  const named = { ...ctx, contact: { ...ctx.contact, firstName } };
  return withPrefix(enterMenu(named), [{ kind: "text", text: ctx.t("onboarding:niceToMeetYou", { name: firstName }) }], [
    { type: "setFirstName", firstName },
  ]);
}

export const onboardingFlow: Flow = {
  name: ONBOARDING,
  prompt(state, ctx) {
    if (state.step === "consent") return askConsent(ctx, typeof state.data.then === "string" ? state.data.then : "name");
    if (state.step === "name") return askName(ctx);
    return askLanguage(ctx, state.data.changing === true);
  },
  handle(state, input, ctx) {
    if (state.step === "consent") return onConsent(state, input, ctx);
    if (state.step === "name") return onName(input, ctx);
    return onLanguage(state, input, ctx);
  },
};
