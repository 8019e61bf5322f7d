import type { LinearModel, SparseVector } from "./model.ts";
import { softmaxInPlace } from "./model.ts";
import type { Token } from "./normalize.ts";
import { arabicVariants } from "./normalize.ts";

/**
 * The features the learned intent model reads in a normalised message: its words (folded
 * forms, Arabizi consonant skeletons, Arabic words without their clitics), the characters
 * inside words (3- and 4-letter pieces, which survive typos and spelling variants), the
 * message's length, and what the rules saw (lexicon concepts and their scores). A feature
 * met twice counts twice. Pure.
 */

export interface FeatureSettings {
  /** Weight of a character piece relative to a whole word. */
  charWeight: number;
  /** Character piece lengths. */
  charSizes: readonly number[];
  /** Scale applied to the rules' scores before they become feature values. */
  ruleScale: number;
}

export const FEATURE_SETTINGS: FeatureSettings = { charWeight: 0.3, charSizes: [3, 4], ruleScale: 0.25 };

/** Where features go: a list for training, the model's scores when understanding. */
export interface FeatureSink {
  /** One word: its features depend on the word alone (so they can be cached). */
  token(token: Token): void;
  add(name: string, value?: number): void;
}

/** The features of one word, each once (at its largest value). */
export function tokenFeatures(token: Token, settings: FeatureSettings = FEATURE_SETTINGS): SparseVector {
  const names: string[] = [];
  const values: number[] = [];
  const seen = new Map<string, number>();
  const add = (name: string, value = 1) => {
    const at = seen.get(name);
    if (at === undefined) {
      seen.set(name, names.length);
      names.push(name);
      values.push(value);
    } else if (value > (values[at] ?? 0)) values[at] = value;
  };
  const form = token.form;
  if (token.script === "num") {
    add("num");
    return { names, values };
  }
  add(`w:${form}`);
  if (token.script === "latn") {
    if (token.skeleton.length >= 2 && token.skeleton !== form) add(`s:${token.skeleton}`);
  } else {
    const variants = arabicVariants(form);
    for (let i = 1; i < variants.length; i++) add(`w:${variants[i]}`, 0.7);
  }
  const word = `#${form}#`;
  for (const size of settings.charSizes) {
    for (let i = 0; i + size <= word.length; i++) add(`c:${word.slice(i, i + size)}`, settings.charWeight);
  }
  return { names, values };
}

/** The words of a message and its length. */
export function textFeatures(tokens: readonly Token[], sink: FeatureSink): void {
  for (const token of tokens) sink.token(token);
  const n = tokens.length;
  sink.add(`n:${n <= 3 ? n : n <= 6 ? "4-6" : "7+"}`);
}

/** Collects features as a list, for training. */
export class FeatureList implements FeatureSink, SparseVector {
  readonly names: string[] = [];
  readonly values: number[] = [];

  token(token: Token): void {
    const own = tokenFeatures(token);
    this.names.push(...own.names);
    this.values.push(...own.values);
  }

  add(name: string, value = 1): void {
    this.names.push(name);
    this.values.push(value);
  }
}

const WORD_CACHE = new WeakMap<LinearModel, Map<string, Float64Array>>();
const WORD_CACHE_MAX = 50_000;

/**
 * Adds features straight into a model's class scores. A word's features depend on the
 * word alone, so their weighted sum is computed once per model and word.
 */
export class ModelScorer implements FeatureSink {
  readonly scores: Float64Array;
  private readonly model: LinearModel;
  private readonly words: Map<string, Float64Array>;

  constructor(model: LinearModel) {
    this.model = model;
    this.scores = Float64Array.from(model.bias);
    let words = WORD_CACHE.get(model);
    if (!words) {
      words = new Map();
      WORD_CACHE.set(model, words);
    }
    this.words = words;
  }

  token(token: Token): void {
    let word = this.words.get(token.form);
    if (!word) {
      word = new Float64Array(this.model.classes.length);
      const own = tokenFeatures(token);
      own.names.forEach((name, i) => addRow(this.model, word as Float64Array, name, own.values[i] ?? 1));
      if (this.words.size >= WORD_CACHE_MAX) this.words.clear();
      this.words.set(token.form, word);
    }
    const scores = this.scores;
    for (let c = 0; c < scores.length; c++) scores[c] = (scores[c] as number) + (word[c] as number);
  }

  add(name: string, value = 1): void {
    addRow(this.model, this.scores, name, value);
  }

  /** Class probabilities, in the order of `model.classes`. */
  probabilities(): Float64Array {
    softmaxInPlace(this.scores);
    return this.scores;
  }
}

function addRow(model: LinearModel, scores: Float64Array, name: string, value: number): void {
  const row = model.index.get(name);
  if (row === undefined) return;
  const k = scores.length;
  const base = row * k;
  for (let c = 0; c < k; c++) scores[c] = (scores[c] as number) + (model.weights[base + c] as number) * value;
}
