import { describe, expect, it } from "vitest";
import { evaluate, groupOf, HELDOUT_PATH, loadDataset, missedTargets, ratio, TARGETS, TRAIN_PATH } from "../../bot/nlu/eval.ts";

const heldout = loadDataset(HELDOUT_PATH);
const train = loadDataset(TRAIN_PATH);
const GROUPS = ["ar-arab", "ary-arab", "ary-latn", "fr-latn"];

describe("the labelled data sets", () => {
  it("cover the four ways of writing and every intent, with several hundred utterances", () => {
    expect(heldout.length + train.length).toBeGreaterThanOrEqual(600);
    for (const set of [heldout, train]) {
      const groups = new Map<string, number>();
      for (const item of set) groups.set(groupOf(item), (groups.get(groupOf(item)) ?? 0) + 1);
      expect([...groups.keys()].sort()).toEqual(GROUPS);
      for (const count of groups.values()) expect(count).toBeGreaterThanOrEqual(50);
      expect(new Set(set.map((item) => item.intent)).size).toBe(15);
    }
  });

  it("keep the held-out utterances out of the training set", () => {
    const trained = new Set(train.map((item) => item.text));
    expect(heldout.filter((item) => trained.has(item.text))).toEqual([]);
  });
});

describe("the evaluation on the held-out set", () => {
  const report = evaluate(heldout);

  it("meets the issue's targets: intent ≥ 90% overall and ≥ 85% per group, language ≥ 95%", () => {
    expect(missedTargets(report)).toEqual([]);
    expect(ratio(report.overall.intentCorrect, report.overall.total)).toBeGreaterThanOrEqual(TARGETS.intent);
    for (const group of GROUPS) {
      const tally = report.groups[group];
      expect(tally, group).toBeDefined();
      if (tally) expect(ratio(tally.intentCorrect, tally.total), group).toBeGreaterThanOrEqual(TARGETS.intentPerGroup);
    }
  });

  it("extracts the labelled entities", () => {
    for (const [field, score] of Object.entries(report.entities)) {
      expect(ratio(score.correct, score.total), field).toBeGreaterThanOrEqual(0.9);
    }
  });

  it("lists every error with what was expected and what came out", () => {
    const broken = evaluate([{ text: "bonjour", language: "ar", script: "arab", intent: "stop" }]);
    expect(broken.errors).toEqual([
      { text: "bonjour", group: "ar-arab", kind: "intent", expected: "stop", got: expect.stringMatching(/^greet \(/) },
      { text: "bonjour", group: "ar-arab", kind: "language", expected: "ar-arab", got: "fr-latn" },
    ]);
    expect(missedTargets(broken).length).toBeGreaterThan(0);
  });
});
