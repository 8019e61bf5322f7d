import { z } from "zod";
import { LANGUAGES } from "../../bot/core/types.ts";
import { SECTORS } from "../../bot/eligibility/types.ts";
import { LEGAL_FORMS, MONTHLY_COST_KINDS } from "../../bot/project/types.ts";

/**
 * The coach's answer (structured output): a draft of the canvas fields the person's own
 * words fill, one or two suggestions, and the language. Every field is required and
 * nullable rather than optional, as strict structured outputs require; null means "the
 * person did not say". Types and enums are sent to the model; ranges are not: they are
 * checked after parsing (`CoachFieldsChecked`), field by field, so one absurd figure
 * drops that field and not the whole draft.
 */

const text = (what: string) => z.string().nullable().describe(`${what}, in the person's words; null if not said`);
const amount = (what: string) => z.number().nullable().describe(`${what}, in dirhams (MAD); null if not said`);

export const CoachFields = z.object({
  idea: text("the project idea in one sentence"),
  sector: z.enum(SECTORS).nullable().describe("the sector, only if the activity makes it obvious"),
  customers: text("who the customers are and where"),
  offer: text("what is sold (product or service)"),
  priceMad: amount("price of one sale"),
  salesPerMonth: z.number().nullable().describe("expected number of sales per month; null if not said"),
  startupCosts: z
    .array(z.object({ label: z.string(), amountMad: z.number() }))
    .nullable()
    .describe("start-up purchases the person named WITH an amount; null if none"),
  monthlyCosts: z
    .array(z.object({ kind: z.enum(MONTHLY_COST_KINDS), amountMad: z.number(), label: z.string().nullable() }))
    .nullable()
    .describe("monthly costs the person named WITH an amount; label only for kind other; null if none"),
  ownContributionMad: amount("money the person puts in themself"),
  legalForm: z.enum(LEGAL_FORMS).nullable().describe("only if the person named one"),
  team: text("who works on the project"),
  worries: text("what worries the person most"),
});
export type CoachFields = z.infer<typeof CoachFields>;

export const CoachAnswer = z.object({
  language: z.enum(LANGUAGES).describe("the language the person wrote in: fr, ar (MSA) or ary (Darija)"),
  fields: CoachFields,
  suggestions: z.array(z.string()).describe("one or two short concrete improvements, in the person's language"),
});
export type CoachAnswer = z.infer<typeof CoachAnswer>;

/** Amounts at or above this are not a young person's small project: the figure is dropped. */
export const MAX_AMOUNT_MAD = 10_000_000;
export const MAX_SALES_PER_MONTH = 1_000_000;
export const MAX_TEXT_CHARS = 300;
export const MAX_LABEL_CHARS = 120;
export const MAX_SUGGESTIONS = 2;
export const MAX_SUGGESTION_CHARS = 240;
export const MAX_COST_ITEMS = 20;

// zod 4 numbers are finite already (no Infinity, no NaN).
const checkedText = z.string().trim().min(1).max(MAX_TEXT_CHARS);
const checkedLabel = z.string().trim().min(1).max(MAX_LABEL_CHARS);
const positiveAmount = z.number().positive().lt(MAX_AMOUNT_MAD);
/** Zero is a real answer for these ("no rent", "I put in nothing"). */
const amountOrZero = z.number().nonnegative().lt(MAX_AMOUNT_MAD);

export const StartupCostChecked = z.object({ label: checkedLabel, amountMad: positiveAmount });
export const MonthlyCostChecked = z.object({
  kind: z.enum(MONTHLY_COST_KINDS),
  amountMad: amountOrZero,
  label: checkedLabel.nullable().catch(null),
});

/** Each field with its range; a field failing its own check is dropped, the others kept. */
export const CoachFieldsChecked = z.object({
  idea: checkedText.nullable(),
  sector: z.enum(SECTORS).nullable(),
  customers: checkedText.nullable(),
  offer: checkedText.nullable(),
  priceMad: positiveAmount.nullable(),
  salesPerMonth: z.number().int().positive().max(MAX_SALES_PER_MONTH).nullable(),
  startupCosts: z.array(StartupCostChecked).min(1).max(MAX_COST_ITEMS).nullable(),
  monthlyCosts: z.array(MonthlyCostChecked).min(1).max(MAX_COST_ITEMS).nullable(),
  ownContributionMad: amountOrZero.nullable(),
  legalForm: z.enum(LEGAL_FORMS).nullable(),
  team: checkedText.nullable(),
  worries: checkedText.nullable(),
});
export type CoachFieldsChecked = z.infer<typeof CoachFieldsChecked>;

export const SuggestionChecked = z.string().trim().min(1).max(MAX_SUGGESTION_CHARS);

/** The whole answer with every range enforced: what a perfect answer passes (eval cases). */
export const CoachAnswerChecked = CoachAnswer.extend({
  fields: CoachFieldsChecked,
  suggestions: z.array(SuggestionChecked).min(1).max(MAX_SUGGESTIONS),
});
export type CoachAnswerChecked = z.infer<typeof CoachAnswerChecked>;
