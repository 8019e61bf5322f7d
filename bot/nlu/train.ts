import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { INTENTS } from "./contract.ts";
import type { LabelledUtterance } from "./datasets.ts";
import { EVAL_NOW, loadTrainingSet, TRAIN_PATH } from "./datasets.ts";
import { INTENT_MODEL_PATH } from "./intents.ts";
import type { LinearModel, StoredModel, TrainOptions } from "./model.ts";
import { DEFAULT_TRAIN_OPTIONS, seededRandom, storeModel, trainModel } from "./model.ts";
import { featuresForTraining } from "./understand.ts";

/**
 * Trains the intent model on tests/nlu/datasets/train.jsonl and writes it to
 * bot/nlu/intent-model.json (`npm run nlu:train`). `--check` retrains and fails when the
 * committed file is not what the training set gives (tests/nlu/model.test.ts runs it).
 * Only the training set is ever read here.
 */

export const TRAIN_OPTIONS: TrainOptions = DEFAULT_TRAIN_OPTIONS;

/** Features that come from the hand-written rules rather than from the text itself. */
const RULE_FEATURE = /^(?:k|r|e|clear):/;

/**
 * The intent model for a set of utterances. `textOnly`: without the rules' findings, and
 * used without the rules: the learned part alone, whose cross-validation is an honest
 * measure (the rules were written from the training set, so they are never unseen there).
 */
export function trainIntentModel(items: readonly LabelledUtterance[], options: TrainOptions = TRAIN_OPTIONS, textOnly = false): LinearModel {
  const random = seededRandom(options.seed + 1);
  const copies = options.misspelledCopies;
  const texts = items.flatMap((item) => [
    { text: item.text, intent: item.intent },
    ...Array.from({ length: copies }, () => ({ text: misspell(item.text, random), intent: item.intent })),
  ]);
  const examples = texts.map((item) => {
    const features = featuresForTraining(item.text, EVAL_NOW);
    if (!textOnly) return { ...features, label: item.intent };
    const keep = features.names.map((name) => !RULE_FEATURE.test(name));
    return { names: features.names.filter((_, i) => keep[i]), values: features.values.filter((_, i) => keep[i]), label: item.intent };
  });
  const model = trainModel(examples, INTENTS, options);
  return textOnly ? { ...model, textOnly } : model;
}

/** Arabizi letters written several ways: the same word as another person would type it. */
const ARABIZI_SWAPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ch/, "sh"], [/sh/, "ch"], [/ou/, "o"], [/ou/, "u"], [/o/, "ou"], [/9/, "q"], [/q/, "9"], [/7/, "h"], [/kh/, "5"], [/3/, "a"], [/e/, "a"], [/a/, "e"],
];

/**
 * A copy of a message as someone in a hurry would type it: one or two longer words with a
 * letter dropped, doubled or swapped with its neighbour, or an Arabizi letter written
 * another way. Trains the model for typos it has not seen (and for the rules missing them).
 */
export function misspell(text: string, random: () => number): string {
  const words = text.split(" ");
  const long = words.map((word, i) => [word, i] as const).filter(([word]) => word.length >= 4);
  if (long.length === 0) return text;
  const changes = 1 + Math.floor(random() * Math.min(2, long.length));
  for (let n = 0; n < changes; n++) {
    const [, i] = long[Math.floor(random() * long.length)] ?? ["", 0];
    const word = words[i] ?? "";
    const at = 1 + Math.floor(random() * (word.length - 2));
    const kind = random();
    let changed: string;
    if (/[a-z]/i.test(word) && kind < 0.35) {
      const [pattern, replacement] = ARABIZI_SWAPS[Math.floor(random() * ARABIZI_SWAPS.length)] ?? [/^$/, ""];
      changed = word.replace(pattern, replacement);
    } else if (kind < 0.6) changed = word.slice(0, at) + word.slice(at + 1);
    else if (kind < 0.8) changed = word.slice(0, at) + (word[at] ?? "") + word.slice(at);
    else changed = word.slice(0, at) + (word[at + 1] ?? "") + (word[at] ?? "") + word.slice(at + 2);
    words[i] = changed;
  }
  return words.join(" ");
}

export interface StoredIntentModel extends StoredModel {
  /** What it was trained on: the training file's digest, so a stale model is noticed. */
  trainedOn: { file: string; sha256: string; utterances: number };
  options: TrainOptions;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export function digestOf(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** The model the training set gives, in its stored form. */
export function buildStoredModel(path: string = TRAIN_PATH): StoredIntentModel {
  const items = loadTrainingSet(path);
  const model = trainIntentModel(items);
  return {
    trainedOn: { file: relative(ROOT, path), sha256: digestOf(path), utterances: items.length },
    options: TRAIN_OPTIONS,
    ...storeModel(model),
  };
}

export function serialise(stored: StoredIntentModel): string {
  // One feature a line: readable diffs, a compact file.
  const { features, ...head } = stored;
  const lines = Object.entries(features).map(([name, weights]) => `${JSON.stringify(name)}:${JSON.stringify(weights)}`);
  const headJson = JSON.stringify(head, null, 1);
  return `${headJson.slice(0, -2)},\n"features":{\n${lines.join(",\n")}\n}}\n`;
}

if (import.meta.main) {
  const check = process.argv.includes("--check");
  const started = performance.now();
  const stored = buildStoredModel();
  const text = serialise(stored);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (check) {
    const committed = readFileSync(INTENT_MODEL_PATH, "utf8");
    if (committed !== text) {
      console.error("bot/nlu/intent-model.json is out of date with tests/nlu/datasets/train.jsonl: run npm run nlu:train");
      process.exitCode = 1;
    } else console.log(`intent model in sync with ${stored.trainedOn.file} (${stored.trainedOn.utterances} utterances)`);
  } else {
    writeFileSync(INTENT_MODEL_PATH, text);
    console.log(
      `trained on ${stored.trainedOn.utterances} utterances in ${seconds} s: ${Object.keys(stored.features).length} features, ` +
        `${(text.length / 1024).toFixed(0)} KiB written to bot/nlu/intent-model.json`,
    );
  }
}
