import { describe, expect, it } from "vitest";
import { rememberLast } from "./memo.ts";

describe("rememberLast", () => {
  it("computes each input once while it is remembered", () => {
    const seen: string[] = [];
    const upper = rememberLast((text: string) => {
      seen.push(text);
      return text.toUpperCase();
    });
    expect([upper("menu"), upper("aide"), upper("menu")]).toEqual(["MENU", "AIDE", "MENU"]);
    expect(seen).toEqual(["menu", "aide"]);
  });

  it("forgets the oldest input once full, and never keeps a long one", () => {
    const seen: string[] = [];
    const same = rememberLast((text: string) => {
      seen.push(text);
      return text;
    }, 2);
    same("a");
    same("b");
    same("c"); // forgets "a"
    same("b");
    same("a");
    const long = "x".repeat(1_000);
    same(long);
    same(long);
    expect(seen).toEqual(["a", "b", "c", "a", long, long]);
  });
});
