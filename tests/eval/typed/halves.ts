import type { Conversation } from "./types.ts";
import { AR } from "./conversations/ar.ts";
import { ARY_ARAB } from "./conversations/ary-arab.ts";
import { ARY_LATN } from "./conversations/ary-latn.ts";
import { FR } from "./conversations/fr.ts";
import { ISSUE_18 } from "./conversations/issue-18.ts";
import { TUNE_2 } from "./conversations/tune2.ts";
import { TUNE_3 } from "./conversations/tune3.ts";

/**
 * The two halves. `tune` may be read and worked on; `test` is only run, never tuned on:
 * its figure is the honest one. The split is fixed (alternating within each way of
 * writing and goal, in the order written), so nobody picks which cases land where.
 */
export type Half = "tune" | "test" | "issue18" | "tune2" | "tune3";

function split(all: readonly Conversation[]): Record<"tune" | "test", Conversation[]> {
  const halves: Record<"tune" | "test", Conversation[]> = { tune: [], test: [] };
  const seen = new Map<string, number>();
  for (const conversation of all) {
    const group = `${conversation.writing}/${conversation.goal}`;
    const index = seen.get(group) ?? 0;
    seen.set(group, index + 1);
    halves[index % 2 === 0 ? "tune" : "test"].push(conversation);
  }
  return halves;
}

export const ALL: readonly Conversation[] = [...FR, ...AR, ...ARY_ARAB, ...ARY_LATN];
/**
 * The tuning half, the test half, issue 18's own examples (worked on, kept apart), and a
 * second and a third tuning set (run only with `--half tune2` or `--half tune3`; not part of ALL nor of its split).
 */
export const HALVES: Record<Half, readonly Conversation[]> = { ...split(ALL), issue18: ISSUE_18, tune2: TUNE_2, tune3: TUNE_3 };
