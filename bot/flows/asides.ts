import { formatSlot } from "../booking/format.ts";
import { tidyTypography } from "../core/normalize.ts";
import { namesConcept } from "../nlu/intents.ts";
import { understand } from "../nlu/understand.ts";
import { normalizeText, type NormalizedText } from "../nlu/normalize.ts";
import type { ProgramNeed } from "../programs/types.ts";
import type { Catalogue } from "../programs/catalogue.ts";
import { compileNames, findNamed } from "./answers/named.ts";
import { readSites } from "./answers/sites.ts";
import { says, type AnswerWord } from "./answers/words.ts";
import type { FlowContext, FlowState } from "./types.ts";

/**
 * Questions asked in passing, answered briefly from what the bot knows, after which the
 * question on screen is asked again: "c'est quoi Minassati en fait ?", "شنو هي منصتي؟",
 * "ما هي البرامج الخاصة بالنساء؟", "minassati fin kayna?", and around a meeting: "fin
 * kayn lmaw3id?", "qu'est-ce que je dois apporter ?", "je serai en retard". Programmes and
 * places come from the catalogue and the booking data, never from guesses. Pure.
 */
export function answerInPassing(raw: string, state: FlowState, ctx: FlowContext): string | null {
  const text = tidyTypography(raw);
  const normalized = normalizeText(text);
  const meeting = aboutMyMeeting(normalized, ctx);
  if (meeting) return meeting;
  // "c'est quoi…", "fin…", "is it free?": asking about something, not asking for something
  // ("واش نقدر ناخد موعد فالمركز ديال العيالات؟" asks for a meeting).
  const questionMark = text.includes("?") || text.includes("؟");
  const askingWords = says(normalized, "what") || says(normalized, "where");
  if (says(normalized, "free") && (askingWords || questionMark)) return ctx.t("booking:free");
  // A question mark on a request for a meeting or a person is a request, not a question about a programme.
  const requesting = ["book", "human"].includes(understand(text, { now: ctx.now, languageHint: ctx.lang }).intent);
  const asking = askingWords || (questionMark && !requesting);
  if (!asking) return null;
  // "fin kayn lcentre dyal Dakhla bdebt?": a platform's own address, when the platforms are known.
  const sites = ctx.booking?.sites ?? ctx.handoff?.sites ?? [];
  if (says(normalized, "where") && sites.length > 0) {
    const place = readSites(text, sites);
    const site = place?.ids.length === 1 ? sites.find((candidate) => candidate.id === place.ids[0]) : undefined;
    if (site) return ctx.t("booking:siteAddress", { site: site.name[ctx.lang], address: site.address[ctx.lang] });
  }
  const named = programsNamed(text, ctx.catalogue);
  if (named.length > 0) return describePrograms(named, says(normalized, "where") && !says(normalized, "what"), ctx);
  // "هل هذا المركز خاص بالنساء؟", "c'est où ce centre ?": the platform or programme on screen.
  if (says(normalized, "thisOne")) {
    const here = programsOnScreen(state, ctx);
    if (here.length > 0) return describePrograms(here, says(normalized, "where") && !says(normalized, "what"), ctx);
  }
  const need = needAskedAbout(normalized);
  if (need) return programsForNeed(need, ctx);
  return null;
}

/** Words of a programme's id that name a town, shared by others: not its name ("minassati-khouribga" is named by "minassati"). */
const TOWNS_IN_IDS = new Set(["khouribga", "laayoune", "dakhla", "benguerir", "learning", "center", "women", "2018"]);
/** How people name a women's centre ("le centre des femmes", "مركز النساء", "lmarkaz dyal l3yalat"). */
const WOMENS_CENTRE = ["centre des femmes", "centre de la femme", "centre pour les femmes", "centre dyal l3yalat", "markaz dyal l3yalat", "markaz l3yalat", "مركز النساء", "مركز المراه", "المركز ديال العيالات", "مركز العيالات"];

function programsNamed(text: string, catalogue: Catalogue) {
  const entries = catalogue.programs.map((program) => {
    const centre = program.needs.includes("women") && Object.values(program.name).some((name) => /center|centre|مركز/i.test(name));
    return { id: program.id, names: Object.values(program.name), extra: [...program.id.split("-").filter((word) => !TOWNS_IN_IDS.has(word)), ...(centre ? WOMENS_CENTRE : [])] };
  });
  if (entries.length === 0) return [];
  const found = findNamed(text, compileNames(entries));
  return (found?.ids ?? []).map((id) => catalogue.byId.get(id)!).filter((program) => program !== undefined);
}

/** The programmes of what is on screen: the platform being booked, or the programme card open. */
function programsOnScreen(state: FlowState, ctx: FlowContext): ReturnType<typeof programsNamed> {
  const data = state.data as { siteId?: unknown; id?: unknown };
  if (state.flow === "booking" && typeof data.siteId === "string") {
    const site = ctx.booking?.sites.find((candidate) => candidate.id === data.siteId);
    return (site?.programIds ?? []).map((id) => ctx.catalogue.byId.get(id)!).filter((program) => program !== undefined);
  }
  if (state.flow === "programs" && typeof data.id === "string") {
    const program = ctx.catalogue.byId.get(data.id);
    return program ? [program] : [];
  }
  return [];
}

const MAX_NAMED = 3;

function describePrograms(programs: ReturnType<typeof programsNamed>, whereOnly: boolean, ctx: FlowContext): string {
  const { t, lang } = ctx;
  return programs
    .slice(0, MAX_NAMED)
    .map((program) =>
      whereOnly
        ? t("programs:briefWhere", { name: program.name[lang], where: program.where[lang] })
        : t("programs:brief", { name: program.name[lang], summary: program.summary[lang], where: program.where[lang] }),
    )
    .join("\n\n");
}

const NEED_WORDS: [AnswerWord, ProgramNeed][] = [
  ["needWomen", "women"],
  ["needFunding", "funding"],
  ["needCooperatives", "cooperatives"],
  ["needPrizes", "prizes"],
  ["needTraining", "training"],
];

function needAskedAbout(normalized: NormalizedText): ProgramNeed | null {
  // Only a question about programmes ("quels programmes pour les femmes ?", "wach kayn chi programme l3yalat?").
  if (!says(normalized, "what")) return null;
  return NEED_WORDS.find(([word]) => says(normalized, word))?.[1] ?? null;
}

const MAX_LISTED = 6;

function programsForNeed(need: ProgramNeed, ctx: FlowContext): string {
  const { t, lang } = ctx;
  const programs = ctx.catalogue.programs.filter((program) => program.needs.includes(need) && program.status !== "past");
  if (programs.length === 0) return t("programs:briefNeedNone", { need: t(`programs:need.${need}`) });
  return t("programs:briefNeed", { need: t(`programs:need.${need}`), names: programs.slice(0, MAX_LISTED).map((program) => `• ${program.name[lang]}`).join("\n") });
}

/** Where is my meeting, what to bring, I will be late: about the person's next meeting. */
function aboutMyMeeting(normalized: NormalizedText, ctx: FlowContext): string | null {
  const late = says(normalized, "late");
  const bring = says(normalized, "bring");
  const where = says(normalized, "where") && mentionsMeeting(normalized);
  if (!late && !bring && !where) return null;
  // What to bring is the same for every meeting: said even before one is booked.
  if (bring && !late && !where) return ctx.t("booking:whatToBring");
  const next = ctx.booking?.appointments[0];
  if (!next) return late || where ? ctx.t("booking:noMeetingToCome") : null;
  const site = ctx.booking?.sites.find((candidate) => candidate.id === next.siteId);
  const when = formatSlot(next.start, ctx.lang);
  const place = site ? ctx.t("booking:meetingPlace", { when, site: site.name[ctx.lang], address: site.address[ctx.lang] }) : when;
  if (late) return ctx.t("booking:late", { when });
  if (bring) return ctx.t("booking:whatToBring");
  return place;
}

function mentionsMeeting(normalized: NormalizedText): boolean {
  return namesConcept(normalized, "appointment");
}
