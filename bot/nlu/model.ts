/**
 * A small multinomial logistic regression over sparse named features, trained from the
 * labelled utterances in tests/nlu/datasets/train.jsonl (`npm run nlu:train`) and stored
 * as JSON next to this file. Pure: no I/O here, no randomness but a seeded generator, so
 * the same data and options always give the same weights.
 */

/** One training or test example: named features with their values (1 for presence). */
export interface SparseVector {
  names: readonly string[];
  values: readonly number[];
}

export interface TrainingExample extends SparseVector {
  label: string;
}

export interface TrainOptions {
  epochs: number;
  /** Adagrad's base step. */
  learningRate: number;
  /** L2 penalty per example and update. */
  l2: number;
  /** Features seen in fewer training examples than this are left out of the model. */
  minCount: number;
  /** Misspelled copies of each training utterance added to the examples (see train.ts). */
  misspelledCopies: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 30,
  learningRate: 0.3,
  l2: 1e-4,
  minCount: 2,
  misspelledCopies: 1,
  seed: 20251,
};

export interface LinearModel {
  classes: readonly string[];
  /** Feature name to row. */
  index: ReadonlyMap<string, number>;
  /** Row-major: `weights[row * classes.length + class]`. */
  weights: Float64Array;
  bias: Float64Array;
  /** Trained on the text alone, without the rules' findings: used alone, to measure it. */
  textOnly?: boolean;
}

/** Mulberry32: a small seeded generator, enough for shuffling. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function trainModel(examples: readonly TrainingExample[], classes: readonly string[], options: Partial<TrainOptions> = {}): LinearModel {
  const opts = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const k = classes.length;
  const classIndex = new Map(classes.map((name, i) => [name, i]));
  const counts = new Map<string, number>();
  for (const example of examples) for (const name of new Set(example.names)) counts.set(name, (counts.get(name) ?? 0) + 1);
  const names = [...counts.entries()].filter(([, count]) => count >= opts.minCount).map(([name]) => name).sort();
  const index = new Map(names.map((name, i) => [name, i]));
  const weights = new Float64Array(names.length * k);
  const bias = new Float64Array(k);
  const sumSquares = new Float64Array(names.length * k);
  const biasSquares = new Float64Array(k);
  const random = seededRandom(opts.seed);

  const rows: Array<{ rows: Int32Array; values: Float64Array; label: number }> = [];
  for (const example of examples) {
    const label = classIndex.get(example.label);
    if (label === undefined) throw new Error(`unknown class ${example.label}`);
    const kept: number[] = [];
    const values: number[] = [];
    example.names.forEach((name, i) => {
      const row = index.get(name);
      if (row === undefined) return;
      kept.push(row);
      values.push(example.values[i] ?? 1);
    });
    rows.push({ rows: Int32Array.from(kept), values: Float64Array.from(values), label });
  }

  const order = rows.map((_, i) => i);
  const scores = new Float64Array(k);
  const gradient = new Float64Array(k);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    for (const position of order) {
      const example = rows[position];
      if (!example) continue;
      scores.set(bias);
      for (let f = 0; f < example.rows.length; f++) {
        const base = (example.rows[f] ?? 0) * k;
        const value = example.values[f] ?? 0;
        for (let c = 0; c < k; c++) scores[c] = (scores[c] ?? 0) + (weights[base + c] ?? 0) * value;
      }
      softmaxInPlace(scores);
      for (let c = 0; c < k; c++) gradient[c] = (scores[c] ?? 0) - (c === example.label ? 1 : 0);
      for (let c = 0; c < k; c++) {
        const g = gradient[c] ?? 0;
        biasSquares[c] = (biasSquares[c] ?? 0) + g * g;
        bias[c] = (bias[c] ?? 0) - (opts.learningRate * g) / Math.sqrt((biasSquares[c] ?? 0) + 1e-8);
      }
      for (let f = 0; f < example.rows.length; f++) {
        const base = (example.rows[f] ?? 0) * k;
        const value = example.values[f] ?? 0;
        for (let c = 0; c < k; c++) {
          const at = base + c;
          const w = weights[at] ?? 0;
          const g = (gradient[c] ?? 0) * value + opts.l2 * w;
          sumSquares[at] = (sumSquares[at] ?? 0) + g * g;
          weights[at] = w - (opts.learningRate * g) / Math.sqrt((sumSquares[at] ?? 0) + 1e-8);
        }
      }
    }
  }
  return { classes: [...classes], index, weights, bias };
}

export function softmaxInPlace(scores: Float64Array): void {
  let max = -Infinity;
  for (const score of scores) if (score > max) max = score;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    const e = Math.exp((scores[c] ?? 0) - max);
    scores[c] = e;
    sum += e;
  }
  for (let c = 0; c < scores.length; c++) scores[c] = (scores[c] ?? 0) / sum;
}

/** Class probabilities for one example, in the order of `model.classes`. */
export function predict(model: LinearModel, vector: SparseVector): Float64Array {
  const k = model.classes.length;
  const scores = Float64Array.from(model.bias);
  const { names, values } = vector;
  for (let i = 0; i < names.length; i++) {
    const row = model.index.get(names[i] ?? "");
    if (row === undefined) continue;
    const base = row * k;
    const value = values[i] ?? 1;
    for (let c = 0; c < k; c++) scores[c] = (scores[c] ?? 0) + (model.weights[base + c] ?? 0) * value;
  }
  softmaxInPlace(scores);
  return scores;
}

/**
 * The stored form: per feature, its non-negligible weights as `[class, weight, class,
 * weight…]`. Adding one number to a feature's weights for every class changes no
 * probability, so each row is first shifted to put its median at zero; weights closer to
 * zero than `prune` are then dropped and the rest rounded.
 */
export interface StoredModel {
  classes: string[];
  bias: number[];
  features: Record<string, number[]>;
}

const DECIMALS = 1e3;
const roundWeight = (value: number) => Math.round(value * DECIMALS) / DECIMALS;

export function storeModel(model: LinearModel, prune = 0.15): StoredModel {
  const k = model.classes.length;
  const features: Record<string, number[]> = {};
  for (const [name, row] of [...model.index.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const weights = Array.from(model.weights.subarray(row * k, row * k + k));
    const median = [...weights].sort((a, b) => a - b)[Math.floor(k / 2)] ?? 0;
    const kept: number[] = [];
    weights.forEach((w, c) => {
      const shifted = roundWeight(w - median);
      if (Math.abs(shifted) >= prune) kept.push(c, shifted);
    });
    if (kept.length > 0) features[name] = kept;
  }
  return { classes: [...model.classes], bias: Array.from(model.bias, roundWeight), features };
}

export function loadModel(stored: StoredModel): LinearModel {
  const k = stored.classes.length;
  const names = Object.keys(stored.features);
  const weights = new Float64Array(names.length * k);
  names.forEach((name, row) => {
    const pairs = stored.features[name] ?? [];
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const c = pairs[i] ?? -1;
      if (!Number.isInteger(c) || c < 0 || c >= k) throw new Error(`model feature ${name} names class ${c}, not one of ${k}`);
      weights[row * k + c] = pairs[i + 1] ?? 0;
    }
  });
  return { classes: stored.classes, index: new Map(names.map((name, row) => [name, row])), weights, bias: Float64Array.from(stored.bias) };
}
