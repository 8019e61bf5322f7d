import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CHILD = fileURLToPath(new URL("./last-resort-child.ts", import.meta.url));

function run(...args: string[]) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CHILD, ...args], { encoding: "utf8", timeout: 15_000 });
  return { ...result, ms: performance.now() - started };
}

describe("the last-resort handler", () => {
  it.each(["throw", "reject"])("on an uncaught %s: logs it, drains, and exits non-zero for the supervisor to restart", (mode) => {
    const result = run(mode);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("draining\ndrained\n");
    const fatal = result.stderr.split("\n").filter(Boolean).map((line) => JSON.parse(line)).find((line) => line.level === 60);
    expect(fatal).toMatchObject({ kind: mode === "throw" ? "uncaughtException" : "unhandledRejection", msg: expect.stringContaining("exiting") });
  });

  it("exits non-zero even when the drain hangs, instead of hanging with it", () => {
    const result = run("throw", "hang");
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("draining\n");
  });
});
