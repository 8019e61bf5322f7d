import { describe, expect, it } from "vitest";
import { failureDelayMs, lockDurationMs } from "./throttle.ts";

describe("lockDurationMs", () => {
  it("does not lock within the allowance", () => {
    expect(lockDurationMs(4, 5)).toBe(0);
  });

  it("locks for 30 seconds at the allowance and doubles with each further failure", () => {
    expect([5, 6, 7, 8].map((failures) => lockDurationMs(failures, 5))).toEqual([30_000, 60_000, 120_000, 240_000]);
  });

  it("never locks for more than 15 minutes, however many failures", () => {
    expect(lockDurationMs(9, 5)).toBe(480_000);
    expect(lockDurationMs(10, 5)).toBe(900_000);
    expect(lockDurationMs(10_000, 5)).toBe(900_000);
  });
});

describe("failureDelayMs", () => {
  it("grows with earlier failures and stays under a second", () => {
    expect(failureDelayMs(0)).toBe(150);
    expect(failureDelayMs(2)).toBe(450);
    expect(failureDelayMs(50)).toBe(1000);
  });
});
