import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isMeasureOnly, loadTrainingSet, TRAIN_PATH } from "../../bot/nlu/datasets.ts";
import { folds } from "../../bot/nlu/eval.ts";
import { classifyIntentWith, INTENT_MODEL, INTENT_MODEL_PATH, MODEL_ONLY_RISKY_MAX } from "../../bot/nlu/intents.ts";
import { normalizeText } from "../../bot/nlu/normalize.ts";
import { loadModel, seededRandom, storeModel, trainModel } from "../../bot/nlu/model.ts";
import type { StoredIntentModel } from "../../bot/nlu/train.ts";
import { buildStoredModel, digestOf, serialise, TRAIN_OPTIONS, trainIntentModel } from "../../bot/nlu/train.ts";
import { ACT_ON_RISKY_FROM, ASK_BELOW, decide, featuresForTraining, understand, understandWith } from "../../bot/nlu/understand.ts";
import { INTENTS } from "../../bot/nlu/contract.ts";

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
    for (const text of ["je veux un rdv", "bghit nlghi lmaw3id", "واش كاين شي تمويل؟", "quel temps fait-il ?"]) {
      expect(understand(text, { now: NOW })).toEqual(understandWith(INTENT_MODEL, text, { now: NOW }));
      const rules = understandWith(null, text, { now: NOW });
      expect(rules.confidence).toBeGreaterThanOrEqual(0);
      expect(rules.confidence).toBeLessThanOrEqual(1);
    }
  });

  it("never lets the model make a vague stop or erase request actionable", () => {
    // The model alone cannot vouch for a risky intent: only a clear statement, found by the rules, can.
    const textOnly = trainIntentModel(loadTrainingSet().slice(0, 400), TRAIN_OPTIONS, true);
    for (const text of ["arrête", "supprime", "baraka", "حذف", "ms7", "efface tout"]) {
      for (const model of [INTENT_MODEL, textOnly]) {
        const result = understandWith(model, text, { now: NOW });
        if (result.intent === "stop" || result.intent === "delete_data") expect(result.confidence).toBeLessThan(ACT_ON_RISKY_FROM);
      }
    }
  });

  it("asks rather than offering to stop or erase when only the model sees it", () => {
    expect(MODEL_ONLY_RISKY_MAX).toBeLessThan(ASK_BELOW);
    // A model that has learnt a made-up word as "stop" and another as "erase": the rules know neither.
    const examples = [
      ...["zorglub", "zorglub zorglub", "zorglub svp"].map((text) => ({ ...featuresForTraining(text, NOW), label: "stop" })),
      ...["blorptz", "blorptz svp", "blorptz blorptz"].map((text) => ({ ...featuresForTraining(text, NOW), label: "delete_data" })),
      ...["bonjour", "merci"].map((text) => ({ ...featuresForTraining(text, NOW), label: "greet" })),
    ];
    const made = trainModel(examples, INTENTS);
    for (const [text, intent] of [["zorglub", "stop"], ["blorptz", "delete_data"]] as const) {
      expect(classifyIntentWith(null, normalizeText(text)).scores[intent] ?? 0).toBe(0);
      for (const model of [made, { ...made, textOnly: true }]) {
        const result = understandWith(model, text, { now: NOW });
        expect(result.intent).toBe(intent);
        expect(decide(result)).toBe("ask");
      }
    }
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
