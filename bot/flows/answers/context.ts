import { localDateOf } from "../../booking/local-time.ts";
import type { FlowContext } from "../types.ts";
import type { ReadContext } from "./read.ts";
import { wordsOf } from "./words.ts";

/** What the readers of the question on screen need from the context: now, the language, the days and platforms on screen. */
export function readContextOf(ctx: FlowContext): ReadContext {
  const sites = ctx.booking?.sites.length ? ctx.booking.sites : ctx.handoff?.sites;
  const days = ctx.booking ? [...new Set(ctx.booking.slots.map((slot) => localDateOf(slot.start)))] : undefined;
  // A platform whose programmes are for women answers to "le centre des femmes", "مركز النساء".
  const siteWords = sites
    ? Object.fromEntries(
        sites
          .filter((site) => site.programIds.length > 0 && site.programIds.every((id) => ctx.catalogue.byId.get(id)?.needs.includes("women")))
          .map((site) => [site.id, wordsOf("needWomen")]),
      )
    : undefined;
  return { now: ctx.now, lang: ctx.lang, ...(days ? { offeredDays: days } : {}), ...(sites ? { sites, siteWords } : {}) };
}

