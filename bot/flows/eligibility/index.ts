import type { Choice } from "../../core/types.ts";
import { completeProfile, evaluateAll, nextQuestion } from "../../eligibility/index.ts";
import type { Profile, ProfileField, ProgramVerdict, RuledProgram } from "../../eligibility/types.ts";
import { PROFILE_FIELDS } from "../../eligibility/types.ts";
import { provinceBySlug, regionBySlug } from "../../geography/index.ts";
import { enterMenu } from "../menu/index.ts";
import { showProgramCard } from "../programs/index.ts";
import { decisiveReason, verdictLabel } from "../../eligibility/verdict-label.ts";
import type { Effect, Flow, FlowContext, FlowState, StepInput, StepResult } from "../types.ts";
import type { AnswerValue } from "../answers/types.ts";
import { ask, stateOf, withPrefix } from "../types.ts";
import { answerFromChoice, expectationFor, provinceInRegionQuestion, questionFor, readTypedAnswer, SKIP } from "./questions.ts";
import type { VerdictGroups } from "./results.ts";
import { describeAnswer, describeShortVerdicts, describeVerdicts, groupVerdicts } from "./results.ts";

/**
 * "Am I eligible?": asks only the questions that settle something (the engine picks the
 * field that decides the most programmes still unknown), one at a time, then shows the
 * verdict list with reasons. Answers go to the profile (kept only with consent) and are
 * never asked twice; the person can review and correct them. Pure.
 */

export const ELIGIBILITY = "eligibility";

interface CheckData {
  /** Answers given in this journey (also stored in the profile when consent allows). */
  answers: Profile;
  /** Fields the person chose not to answer: not asked again in this journey. */
  skipped: ProfileField[];
  /** A programme card's "am I eligible?": only its rules matter. */
  focus?: string;
  /** The field on screen. */
  field?: ProfileField;
  /** A typed place named a region only: its province is asked with buttons. */
  region?: string;
}

function dataOf(state: FlowState): CheckData {
  const data = state.data as Partial<CheckData>;
  return { answers: data.answers ?? {}, skipped: data.skipped ?? [], focus: data.focus, field: data.field, region: data.region };
}

/** What we know: the stored profile, this journey's answers on top, derived fields filled. */
function knownProfile(ctx: FlowContext, data: CheckData): Profile {
  return completeProfile({ ...ctx.contact.profile, ...data.answers });
}

function programsInScope(ctx: FlowContext, data: CheckData): readonly RuledProgram[] {
  const all = ctx.catalogue.ruled;
  if (!data.focus) return all;
  const focused = all.filter((program) => program.id === data.focus);
  return focused.length > 0 ? focused : all;
}

export function startEligibility(ctx: FlowContext, options: { focus?: string; answers?: Profile } = {}): StepResult {
  const data: CheckData = { answers: options.answers ?? {}, skipped: [], focus: options.focus };
  const effects: Effect[] = options.answers && Object.keys(options.answers).length > 0 ? [{ type: "updateProfile", patch: options.answers }] : [];
  return withPrefix(continueCheck(data, ctx), [], effects);
}

/** Ask the next useful question, or show the verdicts when nothing useful is left. */
function continueCheck(data: CheckData, ctx: FlowContext): StepResult {
  const profile = knownProfile(ctx, data);
  const programs = programsInScope(ctx, data);
  const { results } = evaluateAll(profile, programs);
  const field = nextQuestion(profile, programs, results, { skip: data.skipped });
  if (field) return askField(field, { ...data, region: undefined }, ctx, results);
  return showResults(data, results, ctx);
}

function askField(field: ProfileField, data: CheckData, ctx: FlowContext, results: readonly ProgramVerdict[]): StepResult {
  const undecided = new Set(results.filter((result) => result.verdict === "unknown").map((result) => result.programId));
  const rules = ctx.catalogue.ruled.filter((program) => undecided.has(program.id)).map((program) => program.rules);
  const question = questionFor(field, ctx, rules);
  return ask(stateOf(ELIGIBILITY, "ask", { ...data, field }), question.text, question.choices);
}

function showResults(data: CheckData, results: readonly ProgramVerdict[], ctx: FlowContext, all = false): StepResult {
  const { t } = ctx;
  const groups = groupVerdicts(results, ctx.catalogue);
  const short = describeShortVerdicts(groups, ctx.catalogue, ctx);
  const text = all ? describeVerdicts(groups, ctx.catalogue, ctx) : short.text;
  const choices: Choice[] = [
    ...cardChoices(groups, ctx),
    ...(!all && short.others > 0 ? [{ id: "check:others", label: t("check:seeOthers") }] : []),
    { id: "check:review", label: t("check:reviewAnswers") },
    { id: "cmd:human", label: t("check:talkToAdvisor") },
    { id: "cmd:menu", label: t("common:backToMenu") },
  ];
  // The whole list is the same verdicts, seen in full: recorded once, when first given.
  const effects: Effect[] = all
    ? []
    : [{ type: "recordEligibility", profile: knownProfile(ctx, data), results: results.map((result) => ({
          programId: result.programId,
          rulesVersion: result.rulesVersion,
          verdict: result.verdict,
          // The label and the reason the person read, so the console shows the same.
          label: verdictLabel(result),
          reason: decisiveReason(result),
        })) }];
  return ask(stateOf(ELIGIBILITY, "results", { ...data, field: undefined }), text, choices, effects);
}

/** Buttons to open the cards of the programmes worth a look: where one qualifies first. */
function cardChoices(groups: VerdictGroups, ctx: FlowContext): Choice[] {
  return [...groups.eligible, ...groups.toCheck, ...groups.nearly].slice(0, 4).map((result) => ({
    id: `prog:card:${result.programId}`,
    label: ctx.catalogue.byId.get(result.programId)!.name[ctx.lang],
  }));
}

/** "My data" → correct my answers: the same review screen, outside a check. */
export function reviewMyAnswers(ctx: FlowContext): StepResult {
  return reviewAnswers({ answers: {}, skipped: [] }, ctx);
}

function reviewAnswers(data: CheckData, ctx: FlowContext): StepResult {
  const { t, lang } = ctx;
  const profile = { ...ctx.contact.profile, ...data.answers };
  const answered = PROFILE_FIELDS.filter((field) => profile[field] !== undefined);
  if (answered.length === 0) return withPrefix(continueCheck(data, ctx), [{ kind: "text", text: t("check:noAnswersYet") }]);
  const lines = answered.map((field) => `• ${t(`check:field.${field}`)} : ${describeAnswer(field, profile, t, lang)}`);
  const choices: Choice[] = [
    ...answered.map((field) => ({ id: `check:change:${field}`, label: t("check:change", { field: t(`check:field.${field}`) }) })),
    { id: "check:results", label: t("check:seeResults") },
    { id: "cmd:menu", label: t("common:backToMenu") },
  ];
  return ask(stateOf(ELIGIBILITY, "review", { ...data, field: undefined }), [t("check:yourAnswers"), ...lines].join("\n"), choices);
}

/** Applies an answer: keeps it in the journey, stores it in the profile, moves on. */
function answer(patch: Profile, data: CheckData, ctx: FlowContext, note?: string): StepResult {
  const cleaned = withDerivedReset(patch);
  const next: CheckData = { ...data, answers: { ...data.answers, ...cleaned } };
  const result = continueCheck(next, ctx);
  return withPrefix(result, note ? [{ kind: "text", text: note }] : [], [{ type: "updateProfile", patch: cleaned }]);
}

/**
 * A new province replaces the region and country it implied before; a new region clears
 * a province that is not in it. Otherwise a correction would leave contradictory answers.
 */
function withDerivedReset(patch: Profile): Profile {
  const result: Profile = { ...patch };
  if (patch.province) {
    const province = provinceBySlug(patch.province);
    if (province) Object.assign(result, { region: province.region, country: "MA" });
  } else if (patch.region && regionBySlug(patch.region)) {
    Object.assign(result, { country: "MA" });
  } else if (patch.country && patch.country !== "MA") {
    Object.assign(result, { province: undefined, region: undefined });
  }
  return result;
}

function handleAsk(state: FlowState, input: StepInput, ctx: FlowContext): StepResult {
  const data = dataOf(state);
  const field = data.field;
  if (!field) return continueCheck(data, ctx);
  if (input.kind === "choice") {
    if (input.choiceId === SKIP) return continueCheck({ ...data, skipped: [...data.skipped, field] }, ctx);
    const patch = answerFromChoice(input.choiceId);
    if (patch) return answer(patch, data, ctx);
    return reaskWith(state, ctx, "common:pickOne");
  }
  if (input.kind !== "text") return reaskWith(state, ctx, "common:pickOne");
  // What the question's reader read ("environ 25", "f khouribga"), then whatever else the message tells.
  const patch = { ...readTypedAnswer(input.text, field, ctx), ...answeredField(field, input.answer) };
  if (field === "province" && !patch.province && patch.region) {
    const question = provinceInRegionQuestion(patch.region, ctx);
    return ask(stateOf(ELIGIBILITY, "ask", { ...data, region: patch.region }), question.text, question.choices, [
      { type: "updateProfile", patch: { region: patch.region, country: "MA" } },
    ]);
  }
  if (Object.keys(patch).length === 0) return reaskWith(state, ctx, `check:notUnderstood.${field}`);
  const answeredAsked = patch[field] !== undefined || (field === "region" && patch.province !== undefined);
  const note = answeredAsked ? undefined : ctx.t("check:notedOther");
  return answer(patch, data, ctx, note);
}

/** The asked field from the reader's answer: a number for an age or years, a place for a province or region. */
function answeredField(field: ProfileField, answer: AnswerValue | undefined): Profile {
  if (!answer) return {};
  if (answer.kind === "number" && (field === "age" || field === "organizationAgeYears")) return { [field]: answer.value };
  if (answer.kind === "place" && (field === "province" || field === "region")) return answer.province ? { province: answer.province } : answer.region ? { region: answer.region } : {};
  if (answer.kind === "text" && field === "locality") return { locality: answer.text.slice(0, 80) };
  return {};
}

function reaskWith(state: FlowState, ctx: FlowContext, key: string): StepResult {
  return withPrefix(eligibilityFlow.prompt(state, ctx), [{ kind: "text", text: ctx.t(key) }]);
}

export const eligibilityFlow: Flow = {
  name: ELIGIBILITY,
  prompt(state, ctx) {
    const data = dataOf(state);
    if (state.step === "review") return reviewAnswers(data, ctx);
    if (state.step === "ask" && data.field === "province" && data.region) {
      const question = provinceInRegionQuestion(data.region, ctx);
      return ask(state, question.text, question.choices);
    }
    return continueCheck(data, ctx);
  },
  handle(state, input, ctx) {
    const data = dataOf(state);
    if (input.kind === "choice" && input.choiceId.startsWith("prog:card:")) {
      return showProgramCard(input.choiceId.slice("prog:card:".length), ctx);
    }
    if (input.kind === "choice" && input.choiceId === "check:review") return reviewAnswers(data, ctx);
    if (input.kind === "choice" && input.choiceId === "check:results") return continueCheck(data, ctx);
    if (input.kind === "choice" && input.choiceId === "check:others") {
      const { results } = evaluateAll(knownProfile(ctx, data), programsInScope(ctx, data));
      return showResults(data, results, ctx, true);
    }
    if (input.kind === "choice" && input.choiceId.startsWith("check:change:")) {
      const field = input.choiceId.slice("check:change:".length) as ProfileField;
      if (!PROFILE_FIELDS.includes(field)) return reviewAnswers(data, ctx);
      const { results } = evaluateAll(knownProfile(ctx, data), programsInScope(ctx, data));
      return askField(field, { ...data, skipped: data.skipped.filter((name) => name !== field) }, ctx, results);
    }
    switch (state.step) {
      case "ask":
        return handleAsk(state, input, ctx);
      case "results":
      case "review":
        return withPrefix(eligibilityFlow.prompt(state, ctx), [{ kind: "text", text: ctx.t("common:pickOne") }]);
      default:
        return enterMenu(ctx);
    }
  },
  expects(state) {
    const data = dataOf(state);
    if (state.step !== "ask" || !data.field) return { kinds: ["choice"] };
    if (data.field === "province" && data.region) return { kinds: ["choice", "place"], dontKnow: SKIP };
    return expectationFor(data.field);
  },
};
