import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDataset, TRAIN_PATH } from "../../bot/nlu/datasets.ts";

const ROOT = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "nlu-eval-"));

function evalCli(...args: string[]) {
  const run = spawnSync(process.execPath, ["bot/nlu/eval.ts", ...args], { cwd: ROOT, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** A small labelled file, a slice of the training set, under a given name. */
function sample(name: string, count: number): string {
  const path = join(dir, name);
  const items = loadDataset(TRAIN_PATH);
  const step = Math.floor(items.length / count);
  writeFileSync(path, items.filter((_, i) => i % step === 0).slice(0, count).map((item) => JSON.stringify(item)).join("\n") + "\n");
  return path;
}

describe("npm run eval:nlu", () => {
  it("measures only the set it is given with --set", () => {
    const path = sample("some-set.jsonl", 40);
    const { code, out } = evalCli("--set", path);
    expect(out).toContain(`NLU evaluation: ${path}, rules + model`);
    expect(out).toMatch(/^overall\s+n=\s*40\b/m);
    expect(out.match(/NLU evaluation:/g)).toHaveLength(1);
    expect(code === 0 || code === 1).toBe(true);
  });

  it("measures the rules alone with --rules", () => {
    const { out } = evalCli("--rules", "--set", sample("rules.jsonl", 20));
    expect(out).toContain("rules alone");
  });

  it("cross-validates a training file, with and without the rules", () => {
    const { code, out } = evalCli("--cv", "2", "--set", sample("small-train.jsonl", 60));
    expect(code).toBe(0);
    expect(out).toContain("2-fold cross-validation");
    expect(out).toContain("the learned model alone");
    expect(out.match(/^overall\s+n=\s*60\b/gm)).toHaveLength(2);
  });

  it("refuses to cross-validate (so to train) on a blind or held-out set, before reading it", () => {
    for (const name of ["fresh-2099-01.jsonl", "heldout.jsonl"]) {
      const { code, err } = evalCli("--cv", "2", "--set", join(dir, "missing", name));
      expect(code).not.toBe(0);
      expect(err).toContain("is for measuring only");
    }
  });
});
