import { formatDate } from "../../booking/format.ts";
import { localDateOf } from "../../booking/local-time.ts";
import type { Choice } from "../../core/types.ts";
import { placeName, provinceBySlug, REGIONS } from "../../geography/index.ts";
import type { CatalogueEntry } from "../../programs/catalogue.ts";
import type { ProgramNeed } from "../../programs/types.ts";
import { PROGRAM_NEEDS } from "../../programs/types.ts";
import { startEligibility } from "../eligibility/index.ts";
import { readTypedAnswer } from "../eligibility/questions.ts";
import { enterMenu } from "../menu/index.ts";
import type { Flow, FlowContext, FlowState, StepInput, StepResult } from "../types.ts";
import { ask, stateOf, withPrefix } from "../types.ts";

/**
 * Discovering programmes: by need (training, funding…), by region, or near the person;
 * a card says who it is for, what you get, where, its status and its source, and leads
 * to "am I eligible?" or an advisor. Past programmes are shown as past, last. Pure.
 */

export const PROGRAMS = "programs";

/** What a list shows: one need, one region, the person's surroundings, abroad, or everything. */
type ListFilter = { by: "need"; need: ProgramNeed } | { by: "region"; region: string } | { by: "near"; province: string } | { by: "abroad" } | { by: "all" };

const STATUS_ORDER = { open: 0, closed: 1, past: 2 } as const;

export function startDiscovery(ctx: FlowContext): StepResult {
  const { t } = ctx;
  return ask(stateOf(PROGRAMS, "browse"), t("programs:browseTitle"), [
    { id: "prog:by:need", label: t("programs:byNeed") },
    { id: "prog:by:region", label: t("programs:byRegion") },
    { id: "prog:near", label: t("programs:nearMe") },
    { id: "prog:all", label: t("programs:all") },
    { id: "cmd:menu", label: t("common:backToMenu") },
  ]);
}

function askNeed(ctx: FlowContext): StepResult {
  return ask(stateOf(PROGRAMS, "need"), ctx.t("programs:whichNeed"), [
    ...PROGRAM_NEEDS.map((need) => ({ id: `prog:need:${need}`, label: ctx.t(`programs:need.${need}`) })),
    { id: "prog:browse", label: ctx.t("programs:back") },
  ]);
}

function askRegion(ctx: FlowContext): StepResult {
  return ask(stateOf(PROGRAMS, "region"), ctx.t("programs:whichRegion"), [
    ...REGIONS.map((region) => ({ id: `prog:region:${region.slug}`, label: placeName(region.slug, ctx.lang) ?? region.fr })),
    { id: "prog:abroad", label: ctx.t("programs:abroad") },
    { id: "prog:browse", label: ctx.t("programs:back") },
  ]);
}

/** Does the programme take people from this region? National ones (no place given) do. */
function servesRegion(program: CatalogueEntry, region: string): boolean {
  if (program.regions.length === 0 && program.provinces.length === 0) return program.countries.length === 0 || program.countries.includes("MA");
  return program.regions.includes(region) || program.provinces.some((slug) => provinceBySlug(slug)?.region === region);
}

function matches(program: CatalogueEntry, filter: ListFilter): boolean {
  switch (filter.by) {
    case "need":
      return program.needs.includes(filter.need);
    case "region":
      return servesRegion(program, filter.region);
    case "near": {
      const region = provinceBySlug(filter.province)?.region;
      return region !== undefined && servesRegion(program, region);
    }
    case "abroad":
      return program.countries.some((country) => country !== "MA");
    case "all":
      return true;
  }
}

/** Open first, then closed, then past; near the person, their own province's programmes first. */
function ordered(programs: CatalogueEntry[], filter: ListFilter): CatalogueEntry[] {
  const local = (program: CatalogueEntry) => (filter.by === "near" && program.provinces.includes(filter.province) ? 0 : 1);
  return [...programs].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || local(a) - local(b) || a.id.localeCompare(b.id));
}

function filterTitle(filter: ListFilter, ctx: FlowContext): string {
  const { t, lang } = ctx;
  switch (filter.by) {
    case "need":
      return t("programs:listNeed", { need: t(`programs:need.${filter.need}`) });
    case "region":
      return t("programs:listRegion", { region: placeName(filter.region, lang) ?? filter.region });
    case "near":
      return t("programs:listNear", { province: placeName(filter.province, lang) ?? filter.province });
    case "abroad":
      return t("programs:listAbroad");
    case "all":
      return t("programs:listAll");
  }
}

function showList(filter: ListFilter, ctx: FlowContext): StepResult {
  const { t, lang } = ctx;
  const programs = ordered(ctx.catalogue.programs.filter((program) => matches(program, filter)), filter);
  if (programs.length === 0) {
    return ask(stateOf(PROGRAMS, "list", { filter }), t("programs:noneHere"), [
      { id: "prog:all", label: t("programs:all") },
      { id: "prog:browse", label: t("programs:back") },
      { id: "cmd:human", label: t("programs:askAdvisor") },
    ]);
  }
  const lines = programs.map((program) => {
    const past = program.status === "past" ? ` (${t("programs:status.past")})` : "";
    return `• ${program.name[lang]}${past} — ${program.summary[lang]}`;
  });
  const choices: Choice[] = [
    ...programs.map((program) => ({
      id: `prog:card:${program.id}`,
      label: program.status === "past" ? `${program.name[lang]} (${t("programs:status.past")})` : program.name[lang],
    })),
    { id: "prog:browse", label: t("programs:back") },
  ];
  return ask(stateOf(PROGRAMS, "list", { filter }), [filterTitle(filter, ctx), ...lines].join("\n"), choices);
}

/** "Status: open, until 30 June 2027": the deadline of an open call, or when a closed one opens. */
function statusLine(program: CatalogueEntry, ctx: FlowContext): string {
  const status = ctx.t(`programs:status.${program.status}`);
  if (program.status === "open" && program.closesOn) return ctx.t("programs:card.statusUntil", { status, date: formatDate(program.closesOn, ctx.lang) });
  // Closed until its opening day (bot/programs/call-status.ts): say when it opens.
  if (program.status === "closed" && program.opensOn && program.opensOn > localDateOf(ctx.now)) {
    return ctx.t("programs:card.statusFrom", { status, date: formatDate(program.opensOn, ctx.lang) });
  }
  return ctx.t("programs:card.status", { status });
}

/** The card: everything a person needs to decide whether to go further, with its source. */
export function showProgramCard(programId: string, ctx: FlowContext, filter?: ListFilter): StepResult {
  const { t, lang } = ctx;
  const program = ctx.catalogue.byId.get(programId);
  if (!program) return withPrefix(startDiscovery(ctx), [{ kind: "text", text: t("programs:gone") }]);
  const sources = program.sources.map((source) => `${source.title} (${source.date})`).join(" ; ");
  const text = [
    `${program.name[lang]} — ${program.organization[lang]}`,
    program.summary[lang],
    t("programs:card.audience", { text: program.audience[lang] }),
    t("programs:card.offer", { text: program.offer[lang] }),
    t("programs:card.where", { text: program.where[lang] }),
    statusLine(program, ctx),
    t("programs:card.howToApply", { text: program.howToApply[lang] }),
    t("programs:card.source", { sources }),
  ].join("\n");
  const choices: Choice[] = [];
  if (program.status !== "past") choices.push({ id: `prog:check:${program.id}`, label: t("programs:amIEligible") });
  choices.push({ id: "cmd:human", label: t("programs:askAdvisor") });
  choices.push({ id: "prog:back", label: t("programs:backToList") });
  choices.push({ id: "cmd:menu", label: t("common:backToMenu") });
  return ask(stateOf(PROGRAMS, "card", { id: program.id, filter: filter ?? { by: "all" } }), text, choices);
}

/** The programmes around a province ("programmes f Khouribga"). */
export function discoverNear(province: string, ctx: FlowContext): StepResult {
  return showList({ by: "near", province }, ctx);
}

function nearMe(ctx: FlowContext): StepResult {
  const province = ctx.contact.profile.province;
  if (province) return showList({ by: "near", province }, ctx);
  return ask(stateOf(PROGRAMS, "where"), ctx.t("programs:whereAreYou"), [
    { id: "prog:by:region", label: ctx.t("programs:byRegion") },
    { id: "prog:browse", label: ctx.t("programs:back") },
  ]);
}

function filterOf(state: FlowState): ListFilter {
  return (state.data.filter as ListFilter | undefined) ?? { by: "all" };
}

function handleChoice(state: FlowState, choiceId: string, ctx: FlowContext): StepResult | null {
  if (choiceId === "prog:browse") return startDiscovery(ctx);
  if (choiceId === "prog:by:need") return askNeed(ctx);
  if (choiceId === "prog:by:region") return askRegion(ctx);
  if (choiceId === "prog:near") return nearMe(ctx);
  if (choiceId === "prog:all") return showList({ by: "all" }, ctx);
  if (choiceId === "prog:abroad") return showList({ by: "abroad" }, ctx);
  if (choiceId === "prog:back") return showList(filterOf(state), ctx);
  const [, kind, value] = choiceId.split(":", 3) as [string, string, string | undefined];
  if (!value) return null;
  if (kind === "need" && (PROGRAM_NEEDS as readonly string[]).includes(value)) return showList({ by: "need", need: value as ProgramNeed }, ctx);
  if (kind === "region" && REGIONS.some((region) => region.slug === value)) return showList({ by: "region", region: value }, ctx);
  if (kind === "card") return showProgramCard(value, ctx, state.step === "list" ? filterOf(state) : undefined);
  if (kind === "check") return startEligibility(ctx, { focus: value });
  return null;
}

function handleText(state: FlowState, text: string, ctx: FlowContext): StepResult {
  // Typed places work wherever a place makes sense: "Khouribga", "f agadir", "خريبكة".
  const place = readTypedAnswer(text, "province", ctx);
  if (place.province) {
    return withPrefix(showList({ by: "near", province: place.province }, ctx), [], [{ type: "updateProfile", patch: { province: place.province } }]);
  }
  if (place.region) return showList({ by: "region", region: place.region }, ctx);
  const key = state.step === "where" ? "programs:placeNotFound" : "common:pickOne";
  return withPrefix(programsFlow.prompt(state, ctx), [{ kind: "text", text: ctx.t(key) }]);
}

export const programsFlow: Flow = {
  name: PROGRAMS,
  prompt(state, ctx) {
    switch (state.step) {
      case "need":
        return askNeed(ctx);
      case "region":
        return askRegion(ctx);
      case "where":
        return nearMe(ctx);
      case "list":
        return showList(filterOf(state), ctx);
      case "card":
        return showProgramCard(String(state.data.id), ctx, filterOf(state));
      default:
        return startDiscovery(ctx);
    }
  },
  handle(state: FlowState, input: StepInput, ctx: FlowContext): StepResult {
    if (input.kind === "choice") {
      return handleChoice(state, input.choiceId, ctx) ?? withPrefix(programsFlow.prompt(state, ctx), [{ kind: "text", text: ctx.t("common:pickOne") }]);
    }
    if (input.kind === "text") return handleText(state, input.text, ctx);
    return enterMenu(ctx);
  },
};
