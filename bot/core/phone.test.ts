import { describe, expect, it } from "vitest";
import { normalizePhone } from "./phone.ts";

describe("normalizePhone", () => {
  it.each([
    ["0612345678", "+212612345678"],
    ["06 12 34 56 78", "+212612345678"],
    ["+212 6 12 34 56 78", "+212612345678"],
    ["00212612345678", "+212612345678"],
    ["212612345678", "+212612345678"],
    ["+33612345678", "+33612345678"],
  ])("reads %s as %s", (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it.each(["", "abc", "12", "+2126123456789012345"])("refuses %j", (raw) => {
    expect(normalizePhone(raw)).toBeNull();
  });
});
