import { parseArgs } from "node:util";
import type { LabelledUtterance } from "./datasets.ts";
import { EVAL_NOW, HELDOUT_PATH, loadDataset, loadTrainingSet, TRAIN_PATH } from "./datasets.ts";
import { INTENT_MODEL } from "./intents.ts";
import type { LinearModel } from "./model.ts";
import { TRAIN_OPTIONS, trainIntentModel } from "./train.ts";
import type { Understanding } from "./understand.ts";
import { understandWith } from "./understand.ts";

/**
 * Measures the understanding layer on a labelled set: intent accuracy and language
 * accuracy, overall and per language × script, entity accuracy, and the list of errors.
 *
 *   npm run eval:nlu                              the held-out set (nobody tunes on it)
 *   npm run eval:nlu -- --set path/to/file.jsonl  that file only (repeat --set for several)
 *   npm run eval:nlu -- --cv 5                    5-fold cross-validation on train.jsonl
 *   npm run eval:nlu -- --rules ...               the hand-written rules alone, no model
 *
 * Only the files named are read. Cross-validation trains on folds of the training set and
 * refuses the held-out and blind (`fresh-*`) sets.
 */

export { EVAL_NOW, HELDOUT_PATH, LabelledUtterance, loadDataset, TRAIN_PATH } from "./datasets.ts";

export const TARGETS = { intent: 0.9, intentPerGroup: 0.85, language: 0.95 } as const;

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

const emptyTally = (): Tally => ({ total: 0, intentCorrect: 0, languageCorrect: 0, languageExact: 0 });
const emptyReport = (): EvalReport => ({ overall: emptyTally(), groups: {}, entities: {}, errors: [] });

/** `model`: the committed intent model by default; `null` for the rules alone. */
export function evaluate(items: readonly LabelledUtterance[], now: Date = EVAL_NOW, model: LinearModel | null = INTENT_MODEL): EvalReport {
  const report = emptyReport();
  addToReport(report, items, now, model);
  return report;
}

function addToReport(report: EvalReport, items: readonly LabelledUtterance[], now: Date, model: LinearModel | null): void {
  const empty = emptyTally;
  for (const item of items) {
    const got = understandWith(model, item.text, { now });
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
}

/**
 * Splits a set into `k` folds, alike in ways of writing and intents: utterances sorted by
 * group and intent, then dealt out in turn. Deterministic.
 */
export function folds(items: readonly LabelledUtterance[], k: number): LabelledUtterance[][] {
  const sorted = items
    .map((item, i) => ({ item, i, key: `${groupOf(item)} ${item.intent}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  const out: LabelledUtterance[][] = Array.from({ length: k }, () => []);
  sorted.forEach(({ item }, j) => out[j % k]?.push(item));
  return out;
}

/**
 * k-fold cross-validation: each fold is understood by a model trained on the other folds
 * only. The rules were written from the whole training set, so with them the figure is
 * optimistic; `textOnly` measures the learned part alone (no rules), which is honest.
 */
export function crossValidate(items: readonly LabelledUtterance[], k: number, textOnly = false, now: Date = EVAL_NOW): EvalReport {
  if (!Number.isInteger(k) || k < 2) throw new Error(`--cv needs a whole number of folds, at least 2 (got ${k})`);
  const report = emptyReport();
  const parts = folds(items, k);
  parts.forEach((test, f) => {
    const training = parts.flatMap((part, g) => (g === f ? [] : part));
    addToReport(report, test, now, trainIntentModel(training, TRAIN_OPTIONS, textOnly));
  });
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

/** Intent and language accuracy, overall and per way of writing. */
export function summaryLines(report: EvalReport): string[] {
  const line = (name: string, t: Tally) =>
    `${name.padEnd(10)} n=${String(t.total).padStart(4)}  intent ${percent(ratio(t.intentCorrect, t.total)).padStart(6)}  ` +
    `language ${percent(ratio(t.languageCorrect, t.total)).padStart(6)}  (fr/ar/ary exact ${percent(ratio(t.languageExact, t.total))})`;
  const out = [line("overall", report.overall)];
  for (const group of Object.keys(report.groups).sort()) out.push(line(group, report.groups[group] ?? report.overall));
  return out;
}

export function formatReport(report: EvalReport, title: string): string {
  const out = [`NLU evaluation: ${title}`, ...summaryLines(report)];
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
  const { values, positionals } = parseArgs({
    options: { set: { type: "string", multiple: true }, cv: { type: "string" }, rules: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  const sets = [...(values.set ?? []), ...positionals];
  const model = values.rules ? null : INTENT_MODEL;
  const what = values.rules ? "rules alone" : "rules + model";
  let failed = false;
  if (values.cv !== undefined) {
    const k = Number(values.cv);
    for (const path of sets.length > 0 ? sets : [TRAIN_PATH]) {
      const items = loadTrainingSet(path);
      if (values.rules) {
        console.log(formatReport(evaluate(items, EVAL_NOW, null), `${path}, rules alone (written from this set: no measure of generalisation)`));
        continue;
      }
      console.log(formatReport(crossValidate(items, k), `${k}-fold cross-validation on ${path}, rules + model (the rules were written from this set: optimistic)`));
      const alone = crossValidate(items, k, true);
      console.log(["", `${k}-fold cross-validation, the learned model alone (text features only, no rules): honest`, ...summaryLines(alone)].join("\n"));
    }
  } else {
    for (const path of sets.length > 0 ? sets : [HELDOUT_PATH]) {
      const report = evaluate(loadDataset(path), EVAL_NOW, model);
      console.log(formatReport(report, `${path}, ${what}`));
      if (missedTargets(report).length > 0) failed = true;
    }
  }
  process.exitCode = failed ? 1 : 0;
}
