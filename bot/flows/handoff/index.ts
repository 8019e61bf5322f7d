import { formatSlot } from "../../booking/format.ts";
import type { Site } from "../../booking/types.ts";
import { EMPTY_HANDOFF_VIEW, type HandoffView } from "../../conversation/handoff-view.ts";
import { waitsFor } from "../pending.ts";
import { detectCommand } from "../../core/commands.ts";
import { cleanText } from "../../core/normalize.ts";
import type { InboundContent } from "../../core/types.ts";
import { provinceBySlug } from "../../geography/index.ts";
import { siteKeywords, sitesByDistance } from "../booking/index.ts";
import { enterMenu, menuFlow } from "../menu/index.ts";
import { askConsent } from "../onboarding/index.ts";
import type { Flow, FlowContext, FlowState, StepInput, StepResult } from "../types.ts";
import { ask, stateOf, withPrefix } from "../types.ts";

export const HANDOFF = "handoff";

/** Quiet time between two "an advisor will answer" acknowledgements while waiting. */
export const WAITING_ACK_INTERVAL_MS = 30 * 60 * 1000;

const SITE_CHOICE = "handoff:site:";
const ALL_SITES_CHOICE = "handoff:allsites";
/** Sites offered at once, nearest first; the rest behind "all platforms". */
const MAX_SITES = 6;

/**
 * Which turns need the handoff data loaded (the engine asks before routing): asking for a
 * human (button, command or typed intent) and every turn while in this flow.
 */
export function handoffNeeds(state: FlowState | null, content: InboundContent, typedIntent: () => string | null): boolean {
  if (state?.flow === HANDOFF || waitsFor(state, "human")) return true;
  if (content.kind === "choice") return content.choiceId === "cmd:human";
  if (content.kind === "text") return detectCommand(cleanText(content.text))?.command === "human" || typedIntent() === "human";
  return false;
}

function viewOf(ctx: FlowContext): HandoffView {
  return ctx.handoff ?? EMPTY_HANDOFF_VIEW;
}

function backToBotChoice(ctx: FlowContext) {
  return { id: "cmd:bot", label: ctx.t("handoff:backToBot") };
}

/**
 * Whose advisors answer: the site of the person's next meeting, the platform whose link
 * brought them, the only site near them, the only site at all. Null when it takes a question.
 */
function knownSite(view: HandoffView, ctx: FlowContext): Site | null {
  const { sites } = view;
  const byId = (id: string | null) => sites.find((site) => site.id === id) ?? null;
  const entry = ctx.contact.entryPoint?.toLowerCase();
  const fromLink = entry ? sites.find((site) => site.id === entry || site.id.split("-")[0] === entry) : undefined;
  const nearby = nearestSites(view, ctx);
  return byId(view.appointmentSiteId) ?? fromLink ?? (nearby.length === 1 ? nearby[0]! : null) ?? (sites.length === 1 ? sites[0]! : null);
}

/** The sites in the person's province, else in their region: the ones they would walk to. */
function nearestSites(view: HandoffView, ctx: FlowContext): Site[] {
  const { province } = ctx.contact.profile;
  const region = ctx.contact.profile.region ?? (province ? provinceBySlug(province)?.region : undefined);
  const inProvince = view.sites.filter((site) => province !== undefined && site.province === province);
  if (inProvince.length > 0) return inProvince;
  return view.sites.filter((site) => region !== undefined && provinceBySlug(site.province)?.region === region);
}

/**
 * "Talk to a person": the conversation waits for an advisor of the right site and the bot
 * steps aside. An advisor needs to read the conversation, so this needs consent first.
 */
export function requestHuman(ctx: FlowContext): StepResult {
  if (ctx.contact.consent !== "given") {
    return withPrefix(askConsent(ctx, "menu"), [{ kind: "text", text: ctx.t("handoff:needsConsent") }]);
  }
  if (ctx.conversationStatus === "waiting" || ctx.conversationStatus === "advisor") {
    return whileWaiting(stateOf(HANDOFF, "waiting"), ctx, true);
  }
  const view = viewOf(ctx);
  const site = knownSite(view, ctx);
  if (site || view.sites.length === 0) return queue(site, ctx);
  return askSite(ctx);
}

function askSite(ctx: FlowContext, showAll = false): StepResult {
  const { t, lang } = ctx;
  const sorted = sitesByDistance(viewOf(ctx).sites, ctx);
  const shown = showAll ? sorted : sorted.slice(0, MAX_SITES);
  const choices = shown.map((site) => ({ id: `${SITE_CHOICE}${site.id}`, label: site.name[lang], keywords: siteKeywords(site) }));
  if (shown.length < sorted.length) choices.push({ id: ALL_SITES_CHOICE, label: t("booking:allSites"), keywords: [] });
  return ask(stateOf(HANDOFF, "site"), t("handoff:whichSite"), [...choices, { id: "cmd:menu", label: t("common:backToMenu") }]);
}

/** Into the site's queue, telling the person honestly when an answer can come. */
function queue(site: Site | null, ctx: FlowContext): StepResult {
  const opening = site ? viewOf(ctx).openings[site.id] : undefined;
  const openNow = opening?.openNow ?? false;
  const text = opening?.openNow
    ? ctx.t("handoff:requestedOpen", { site: site!.name[ctx.lang] })
    : opening?.nextOpeningAt
      ? ctx.t("handoff:requestedClosed", { site: site!.name[ctx.lang], when: formatSlot(opening.nextOpeningAt, ctx.lang) })
      : ctx.t("handoff:requested");
  return {
    state: stateOf(HANDOFF, "waiting", { ackedAt: ctx.now.toISOString(), siteId: site?.id ?? null }),
    messages: [{ kind: "choices", text, choices: [backToBotChoice(ctx)] }],
    effects: [{ type: "requestHandoff", siteId: site?.id ?? null, openNow }],
  };
}

/**
 * Something arrived while waiting for an advisor: each message is acknowledged once, with
 * «back to the assistant» under it (a chat page greys out the buttons of older messages).
 * A short «it is with the team» within WAITING_ACK_INTERVAL_MS of the last full answer;
 * the full one (when the team is back) after that.
 */
export function whileWaiting(state: FlowState, ctx: FlowContext, force = false): StepResult {
  const ackedAt = typeof state.data.ackedAt === "string" ? Date.parse(state.data.ackedAt) : Number.NaN;
  const recently = !Number.isNaN(ackedAt) && ctx.now.getTime() - ackedAt < WAITING_ACK_INTERVAL_MS;
  if (recently && !force) return { state, messages: [{ kind: "choices", text: ctx.t("handoff:received"), choices: [backToBotChoice(ctx)] }], effects: [] };
  const siteId = typeof state.data.siteId === "string" ? state.data.siteId : null;
  const opening = siteId ? viewOf(ctx).openings[siteId] : undefined;
  const text =
    opening && !opening.openNow && opening.nextOpeningAt
      ? ctx.t("handoff:stillWaitingClosed", { when: formatSlot(opening.nextOpeningAt, ctx.lang) })
      : ctx.t("handoff:stillWaiting");
  return {
    state: stateOf(HANDOFF, "waiting", { ackedAt: ctx.now.toISOString(), siteId }),
    messages: [{ kind: "choices", text, choices: [backToBotChoice(ctx)] }],
    effects: [],
  };
}

export function backToBot(ctx: FlowContext): StepResult {
  const wasWaiting = ctx.conversationStatus === "waiting";
  const result = enterMenu(ctx);
  if (!wasWaiting) return result;
  return withPrefix(result, [{ kind: "text", text: ctx.t("handoff:cancelled") }], [{ type: "cancelHandoff" }]);
}

/** An advisor took the conversation: the person learns who answers (first name only). */
export function advisorJoined(ctx: FlowContext, advisor: { firstName: string; siteId: string | null }): StepResult {
  const site = viewOf(ctx).sites.find((candidate) => candidate.id === advisor.siteId);
  const text = site
    ? ctx.t("handoff:advisorJoinedAt", { name: advisor.firstName, site: site.name[ctx.lang] })
    : ctx.t("handoff:advisorJoined", { name: advisor.firstName });
  return { state: stateOf(HANDOFF, "advisor"), messages: [{ kind: "text", text }], effects: [] };
}

/** Who answered, for the satisfaction question asked after a resolved conversation. */
export interface ResolvedBy {
  advisorId: string | null;
  siteId: string | null;
}

const RATE_CHOICE = "rate:";
export const RATINGS = [1, 2, 3, 4, 5] as const;

/**
 * The advisor handed the conversation back (released): the bot is back, with the menu. Or
 * settled it (resolved): the bot is back and asks once how helpful it was, 1 to 5.
 */
export function botIsBack(ctx: FlowContext, how: "released" | "resolved", by: ResolvedBy = { advisorId: null, siteId: null }): StepResult {
  const back = { kind: "text" as const, text: ctx.t(`handoff:${how}`) };
  if (how === "released") return withPrefix(enterMenu(ctx), [back]);
  const choices = [...RATINGS.map((score) => ({ id: `${RATE_CHOICE}${score}`, label: ctx.t(`handoff:rate${score}`) })), { id: "cmd:menu", label: ctx.t("common:backToMenu") }];
  return { state: stateOf(HANDOFF, "rate", { ...by }), messages: [back, { kind: "choices", text: ctx.t("handoff:rateQuestion"), choices }], effects: [] };
}

/** The answer to «how helpful was this?»: recorded once, thanked, then the menu. Anything else goes to the menu. */
function handleRating(state: FlowState, input: StepInput, ctx: FlowContext): StepResult {
  const score = input.kind === "choice" && input.choiceId.startsWith(RATE_CHOICE) ? Number(input.choiceId.slice(RATE_CHOICE.length)) : Number.NaN;
  if (!RATINGS.includes(score as (typeof RATINGS)[number])) return menuFlow.handle(stateOf("menu", "main"), input, ctx);
  const str = (value: unknown) => (typeof value === "string" ? value : null);
  return withPrefix(enterMenu(ctx), [{ kind: "text", text: ctx.t("handoff:rateThanks") }], [
    { type: "rateService", score, advisorId: str(state.data.advisorId), siteId: str(state.data.siteId) },
  ]);
}

function handle(state: FlowState, input: StepInput, ctx: FlowContext): StepResult {
  if (state.step === "rate") return handleRating(state, input, ctx);
  if (state.step === "site") {
    const siteId = input.kind === "choice" && input.choiceId.startsWith(SITE_CHOICE) ? input.choiceId.slice(SITE_CHOICE.length) : null;
    const site = viewOf(ctx).sites.find((candidate) => candidate.id === siteId);
    if (site) return queue(site, ctx);
    if (input.kind === "choice" && input.choiceId === ALL_SITES_CHOICE) return askSite(ctx, true);
    return withPrefix(askSite(ctx), [{ kind: "text", text: ctx.t("common:pickOne") }]);
  }
  return whileWaiting(state, ctx);
}

export const handoffFlow: Flow = {
  name: HANDOFF,
  prompt: (state, ctx) => (state.step === "site" ? askSite(ctx) : state.step === "rate" ? enterMenu(ctx) : whileWaiting(state, ctx, true)),
  handle,
  // "منصتي", "celle de Laâyoune", "li f l3ayoun": the platform, typed in any script.
  expects: (state) => (state.step === "site" ? { kinds: ["site", "choice"] } : null),
};
