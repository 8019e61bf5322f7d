import { evaluateAll } from "../eligibility/index.ts";
import type { Profile } from "../eligibility/types.ts";
import type { Catalogue, CatalogueEntry } from "../programs/catalogue.ts";
import type { Canvas } from "./types.ts";

/** How many programmes the sheet and the chat name; the rest are counted. */
const MAX_ELIGIBLE = 6;
const MAX_TO_CHECK = 4;

export interface MatchingPrograms {
  eligible: CatalogueEntry[];
  toCheck: CatalogueEntry[];
  /** Programmes that did not fit on the page, for the advisor to look at. */
  moreToCheck: number;
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
