import type { z } from "zod";
import { findAmount } from "../../bot/nlu/amounts.ts";
import { fold } from "../../bot/nlu/normalize.ts";
import { rewriteNumberWords } from "../../bot/nlu/numbers.ts";
import { CANVAS_STEPS } from "../../bot/project/types.ts";
import type { Canvas, CanvasField, CostItem, MonthlyCost } from "../../bot/project/types.ts";
import type { CoachAnswer } from "./schema.ts";
import { CoachFieldsChecked, MAX_COST_ITEMS, MAX_SUGGESTIONS, MonthlyCostChecked, StartupCostChecked, SuggestionChecked } from "./schema.ts";

/**
 * Cleans a parsed answer before anything reaches the person: each field passes its own
 * range check or is dropped; text echoing a mask placeholder is dropped (it would show
 * "[NAME]" to the person); a figure is kept only if the message contains one at all —
 * the model must not invent prices or costs for "I want to sell sweets from home".
 * Zero stays possible without a figure ("no rent" is said in words). Pure.
 */

export interface CheckedDraft {
  fields: Canvas;
  suggestions: string[];
  /** Fields the model filled but the checks refused. */
  dropped: CanvasField[];
}

const PLACEHOLDER = /\[(?:PHONE|EMAIL|ID|NAME)\]/;
const LINK = /https?:\/\/|www\.|\.(?:com|ma|org|net)\b/i;
const STANDALONE_NUMBER = /(?<![\p{L}\p{N}])\d+(?:[.,]\d+)?(?![\p{L}\p{N}])/u;

/** Does the (masked) message state any figure: digits, number words, "2 melyoun", "15k"? */
export function mentionsFigure(maskedText: string): boolean {
  const folded = rewriteNumberWords(fold(maskedText));
  return STANDALONE_NUMBER.test(folded) || findAmount(folded) !== null;
}

export function checkCoachAnswer(answer: CoachAnswer, maskedText: string): CheckedDraft {
  const raw = answer.fields;
  const shape = CoachFieldsChecked.shape;
  const fields: Canvas = {};
  const dropped: CanvasField[] = [];
  const figures = mentionsFigure(maskedText);

  function keep<T>(name: CanvasField, schema: z.ZodType<T | null>, value: unknown, set: (checked: T) => void): void {
    if (value === null) return;
    const parsed = schema.safeParse(value);
    if (!parsed.success || parsed.data === null || (typeof parsed.data === "string" && PLACEHOLDER.test(parsed.data))) {
      dropped.push(name);
      return;
    }
    set(parsed.data);
  }
  const figure = (value: number | null): number | null => (value !== null && value !== 0 && !figures ? Number.NaN : value);

  keep("idea", shape.idea, raw.idea, (v) => (fields.idea = v));
  keep("sector", shape.sector, raw.sector, (v) => (fields.sector = v));
  keep("customers", shape.customers, raw.customers, (v) => (fields.customers = v));
  keep("offer", shape.offer, raw.offer, (v) => (fields.offer = v));
  // NaN fails every number check: an unstated figure is dropped like an absurd one.
  keep("priceMad", shape.priceMad, figure(raw.priceMad), (v) => (fields.priceMad = v));
  keep("salesPerMonth", shape.salesPerMonth, figure(raw.salesPerMonth), (v) => (fields.salesPerMonth = v));
  keep("ownContributionMad", shape.ownContributionMad, figure(raw.ownContributionMad), (v) => (fields.ownContributionMad = v));
  keep("legalForm", shape.legalForm, raw.legalForm, (v) => (fields.legalForm = v));
  keep("team", shape.team, raw.team, (v) => (fields.team = v));
  keep("worries", shape.worries, raw.worries, (v) => (fields.worries = v));

  const startup = startupCosts(raw.startupCosts, figures);
  if (startup.items.length > 0) fields.startupCosts = startup.items;
  if (startup.dropped) dropped.push("startupCosts");
  const monthly = monthlyCosts(raw.monthlyCosts, figures);
  if (monthly.items.length > 0) fields.monthlyCosts = monthly.items;
  if (monthly.dropped) dropped.push("monthlyCosts");

  return { fields, suggestions: suggestions(answer.suggestions), dropped: sortByStep(dropped) };
}

/** Items are checked one by one: one absurd line does not lose the others. */
function startupCosts(raw: CoachAnswer["fields"]["startupCosts"], figures: boolean): { items: CostItem[]; dropped: boolean } {
  const items: CostItem[] = [];
  for (const item of raw ?? []) {
    const parsed = StartupCostChecked.safeParse(item);
    if (parsed.success && figures && !PLACEHOLDER.test(parsed.data.label)) items.push(parsed.data);
  }
  return { items: items.slice(0, MAX_COST_ITEMS), dropped: items.length < (raw?.length ?? 0) };
}

/** One line per kind (the canvas asks by kind); only `other` may repeat, with its label. */
function monthlyCosts(raw: CoachAnswer["fields"]["monthlyCosts"], figures: boolean): { items: MonthlyCost[]; dropped: boolean } {
  const items: MonthlyCost[] = [];
  for (const item of raw ?? []) {
    const parsed = MonthlyCostChecked.safeParse(item);
    if (!parsed.success || (parsed.data.amountMad !== 0 && !figures)) continue;
    const { kind, amountMad, label } = parsed.data;
    if (kind !== "other" && items.some((kept) => kept.kind === kind)) continue;
    // The label says what an `other` cost is; one echoing a placeholder is left out.
    items.push(kind === "other" && label && !PLACEHOLDER.test(label) ? { kind, amountMad, label } : { kind, amountMad });
  }
  return { items: items.slice(0, MAX_COST_ITEMS), dropped: items.length < (raw?.length ?? 0) };
}

function suggestions(raw: string[]): string[] {
  const kept: string[] = [];
  for (const suggestion of raw) {
    const parsed = SuggestionChecked.safeParse(suggestion);
    if (!parsed.success || PLACEHOLDER.test(parsed.data) || LINK.test(parsed.data) || kept.includes(parsed.data)) continue;
    kept.push(parsed.data);
  }
  return kept.slice(0, MAX_SUGGESTIONS);
}

function sortByStep(names: CanvasField[]): CanvasField[] {
  return CANVAS_STEPS.filter((step) => names.includes(step));
}
