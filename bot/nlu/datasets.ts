import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { LANGUAGES } from "../core/types.ts";
import { INTENTS } from "./contract.ts";

/**
 * The labelled utterances in tests/nlu/datasets: loading and checking them. The model is
 * trained on `train.jsonl` only; `heldout.jsonl` and any blind set (`fresh-*.jsonl`) are
 * only ever measured, never trained or cross-validated on.
 */

export const HELDOUT_PATH = fileURLToPath(new URL("../../tests/nlu/datasets/heldout.jsonl", import.meta.url));
export const TRAIN_PATH = fileURLToPath(new URL("../../tests/nlu/datasets/train.jsonl", import.meta.url));
/** The clock the labels' dates are written against: Wednesday 11 June 2025, 10:00 in Casablanca. */
export const EVAL_NOW = new Date("2025-06-11T09:00:00Z");

const EntitiesLabel = z
  .object({
    age: z.number().int(),
    region: z.string(),
    province: z.string(),
    gender: z.enum(["female", "male"]),
    amountMad: z.number(),
    amountUnitClear: z.boolean(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    time: z.string().regex(/^\d{2}:\d{2}$/),
  })
  .partial()
  .strict();

export const LabelledUtterance = z
  .object({
    text: z.string().min(1),
    language: z.enum(LANGUAGES),
    script: z.enum(["arab", "latn"]),
    intent: z.enum(INTENTS),
    entities: EntitiesLabel.optional(),
  })
  .strict();
export type LabelledUtterance = z.infer<typeof LabelledUtterance>;

export function loadDataset(path: string): LabelledUtterance[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== "")
    .map(([line, lineNumber]) => {
      const parsed = LabelledUtterance.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${lineNumber}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** Blind sets (`fresh-*.jsonl`) and the held-out set are measured once, never learnt from. */
export function isMeasureOnly(path: string): boolean {
  const name = basename(path);
  return name.startsWith("fresh-") || name === basename(HELDOUT_PATH);
}

/** Loads a set to learn from (train or cross-validate on); refuses blind and held-out sets. */
export function loadTrainingSet(path: string = TRAIN_PATH): LabelledUtterance[] {
  if (isMeasureOnly(path)) throw new Error(`${basename(path)} is for measuring only: nothing is trained or tuned on it`);
  return loadDataset(path);
}
