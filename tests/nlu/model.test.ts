import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isMeasureOnly, loadTrainingSet, TRAIN_PATH } from "../../bot/nlu/datasets.ts";
import { folds } from "../../bot/nlu/eval.ts";
import { INTENT_MODEL, INTENT_MODEL_PATH } from "../../bot/nlu/intents.ts";
import { loadModel, seededRandom, storeModel, trainModel } from "../../bot/nlu/model.ts";
import type { StoredIntentModel } from "../../bot/nlu/train.ts";
import { buildStoredModel, digestOf, serialise } from "../../bot/nlu/train.ts";
import { understand, understandWith } from "../../bot/nlu/understand.ts";

const NOW = new Date("2025-06-11T09:00:00Z");
const committed = readFileSync(INTENT_MODEL_PATH, "utf8");
const stored = JSON.parse(committed) as StoredIntentModel;

describe("the committed intent model", () => {
  it("was trained on the current train.jsonl (run npm run nlu:train after changing it)", () => {
    expect(stored.trainedOn.file).toBe("tests/nlu/datasets/train.jsonl");
    expect(stored.trainedOn.sha256).toBe(digestOf(TRAIN_PATH));
    expect(stored.trainedOn.utterances).toBe(loadTrainingSet().length);
  });

  it("is exactly what training on train.jsonl gives today (features and code included)", () => {
    expect(serialise(buildStoredModel())).toBe(committed);
  });

  it("is loaded by the understanding layer", () => {
    expect(INTENT_MODEL).not.toBeNull();
    expect(INTENT_MODEL?.classes).toEqual(stored.classes);
  });
});

describe("the learning", () => {
  it("is deterministic and round-trips through its stored form", () => {
    const examples = [
      { names: ["w:salam"], values: [1], label: "greet" },
      { names: ["w:merci"], values: [1], label: "thanks" },
      { names: ["w:salam", "w:merci"], values: [1, 1], label: "thanks" },
    ];
    const a = trainModel(examples, ["greet", "thanks"]);
    const b = trainModel(examples, ["greet", "thanks"]);
    expect(storeModel(a)).toEqual(storeModel(b));
    const loaded = loadModel(storeModel(a));
    expect(loaded.classes).toEqual(["greet", "thanks"]);
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it("reads a message with the model and the rules together, and the rules alone on request", () => {
    const text = "je souhaite ne plus être contacté";
    expect(understandWith(null, text, { now: NOW }).intent).toBe("unknown");
    expect(understand(text, { now: NOW })).toEqual(understandWith(INTENT_MODEL, text, { now: NOW }));
  });
});

describe("the data the model may learn from", () => {
  it("never includes the held-out set or a blind fresh-* set", () => {
    expect(isMeasureOnly("tests/nlu/datasets/heldout.jsonl")).toBe(true);
    expect(isMeasureOnly("/any/where/fresh-2026-11.jsonl")).toBe(true);
    expect(isMeasureOnly(TRAIN_PATH)).toBe(false);
    // Refused before the file is even opened.
    expect(() => loadTrainingSet("/nowhere/fresh-2026-11.jsonl")).toThrow(/measuring only/);
    expect(() => loadTrainingSet("/nowhere/heldout.jsonl")).toThrow(/measuring only/);
  });

  it("is split into cross-validation folds that cover it once, alike in ways of writing", () => {
    const items = loadTrainingSet();
    const parts = folds(items, 5);
    expect(parts.flat()).toHaveLength(items.length);
    expect(new Set(parts.flat())).toEqual(new Set(items));
    const sizes = parts.map((part) => part.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});
