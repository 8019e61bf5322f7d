import { z } from "zod";
import { INTENTS } from "../../bot/nlu/contract.ts";

/**
 * The model's answer for one message (structured output). Every field is required and
 * nullable rather than optional, as strict structured outputs require; bounds and formats
 * are checked after parsing (`NluAnswerChecked`), not sent to the model. The place is the
 * name as written: our geography resolves it, so the model never invents a slug.
 */
export const NluAnswer = z.object({
  intent: z.enum(INTENTS),
  confidence: z.number().describe("0 to 1: how sure you are of the intent"),
  language: z.enum(["fr", "ar", "ary"]),
  entities: z.object({
    age: z.number().nullable().describe("age in years, only if stated or given as a birth year"),
    place: z.string().nullable().describe("a Moroccan region, province or town as written, or null"),
    gender: z.enum(["female", "male"]).nullable().describe("only from an explicit statement"),
    amountMad: z.number().nullable().describe("amount of money in dirhams"),
    amountUnitClear: z.boolean().nullable().describe("false when the unit was not said (bare number, 'melyoun')"),
    date: z.string().nullable().describe("YYYY-MM-DD, relative to today's date given"),
    time: z.string().nullable().describe("HH:MM, 24-hour"),
  }),
});
export type NluAnswer = z.infer<typeof NluAnswer>;

/** The same answer with ranges and formats enforced; failing it means "malformed". */
export const NluAnswerChecked = NluAnswer.extend({
  confidence: z.number().min(0).max(1),
  entities: NluAnswer.shape.entities.extend({
    age: z.number().int().min(10).max(99).nullable(),
    amountMad: z.number().positive().max(1e9).nullable(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
    time: z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/).nullable(),
  }),
});
export type NluAnswerChecked = z.infer<typeof NluAnswerChecked>;
