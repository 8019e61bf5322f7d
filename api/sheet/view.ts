import type { Lang } from "../../bot/core/types.ts";
import { evaluateAll } from "../../bot/eligibility/index.ts";
import type { Profile } from "../../bot/eligibility/types.ts";
import type { Catalogue, CatalogueEntry } from "../../bot/programs/catalogue.ts";
import { computeFlags, computeNumbers, cumulativeCash } from "../../bot/project/calc.ts";
import type { Canvas, ProjectFlag, ProjectNumbers } from "../../bot/project/types.ts";
import type { PublishedSheet } from "../../db/projects.ts";

/** One A4 page: a few programmes by name, the rest counted. */
const MAX_ELIGIBLE = 6;
const MAX_TO_CHECK = 4;

/** Everything the sheet shows, computed from the stored canvas and profile; no text yet. */
export interface SheetView {
  lang: Lang;
  firstName: string | null;
  updatedAt: Date;
  canvas: Canvas;
  numbers: ProjectNumbers;
  flags: ProjectFlag[];
  /** Cumulative cash, months 0…12; empty when the margin is unknown. */
  cash: number[];
  programs: MatchingPrograms;
}

export interface MatchingPrograms {
  eligible: CatalogueEntry[];
  toCheck: CatalogueEntry[];
  /** Programmes that did not fit on the page, for the advisor to look at. */
  moreToCheck: number;
}

export function buildSheetView(sheet: PublishedSheet, lang: Lang, catalogue: Catalogue): SheetView {
  const canvas = sheet.project.canvas;
  const numbers = computeNumbers(canvas);
  return {
    lang,
    firstName: sheet.contact.firstName?.trim() || null,
    updatedAt: sheet.project.updatedAt,
    canvas,
    numbers,
    flags: computeFlags(canvas, numbers),
    cash: cumulativeCash(canvas, numbers),
    programs: matchingPrograms(sheet.contact.profile, canvas, catalogue),
  };
}

/**
 * The catalogue's verdicts for the person, with the project's sector standing in for the
 * profile's: where they seem to qualify, then what the advisor should check. Past
 * programmes are never offered; the engine decides, nothing is invented here.
 */
export function matchingPrograms(profile: Profile, canvas: Canvas, catalogue: Catalogue): MatchingPrograms {
  const asked: Profile = canvas.sector ? { ...profile, sector: canvas.sector } : profile;
  const eligible: CatalogueEntry[] = [];
  const toCheck: CatalogueEntry[] = [];
  for (const result of evaluateAll(asked, catalogue.ruled).results) {
    const program = catalogue.byId.get(result.programId);
    if (!program || program.status === "past") continue;
    if (result.verdict === "eligible") eligible.push(program);
    else if (result.verdict === "unknown") toCheck.push(program);
  }
  // Open ones first: what the person can act on now.
  const openFirst = (list: CatalogueEntry[]) => list.sort((a, b) => Number(a.status !== "open") - Number(b.status !== "open"));
  const shownToCheck = openFirst(toCheck).slice(0, MAX_TO_CHECK);
  return {
    eligible: openFirst(eligible).slice(0, MAX_ELIGIBLE),
    toCheck: shownToCheck,
    moreToCheck: toCheck.length - shownToCheck.length + Math.max(0, eligible.length - MAX_ELIGIBLE),
  };
}
