import type { Lang } from "../../bot/core/types.ts";
import { asWritten } from "../../bot/text/names.ts";
import { matchingPrograms, type MatchingPrograms } from "../../bot/project/matching.ts";
import type { Catalogue } from "../../bot/programs/catalogue.ts";
import { computeFlags, computeNumbers, cumulativeCash } from "../../bot/project/calc.ts";
import type { Canvas, ProjectFlag, ProjectNumbers } from "../../bot/project/types.ts";
import type { PublishedSheet } from "../../db/projects.ts";

/** One A4 page: a few programmes by name, the rest counted. */

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


export function buildSheetView(sheet: PublishedSheet, lang: Lang, catalogue: Catalogue): SheetView {
  const canvas = sheet.project.canvas;
  const numbers = computeNumbers(canvas);
  return {
    lang,
    firstName: sheet.contact.firstName?.trim() ? asWritten(sheet.contact.firstName.trim()) : null,
    updatedAt: sheet.project.updatedAt,
    canvas,
    numbers,
    flags: computeFlags(canvas, numbers),
    cash: cumulativeCash(canvas, numbers),
    programs: matchingPrograms(sheet.contact.profile, canvas, catalogue),
  };
}

