import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startNodeFlags, startScriptEnv } from "../tests/smoke/support.ts";
import { MIN_GROWTH_BYTES, shouldTrim } from "./memory-trim.ts";

const MB = 1024 * 1024;

describe("idle memory trim", () => {
  it("trims only when the last interval was idle and the resident size grew enough", () => {
    const idle = { cpuMicros: 100_000, intervalMs: 30_000, rssBytes: 200 * MB, baselineRssBytes: 150 * MB };
    expect(shouldTrim(idle)).toBe(true);
    // Serving traffic (10 % of the interval on the CPU): the pool is being reused.
    expect(shouldTrim({ ...idle, cpuMicros: 3_000_000 })).toBe(false);
    expect(shouldTrim({ ...idle, rssBytes: idle.baselineRssBytes + MIN_GROWTH_BYTES - 1 })).toBe(false);
    expect(shouldTrim({ ...idle, rssBytes: idle.baselineRssBytes + MIN_GROWTH_BYTES })).toBe(true);
  });

  it("trims within a window and a step of the end of a burst, wherever the burst ends", () => {
    const module = fileURLToPath(new URL("./memory-trim.ts", import.meta.url));
    // A burst ending 0.3 s after a whole-window check: judged once per window, the next check
    // still saw 15 % busy and the trim came two windows after the burst (6 s from the start).
    const script = `
      const { startIdleMemoryTrim } = await import(${JSON.stringify(module)});
      const start = performance.now();
      let trimmedAt = null;
      const stop = startIdleMemoryTrim({ idleSeconds: 2, log: { debug() { trimmedAt ??= performance.now() - start; } } });
      let keep = [];
      while (performance.now() - start < 2_300) {
        keep.push({ text: "x".repeat(50) + keep.length });
        if (keep.length > 100_000) keep = [];
        if (keep.length % 5_000 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      keep = null;
      const burstEnd = performance.now() - start;
      await new Promise((resolve) => setTimeout(resolve, 4_500));
      stop();
      console.log(JSON.stringify({ burstEnd, trimmedAt }));
    `;
    const run = spawnSync(process.execPath, [...startNodeFlags(), "--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, ...startScriptEnv() },
    });
    expect(run.stderr).toBe("");
    const { burstEnd, trimmedAt } = JSON.parse(run.stdout) as { burstEnd: number; trimmedAt: number | null };
    expect(trimmedAt).not.toBeNull();
    // Not during the burst, and at most a window (2 s) and a step (1/3 s) after it, give or take timers.
    expect(trimmedAt!).toBeGreaterThan(burstEnd);
    expect(trimmedAt! - burstEnd).toBeLessThan(2_000 + 333 + 900);
  });

  it("gives back the pages V8 kept after a burst of garbage, in a process started as npm start starts it", () => {
    const module = fileURLToPath(new URL("./memory-trim.ts", import.meta.url));
    const script = `
      const { startIdleMemoryTrim } = await import(${JSON.stringify(module)});
      let keep = [];
      for (let round = 0; round < 30; round++) {
        for (let i = 0; i < 20000; i++) keep.push({ text: "x".repeat(50) + i, list: [i, { i }] });
        if (keep.length > 200000) keep = keep.slice(100000);
        await new Promise((resolve) => setImmediate(resolve));
      }
      keep = null;
      globalThis.gc();
      const before = process.memoryUsage.rss();
      const stop = startIdleMemoryTrim({ idleSeconds: 1, log: { debug() {} } });
      await new Promise((resolve) => setTimeout(resolve, 2500));
      stop();
      console.log(JSON.stringify({ before, after: process.memoryUsage.rss() }));
    `;
    const run = spawnSync(process.execPath, [...startNodeFlags(), "--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, ...startScriptEnv() },
    });
    expect(run.stderr).toBe("");
    const { before, after } = JSON.parse(run.stdout) as { before: number; after: number };
    // The burst leaves well over 100 MB resident after an ordinary full collection.
    expect(before - after).toBeGreaterThan(50 * MB);
  });
});
