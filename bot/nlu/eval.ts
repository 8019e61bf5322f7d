import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { LANGUAGES } from "../core/types.ts";
import { INTENTS } from "./intents.ts";
import type { Understanding } from "./understand.ts";
import { understand } from "./understand.ts";

/**
 * Measures the understanding layer on a labelled set: intent accuracy and language
 * accuracy, overall and per language × script, entity accuracy, and the list of errors.
 * `node bot/nlu/eval.ts [file.jsonl]` (default: the held-out set, which nobody tunes on).
 */

export const HELDOUT_PATH = fileURLToPath(new URL("../../tests/nlu/datasets/heldout.jsonl", import.meta.url));
export const TRAIN_PATH = fileURLToPath(new URL("../../tests/nlu/datasets/train.jsonl", import.meta.url));
/** The clock the labels' dates are written against: Wednesday 11 June 2025, 10:00 in Casablanca. */
export const EVAL_NOW = new Date("2025-06-11T09:00:00Z");

export const TARGETS = { intent: 0.9, intentPerGroup: 0.85, language: 0.95 } as const;

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

/** fr-latn, ar-arab, ary-arab, ary-latn: the four ways of writing. */
export function groupOf(item: { language: string; script: string }): string {
  return `${item.language}-${item.script}`;
}

/** The acceptance's language classes: French, Arabic letters (MSA or Darija), Darija in Latin letters. */
function languageClass(item: { language: string; script: string }): string {
  if (item.script === "arab") return "arabic-script";
  return item.language === "fr" ? "fr" : "ary-latn";
}

interface Tally {
  total: number;
  intentCorrect: number;
  languageCorrect: number;
  languageExact: number;
}

export interface EvalError {
  text: string;
  group: string;
  kind: "intent" | "language" | "entity";
  expected: string;
  got: string;
}

export interface EvalReport {
  overall: Tally;
  groups: Record<string, Tally>;
  entities: Record<string, { total: number; correct: number }>;
  errors: EvalError[];
}

export function evaluate(items: readonly LabelledUtterance[], now: Date = EVAL_NOW): EvalReport {
  const empty = (): Tally => ({ total: 0, intentCorrect: 0, languageCorrect: 0, languageExact: 0 });
  const report: EvalReport = { overall: empty(), groups: {}, entities: {}, errors: [] };
  for (const item of items) {
    const got = understand(item.text, { now });
    const group = groupOf(item);
    const tally = (report.groups[group] ??= empty());
    for (const t of [tally, report.overall]) {
      t.total++;
      if (got.intent === item.intent) t.intentCorrect++;
      if (languageClass(got) === languageClass(item)) t.languageCorrect++;
      if (got.language === item.language && got.script === item.script) t.languageExact++;
    }
    if (got.intent !== item.intent) report.errors.push({ text: item.text, group, kind: "intent", expected: item.intent, got: `${got.intent} (${got.confidence})` });
    if (got.language !== item.language || got.script !== item.script) {
      report.errors.push({ text: item.text, group, kind: "language", expected: group, got: groupOf(got) });
    }
    if (item.entities) compareEntities(item, got, report);
  }
  return report;
}

function compareEntities(item: LabelledUtterance, got: Understanding, report: EvalReport): void {
  for (const [field, expected] of Object.entries(item.entities ?? {})) {
    const actual = (got.entities as Record<string, unknown>)[field];
    const score = (report.entities[field] ??= { total: 0, correct: 0 });
    score.total++;
    if (actual === expected) score.correct++;
    else report.errors.push({ text: item.text, group: groupOf(item), kind: "entity", expected: `${field}=${String(expected)}`, got: `${field}=${String(actual)}` });
  }
}

export function ratio(correct: number, total: number): number {
  return total === 0 ? 0 : correct / total;
}

/** The targets this report misses (empty when all are met). */
export function missedTargets(report: EvalReport): string[] {
  const missed: string[] = [];
  const intent = ratio(report.overall.intentCorrect, report.overall.total);
  if (intent < TARGETS.intent) missed.push(`intent accuracy ${percent(intent)} < ${percent(TARGETS.intent)}`);
  for (const [group, tally] of Object.entries(report.groups)) {
    const value = ratio(tally.intentCorrect, tally.total);
    if (value < TARGETS.intentPerGroup) missed.push(`${group} intent accuracy ${percent(value)} < ${percent(TARGETS.intentPerGroup)}`);
  }
  const language = ratio(report.overall.languageCorrect, report.overall.total);
  if (language < TARGETS.language) missed.push(`language accuracy ${percent(language)} < ${percent(TARGETS.language)}`);
  return missed;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

export function formatReport(report: EvalReport, title: string): string {
  const line = (name: string, t: Tally) =>
    `${name.padEnd(10)} n=${String(t.total).padStart(4)}  intent ${percent(ratio(t.intentCorrect, t.total)).padStart(6)}  ` +
    `language ${percent(ratio(t.languageCorrect, t.total)).padStart(6)}  (fr/ar/ary exact ${percent(ratio(t.languageExact, t.total))})`;
  const out = [`NLU evaluation: ${title}`, line("overall", report.overall)];
  for (const group of Object.keys(report.groups).sort()) out.push(line(group, report.groups[group] ?? report.overall));
  const fields = Object.entries(report.entities);
  if (fields.length > 0) {
    out.push("entities: " + fields.map(([field, s]) => `${field} ${s.correct}/${s.total}`).join(", "));
  }
  out.push("", `errors (${report.errors.length}):`);
  for (const error of report.errors) out.push(`  [${error.kind}] ${error.group}: ${error.expected} -> ${error.got}  «${error.text}»`);
  const missed = missedTargets(report);
  out.push("", missed.length === 0 ? "targets met" : `targets missed: ${missed.join("; ")}`);
  return out.join("\n");
}

if (import.meta.main) {
  const path = process.argv[2] ?? HELDOUT_PATH;
  const report = evaluate(loadDataset(path));
  console.log(formatReport(report, path));
  process.exitCode = missedTargets(report).length === 0 ? 0 : 1;
}
