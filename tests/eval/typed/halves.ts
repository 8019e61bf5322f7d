import type { Conversation } from "./types.ts";
import { EXAMPLE } from "./conversations/example.ts";

/**
 * The two halves. `tune` may be read and worked on; `test` is only run, never tuned on:
 * its figure is the honest one. The split is fixed (alternating within each way of
 * writing and goal, in the order written), so nobody picks which cases land where.
 */
export type Half = "tune" | "test";

function split(all: readonly Conversation[]): Record<Half, Conversation[]> {
  const halves: Record<Half, Conversation[]> = { tune: [], test: [] };
  const seen = new Map<string, number>();
  for (const conversation of all) {
    const group = `${conversation.writing}/${conversation.goal}`;
    const index = seen.get(group) ?? 0;
    seen.set(group, index + 1);
    halves[index % 2 === 0 ? "tune" : "test"].push(conversation);
  }
  return halves;
}

export const ALL: readonly Conversation[] = [...EXAMPLE];
export const HALVES = split(ALL);
