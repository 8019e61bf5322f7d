import type { Condition } from "./types.ts";

// Placeholder: the semantic checks land next.
export function checkRules(_condition: Condition): string[] {
  return [];
}
