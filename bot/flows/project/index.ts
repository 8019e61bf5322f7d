import { asksForMyData } from "../privacy/asks-for-data.ts";
import type { Choice, InboundContent, Outbound } from "../../core/types.ts";
import { completeProfile } from "../../eligibility/index.ts";
import { SECTORS } from "../../eligibility/types.ts";
import type { Sector } from "../../eligibility/types.ts";
import { asciiDigits } from "../../nlu/normalize.ts";
import { computeFlags, computeNumbers } from "../../project/calc.ts";
import { describeFlag } from "../../project/flag-text.ts";
import { matchingPrograms } from "../../project/matching.ts";
import { formatMad } from "../../project/money.ts";
import type { Canvas, CanvasField, CostItem, LegalForm, MonthlyCost, MonthlyCostKind } from "../../project/types.ts";
import { CANVAS_STEPS, LEGAL_FORMS, MONTHLY_COST_KINDS } from "../../project/types.ts";
import type { ProjectView } from "../../project/view.ts";
import { startBooking } from "../booking/index.ts";
import { enterMenu } from "../menu/index.ts";
import { askConsent } from "../onboarding/index.ts";
import { choiceWith } from "../synonyms.ts";
import { waitsFor } from "../pending.ts";
import type { Effect, Flow, FlowContext, FlowState, StepInput, StepResult } from "../types.ts";
import { ask, stateOf, withPrefix } from "../types.ts";
import type { AnswerValue, Expect } from "../answers/types.ts";
import { readCount, readMoney } from "../answers/numbers.ts";
import { says } from "../answers/words.ts";

/**
 * Framing a project (AGR): the canvas one question at a time — each skippable and
 * revisable — then the numbers (investment, funding need, revenue, margin, break-even),
 * what does not hold, the matching programmes, the sheet link and a meeting. Amounts are
 * read from typed text ("15 alf dh", "1,5 melyoun") and confirmed when the unit is
 * unclear. The canvas is saved at every answer, so one can come back days later, on
 * another channel. With a language model configured, a freely described idea is drafted
 * into fields the person confirms one by one. Pure.
 */

export const PROJECT = "project";

/** Sectors offered as buttons (the rest are reachable as "other"). */
const SECTOR_BUTTONS: readonly Sector[] = ["agriculture", "agrifood", "crafts", "textile", "commerce", "services", "tourism", "digital", "education", "other"];
const TEXT_FIELDS = new Set<CanvasField>(["idea", "customers", "offer", "team", "worries"]);
const MAX_TEXT = 300;

interface ProjectData {
  /** The field on screen. */
  field?: CanvasField;
  /** Monthly cost kind on screen (monthlyCosts is asked kind by kind). */
  costKind?: MonthlyCostKind;
  skipped?: CanvasField[];
  /** An amount waiting for "yes, that's it" (unit unclear). */
  pendingAmount?: number;
  /** A start-up item's label waiting with that amount. */
  pendingLabel?: string;
  /** Drafted by the coach, confirmed one by one. */
  draft?: Canvas;
  draftQueue?: CanvasField[];
  suggestions?: string[];
  /** Asked from the review screen: go back to the summary after. */
  revising?: boolean;
}

export interface ProjectNeeds {
  /** The coach may be asked about this typed idea. */
  coachText: string | null;
}

/** Which turns need the project loaded (and, at the idea step, a possible coach draft). */
export function projectNeeds(state: FlowState | null, content: InboundContent, typedIntent: () => string | null): ProjectNeeds | null {
  const inFlow = state?.flow === PROJECT || waitsFor(state, "project");
  if (content.kind === "choice") {
    const id = content.choiceId;
    return inFlow || id === "cmd:project" || id === "cmd:mydata" || id.startsWith("proj:") ? { coachText: null } : null;
  }
  if (content.kind === "text") {
    if (state?.flow === PROJECT) {
      const atIdea = state.step === "ask" && (state.data as ProjectData).field === "idea";
      return { coachText: atIdea && content.text.trim().length >= 15 ? content.text : null };
    }
    // «Mes données» lists the project too.
    if (asksForMyData(content.text)) return { coachText: null };
    return typedIntent() === "project" ? { coachText: null } : null;
  }
  return inFlow ? { coachText: null } : null;
}

function dataOf(state: FlowState): ProjectData {
  return state.data as ProjectData;
}

function project(step: string, data: ProjectData): FlowState {
  return stateOf(PROJECT, step, data as Record<string, unknown>);
}

function viewOf(ctx: FlowContext): ProjectView {
  return ctx.project ?? { canvas: {}, sheetToken: null };
}

function note(text: string): Outbound {
  return { kind: "text", text };
}

/** Saves the canvas with `patch` applied, and continues from a context that already sees it. */
function withCanvas(ctx: FlowContext, patch: Canvas): { ctx: FlowContext; effect: Effect } {
  const canvas = { ...viewOf(ctx).canvas, ...patch };
  return { ctx: { ...ctx, project: { ...viewOf(ctx), canvas } }, effect: { type: "saveCanvas", canvas } };
}

// ---- Entering -------------------------------------------------------------------------

export function startProject(ctx: FlowContext): StepResult {
  const { t } = ctx;
  if (ctx.contact.consent !== "given") {
    return ask(project("consent", {}), t("project:needsConsent"), [
      { id: "consent:ask", label: t("menu:giveConsent") },
      { id: "cmd:menu", label: t("common:backToMenu") },
    ]);
  }
  const canvas = viewOf(ctx).canvas;
  const answered = CANVAS_STEPS.filter((field) => canvas[field] !== undefined).length;
  if (answered === 0) return withPrefix(continueCanvas({}, ctx), [note(t("project:intro"))]);
  if (answered === CANVAS_STEPS.length) return showSummary({}, ctx);
  return ask(project("resume", {}), t("project:welcomeBack", { done: answered, count: CANVAS_STEPS.length }), [
    { id: "proj:continue", label: t("project:continue") },
    { id: "proj:summary", label: t("project:seeNumbers") },
    { id: "proj:review", label: t("project:review") },
    { id: "cmd:menu", label: t("common:backToMenu") },
  ]);
}

/** The next question: the first canvas field not answered and not skipped; the summary when none is left. */
function continueCanvas(data: ProjectData, ctx: FlowContext): StepResult {
  const canvas = viewOf(ctx).canvas;
  const skipped = data.skipped ?? [];
  const field = CANVAS_STEPS.find((name) => canvas[name] === undefined && !skipped.includes(name));
  if (!field) return showSummary(data, ctx);
  return askField(field, { ...data, revising: false }, ctx);
}

function afterAnswer(data: ProjectData, ctx: FlowContext): StepResult {
  return data.revising ? showSummary({ skipped: data.skipped }, ctx) : continueCanvas(data, ctx);
}

// ---- Questions ------------------------------------------------------------------------

function skipChoice(ctx: FlowContext): Choice {
  return choiceWith(ctx, "proj:skip", "project:skip", "project:synonyms.skip");
}

function askField(field: CanvasField, data: ProjectData, ctx: FlowContext): StepResult {
  const { t } = ctx;
  const base: ProjectData = { ...data, field, pendingAmount: undefined, pendingLabel: undefined, costKind: undefined };
  const question = t(`project:question.${field}`);
  switch (field) {
    case "sector":
      return ask(project("ask", base), question, [
        ...SECTOR_BUTTONS.map((sector) => choiceWith(ctx, `proj:sector:${sector}`, `eligibility:value.sector.${sector}`, `eligibility:synonyms.sector.${sector}`)),
        skipChoice(ctx),
      ]);
    case "legalForm":
      return ask(project("ask", base), question, [
        ...LEGAL_FORMS.map((form) => choiceWith(ctx, `proj:legal:${form}`, `project:legalForm.${form}`, `project:synonyms.legalForm.${form}`)),
        skipChoice(ctx),
      ]);
    case "startupCosts": {
      const items = viewOf(ctx).canvas.startupCosts ?? [];
      const text = items.length > 0 ? t("project:startupSoFar", { items: describeItems(items, ctx) }) : question;
      const choices: Choice[] = items.length > 0 ? [choiceWith(ctx, "proj:itemsDone", "project:thatsAll", "project:synonyms.thatsAll")] : [];
      return ask(project("ask", base), text, [...choices, skipChoice(ctx)]);
    }
    case "monthlyCosts":
      return askCostKind(MONTHLY_COST_KINDS[0], base, ctx);
    default:
      return ask(project("ask", base), question, [skipChoice(ctx)]);
  }
}

function askCostKind(kind: MonthlyCostKind, data: ProjectData, ctx: FlowContext): StepResult {
  const { t } = ctx;
  return ask(project("ask", { ...data, field: "monthlyCosts", costKind: kind, pendingAmount: undefined }), t(`project:monthly.${kind}`), [
    choiceWith(ctx, "proj:none", "project:none", "project:synonyms.none"),
    skipChoice(ctx),
  ]);
}

function describeItems(items: readonly CostItem[], ctx: FlowContext): string {
  return items.map((item) => `• ${item.label} : ${formatMad(item.amountMad, ctx.lang)}`).join("\n");
}

// ---- Reading answers ------------------------------------------------------------------

/** An amount in dirhams: the reader's, or read here when the step was handed bare text. */
function amountOf(text: string, answer: AnswerValue | undefined): { amount: number; clear: boolean } | null {
  if (answer?.kind === "amount") return { amount: answer.mad, clear: answer.unitClear };
  if (answer?.kind === "number") return { amount: answer.value, clear: answer.value < 1000 };
  const money = readMoney(text);
  return money ? { amount: money.mad, clear: money.unitClear } : null;
}

/**
 * The words of a start-up item once its amount is taken out: "machine à coudre 8000 dh" →
 * "machine à coudre". Digits inside words stay: in Arabizi they are letters ("four dyal l7elwa").
 */
function itemLabel(text: string, ctx: FlowContext): string {
  const label = asciiDigits(text)
    .replace(/(?<![\p{L}\p{N}])\d[\d\s.,]*(?![\p{L}])/gu, " ")
    .replace(/(?<![\p{L}\p{N}])\d+(?=(?:dh|dhs|mad|k)(?!\p{L}))/giu, " ")
    .replace(/(?<![\p{L}\p{N}])(dh|dhs|mad|dirhams?|درهم|دراهم|alf|الف|ألف|melyoun|mlyoun|مليون|ryal|ريال)(?![\p{L}\p{N}])/giu, " ")
    .replace(/[:=-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return label === "" ? ctx.t("project:itemUnnamed") : label.slice(0, 80);
}

function confirmAmount(data: ProjectData, amount: number, ctx: FlowContext, label?: string): StepResult {
  return ask(project("confirmAmount", { ...data, pendingAmount: amount, pendingLabel: label }), ctx.t("project:confirmAmount", { amount: formatMad(amount, ctx.lang) }), [
    { id: "proj:amount:yes", label: ctx.t("project:amountYes") },
    { id: "proj:amount:no", label: ctx.t("project:amountNo") },
  ]);
}

/** Stores an amount (or a count) for the field on screen. */
function storeAmount(data: ProjectData, amount: number, ctx: FlowContext, label?: string): StepResult {
  const field = data.field;
  const canvas = viewOf(ctx).canvas;
  if (field === "startupCosts") {
    const items = [...(canvas.startupCosts ?? []), { label: label ?? ctx.t("project:itemUnnamed"), amountMad: amount }];
    const next = withCanvas(ctx, { startupCosts: items });
    return withPrefix(askField("startupCosts", { ...data }, next.ctx), [], [next.effect]);
  }
  if (field === "monthlyCosts" && data.costKind) {
    const kind = data.costKind;
    const costs: MonthlyCost[] = [...(canvas.monthlyCosts ?? []).filter((cost) => cost.kind !== kind), { kind, amountMad: amount }];
    const next = withCanvas(ctx, { monthlyCosts: costs });
    const following = MONTHLY_COST_KINDS[MONTHLY_COST_KINDS.indexOf(kind) + 1];
    const result = following ? askCostKind(following, data, next.ctx) : afterAnswer({ ...data, costKind: undefined }, next.ctx);
    return withPrefix(result, [], [next.effect]);
  }
  if (field === "priceMad" || field === "salesPerMonth" || field === "ownContributionMad") {
    const next = withCanvas(ctx, { [field]: amount });
    return withPrefix(afterAnswer(data, next.ctx), [], [next.effect]);
  }
  return afterAnswer(data, ctx);
}

function handleTyped(state: FlowState, text: string, ctx: FlowContext, answer?: AnswerValue): StepResult {
  const data = dataOf(state);
  const field = data.field;
  if (!field) return continueCanvas(data, ctx);
  const corrected = correctionOf(text, field, ctx);
  if (corrected) return corrected(state);
  if (TEXT_FIELDS.has(field)) {
    const value = (answer?.kind === "text" ? answer.text : text).trim().slice(0, MAX_TEXT);
    if (field === "idea" && ctx.coachDraft) return startDraft(value, data, ctx);
    const next = withCanvas(ctx, { [field]: value });
    return withPrefix(afterAnswer(data, next.ctx), [], [next.effect]);
  }
  if (field === "sector" || field === "legalForm") return reask(state, ctx, "common:pickOne");
  if (field === "salesPerMonth") {
    const count = answer?.kind === "number" ? answer.value : answer?.kind === "amount" ? answer.mad : (readCount(text)?.value ?? null);
    if (count === null) return reask(state, ctx, "project:notANumber");
    // "150 par jour", "20 فالسيمانة": the month is what the numbers need, so it is said back.
    const per = says(text, "perDay") ? DAYS_A_MONTH : says(text, "perWeek") ? WEEKS_A_MONTH : 1;
    const monthly = Math.round(count * per);
    const stored = storeAmount(data, monthly, ctx);
    return per === 1 ? stored : withPrefix(stored, [note(ctx.t("project:perMonth", { count: monthly }))]);
  }
  const amount = amountOf(text, answer);
  if (!amount) return reask(state, ctx, "project:notAnAmount");
  const label = field === "startupCosts" ? itemLabel(text, ctx) : undefined;
  // "20 dh par jour" of transport: a monthly cost, said back as such.
  const per = field === "monthlyCosts" ? (says(text, "perDay") ? DAYS_A_MONTH : says(text, "perWeek") ? WEEKS_A_MONTH : 1) : 1;
  if (per !== 1) {
    const monthly = Math.round(amount.amount * per);
    return withPrefix(storeAmount(data, monthly, ctx), [note(ctx.t("project:perMonthAmount", { amount: formatMad(monthly, ctx.lang) }))]);
  }
  if (!amount.clear) return confirmAmount(data, amount.amount, ctx, label);
  return storeAmount(data, amount.amount, ctx, label);
}

/** Sales said per day or per week become per month: 26 working days, 4 weeks and a third. */
const DAYS_A_MONTH = 26;
const WEEKS_A_MONTH = 13 / 3;

/** The figures one may correct in passing, and the words that name them. */
const CORRECTABLE: readonly [CanvasField, "priceWord" | "salesWord" | "contributionWord"][] = [
  ["priceMad", "priceWord"],
  ["salesPerMonth", "salesWord"],
  ["ownContributionMad", "contributionWord"],
];

/**
 * "عفوا، الثمن الذي كتبته خطأ، الثمن هو ٨٠ درهما وليس ٥٠" typed at another question: the
 * earlier figure is corrected, then the question on screen is asked again.
 */
function correctionOf(text: string, field: CanvasField, ctx: FlowContext): ((state: FlowState) => StepResult) | null {
  if (!says(text, "correction")) return null;
  const named = CORRECTABLE.find(([other, word]) => other !== field && says(text, word));
  const amount = named ? readMoney(text) : null;
  if (!named || !amount) return null;
  const [target] = named;
  const value = target === "salesPerMonth" ? Math.round(amount.mad) : amount.mad;
  const next = withCanvas(ctx, { [target]: value });
  return (state) =>
    withPrefix(projectFlow.prompt(state, next.ctx), [note(ctx.t("project:corrected", { field: ctx.t(`project:field.${target}`), value: describeField(target, next.ctx.project!.canvas, next.ctx) }))], [next.effect]);
}

/** What each question of the canvas reads: free text, an option, a count, an amount; "I don't know" skips it. */
function expectationOf(state: FlowState): Expect {
  const data = dataOf(state);
  if (state.step === "confirmAmount") return { kinds: ["yesno", "amount"], yes: "proj:amount:yes", no: "proj:amount:no" };
  if (state.step === "draft") return { kinds: ["yesno", "choice"], yes: "proj:draft:yes", no: "proj:draft:no" };
  if (state.step === "consent") return { kinds: ["yesno", "choice"], yes: "consent:ask", no: "cmd:menu" };
  if (state.step !== "ask" || !data.field) return { kinds: ["choice"] };
  const skip = "proj:skip";
  switch (data.field) {
    case "sector":
      return { kinds: ["choice"], dontKnow: skip, other: "proj:sector:other" };
    case "legalForm":
      // "Je ne sais pas encore" is an answer of its own here.
      return { kinds: ["choice"], dontKnow: "proj:legal:undecided" };
    case "salesPerMonth":
      return { kinds: ["choice", "number"], dontKnow: skip };
    case "priceMad":
    case "ownContributionMad":
    case "startupCosts":
    case "monthlyCosts":
      return { kinds: ["choice", "amount"], dontKnow: skip };
    default:
      // The idea, customers, offer, team, worries: what the project is about, in the person's words.
      return { kinds: ["choice", "text"], dontKnow: skip, subject: true };
  }
}

// ---- The coach's draft ----------------------------------------------------------------

/** The model drafted fields from the idea: keep the idea, then confirm each drafted field. */
function startDraft(idea: string, data: ProjectData, ctx: FlowContext): StepResult {
  const draft = ctx.coachDraft!;
  const queue = CANVAS_STEPS.filter((field) => field !== "idea" && draft.fields[field] !== undefined && viewOf(ctx).canvas[field] === undefined);
  const next = withCanvas(ctx, { idea });
  const result = nextDraftField({ ...data, draft: draft.fields, draftQueue: queue, suggestions: draft.suggestions }, next.ctx);
  return withPrefix(result, [note(ctx.t("project:draftIntro"))], [next.effect]);
}

function nextDraftField(data: ProjectData, ctx: FlowContext): StepResult {
  const [field, ...rest] = data.draftQueue ?? [];
  if (!field) {
    const tips = data.suggestions ?? [];
    const result = continueCanvas({ skipped: data.skipped }, ctx);
    return tips.length > 0 ? withPrefix(result, [note([ctx.t("project:suggestions"), ...tips.map((tip) => `• ${tip}`)].join("\n"))]) : result;
  }
  const value = describeField(field, data.draft ?? {}, ctx);
  return ask(project("draft", { ...data, field, draftQueue: rest }), ctx.t("project:draftConfirm", { field: ctx.t(`project:field.${field}`), value }), [
    { id: "proj:draft:yes", label: ctx.t("common:yes") },
    { id: "proj:draft:no", label: ctx.t("project:draftNo") },
  ]);
}

// ---- Summary, review, sheet -----------------------------------------------------------

function describeField(field: CanvasField, canvas: Canvas, ctx: FlowContext): string {
  const { t, lang } = ctx;
  const value = canvas[field];
  if (value === undefined) return t("project:notAnswered");
  switch (field) {
    case "priceMad":
    case "ownContributionMad":
      return formatMad(value as number, lang);
    case "salesPerMonth":
      return String(value);
    case "sector":
      return t(`eligibility:value.sector.${String(value)}`);
    case "legalForm":
      return t(`project:legalForm.${String(value)}`);
    case "startupCosts":
      return (value as CostItem[]).map((item) => `${item.label} ${formatMad(item.amountMad, lang)}`).join(", ") || "—";
    case "monthlyCosts":
      return (value as MonthlyCost[]).map((cost) => `${t(`project:costKind.${cost.kind}`)} ${formatMad(cost.amountMad, lang)}`).join(", ") || "—";
    default:
      return String(value);
  }
}

function sheetToken(ctx: FlowContext): string {
  return viewOf(ctx).sheetToken ?? ctx.newId.replaceAll("-", "");
}

function showSummary(data: ProjectData, ctx: FlowContext): StepResult {
  const { t, lang } = ctx;
  const canvas = viewOf(ctx).canvas;
  const numbers = computeNumbers(canvas);
  const flags = computeFlags(canvas, numbers);
  const money = (value: number | null) => (value === null ? t("project:unknown") : formatMad(value, lang));
  const lines = [
    t("project:summaryTitle"),
    t("project:line.investment", { value: money(numbers.investmentMad) }),
    t("project:line.fundingNeed", { value: money(numbers.fundingNeedMad) }),
    t("project:line.revenue", { value: money(numbers.monthlyRevenueMad) }),
    t("project:line.costs", { value: money(numbers.monthlyCostsMad) }),
    t("project:line.margin", { value: money(numbers.monthlyMarginMad) }),
    numbers.breakEvenMonths === null ? t("project:line.noBreakEven") : t("project:line.breakEven", { count: numbers.breakEvenMonths }),
  ];
  const flagLines = flags.map((flag) => `⚠️ ${describeFlag(flag, t, lang)}`);
  const matching = matchingLine(canvas, ctx);
  const token = sheetToken(ctx);
  const url = `${ctx.publicUrl}/p/${token}`;
  const effects: Effect[] = [{ type: "publishSheet", token }];
  return {
    state: project("summary", { skipped: data.skipped }),
    messages: [
      note([...lines, ...(flagLines.length > 0 ? ["", ...flagLines] : []), "", matching].join("\n")),
      { kind: "link", text: t("project:sheetText"), url, label: t("project:sheetLabel") },
      {
        kind: "choices",
        text: t("project:whatNext"),
        choices: [
          { id: "proj:book", label: t("project:bookWithSheet") },
          { id: "cmd:eligibility", label: t("project:matchingPrograms") },
          { id: "proj:review", label: t("project:review") },
          { id: "proj:revoke", label: t("project:revoke") },
          { id: "cmd:menu", label: t("common:backToMenu") },
        ],
      },
    ],
    effects,
  };
}

/** Programmes for this project: where the person qualifies, else those to check with the platform. */
function matchingLine(canvas: Canvas, ctx: FlowContext): string {
  const { eligible, toCheck } = matchingPrograms(completeProfile(ctx.contact.profile), canvas, ctx.catalogue);
  const names = (programs: readonly { name: Record<string, string> }[]) => programs.map((program) => program.name[ctx.lang]).join(", ");
  if (eligible.length > 0) return ctx.t("project:matching", { names: names(eligible) });
  return toCheck.length > 0 ? ctx.t("project:matchingToCheck", { names: names(toCheck.slice(0, 3)) }) : ctx.t("project:matchingNone");
}

function review(data: ProjectData, ctx: FlowContext): StepResult {
  const { t } = ctx;
  const canvas = viewOf(ctx).canvas;
  const lines = CANVAS_STEPS.map((field) => `• ${t(`project:field.${field}`)} : ${describeField(field, canvas, ctx)}`);
  return ask(project("review", { skipped: data.skipped }), [t("project:yourCanvas"), ...lines].join("\n"), [
    ...CANVAS_STEPS.map((field) => ({ id: `proj:change:${field}`, label: t("project:change", { field: t(`project:field.${field}`) }) })),
    { id: "proj:summary", label: t("project:seeNumbers") },
  ]);
}

function reask(state: FlowState, ctx: FlowContext, key: string): StepResult {
  return withPrefix(projectFlow.prompt(state, ctx), [note(ctx.t(key))]);
}

// ---- The flow -------------------------------------------------------------------------

function handleChoice(state: FlowState, id: string, ctx: FlowContext): StepResult | null {
  const data = dataOf(state);
  if (id === "consent:ask") return askConsent(ctx);
  if (id === "proj:continue") return continueCanvas(data, ctx);
  if (id === "proj:summary") return showSummary(data, ctx);
  if (id === "proj:review") return review(data, ctx);
  if (id === "proj:revoke") {
    return withPrefix(enterMenu(ctx), [note(ctx.t("project:revoked"))], [{ type: "revokeSheet" }]);
  }
  if (id === "proj:book") return startBooking(ctx, { topic: "project" });
  if (id === "proj:skip" && data.field) {
    if (data.field === "monthlyCosts" && data.costKind) {
      const following = MONTHLY_COST_KINDS[MONTHLY_COST_KINDS.indexOf(data.costKind) + 1];
      if (following) return askCostKind(following, data, ctx);
    }
    return afterAnswer({ ...data, skipped: [...(data.skipped ?? []), data.field], costKind: undefined }, ctx);
  }
  if (id === "proj:none" && data.field === "monthlyCosts") return storeAmount(data, 0, ctx);
  if (id === "proj:itemsDone") return afterAnswer(data, ctx);
  if (id === "proj:amount:yes" && data.pendingAmount !== undefined) return storeAmount(data, data.pendingAmount, ctx, data.pendingLabel);
  if (id === "proj:amount:no") return withPrefix(askFieldAgain(data, ctx), [note(ctx.t("project:amountRetype"))]);
  if (id === "proj:draft:yes" && data.field && data.draft) {
    const next = withCanvas(ctx, { [data.field]: data.draft[data.field] });
    return withPrefix(nextDraftField(data, next.ctx), [], [next.effect]);
  }
  if (id === "proj:draft:no") return nextDraftField(data, ctx);
  const match = /^proj:(sector|legal|change):(.+)$/.exec(id);
  if (!match) return null;
  const [, kind, value] = match as unknown as [string, string, string];
  if (kind === "sector" && (SECTORS as readonly string[]).includes(value)) {
    const next = withCanvas(ctx, { sector: value as Sector });
    return withPrefix(afterAnswer(data, next.ctx), [], [next.effect]);
  }
  if (kind === "legal" && (LEGAL_FORMS as readonly string[]).includes(value)) {
    const next = withCanvas(ctx, { legalForm: value as LegalForm });
    return withPrefix(afterAnswer(data, next.ctx), [], [next.effect]);
  }
  if (kind === "change" && (CANVAS_STEPS as readonly string[]).includes(value)) {
    const field = value as CanvasField;
    // Lists start over when changed: clearer than editing one item in a chat.
    if (field === "startupCosts" || field === "monthlyCosts") {
      const next = withCanvas(ctx, { [field]: undefined });
      return withPrefix(askField(field, { ...data, revising: true }, next.ctx), [], [next.effect]);
    }
    return askField(field, { ...data, revising: true }, ctx);
  }
  return null;
}

function askFieldAgain(data: ProjectData, ctx: FlowContext): StepResult {
  if (data.field === "monthlyCosts" && data.costKind) return askCostKind(data.costKind, data, ctx);
  return data.field ? askField(data.field, data, ctx) : continueCanvas(data, ctx);
}

export const projectFlow: Flow = {
  name: PROJECT,
  prompt(state, ctx) {
    const data = dataOf(state);
    switch (state.step) {
      case "ask":
        return askFieldAgain(data, ctx);
      case "confirmAmount":
        return data.pendingAmount !== undefined ? confirmAmount(data, data.pendingAmount, ctx, data.pendingLabel) : askFieldAgain(data, ctx);
      case "draft":
        return nextDraftField({ ...data, draftQueue: data.field ? [data.field, ...(data.draftQueue ?? [])] : data.draftQueue }, ctx);
      case "summary":
        return showSummary(data, ctx);
      case "review":
        return review(data, ctx);
      default:
        return startProject(ctx);
    }
  },
  handle(state: FlowState, input: StepInput, ctx: FlowContext): StepResult {
    if (input.kind === "choice") return handleChoice(state, input.choiceId, ctx) ?? reask(state, ctx, "common:pickOne");
    if (input.kind !== "text") return reask(state, ctx, "common:pickOne");
    if (state.step === "ask") return handleTyped(state, input.text, ctx, input.answer);
    if (state.step === "confirmAmount") {
      // A retyped amount replaces the one in doubt.
      return handleTyped({ ...state, step: "ask" }, input.text, ctx, input.answer);
    }
    return reask(state, ctx, "common:pickOne");
  },
  expects: expectationOf,
};
