import { EQUALS, FALSE, IN, PLACE, RANGE, TRUE, UNKNOWN, type Node } from "./compile.ts";
import { SLOT, type ProfileView } from "./profile.ts";
import type { Condition, Reason } from "./types.ts";

/**
 * A leaf's three-valued test and its reason. The test is the hot path: one array load
 * and a comparison or a set lookup, no allocation.
 */

const COUNTRY = SLOT.country;
const REGION = SLOT.region;

export function testLeaf(node: Node, values: unknown[]): number {
  const value = values[node.slot];
  switch (node.kind) {
    case RANGE:
      if (value === undefined) return UNKNOWN;
      return (value as number) >= node.min && (value as number) <= node.max ? TRUE : FALSE;
    case IN:
      if (value === undefined) return UNKNOWN;
      return (node.accepted as Set<unknown>).has(value) ? TRUE : FALSE;
    case PLACE:
      if (value !== undefined) return (node.accepted as Set<unknown>).has(value) ? TRUE : FALSE;
      return ruledOutBy(node, values) === null ? UNKNOWN : FALSE;
    case EQUALS:
      if (value === undefined) return UNKNOWN;
      return value === node.equals ? TRUE : FALSE;
    default:
      return UNKNOWN;
  }
}

/**
 * An unanswered province or region that a broader answer already rules out: every slug
 * is Moroccan, so another country rules it out; and a region holding none of the listed
 * provinces rules out a province rule.
 */
function ruledOutBy(node: Node, values: unknown[]): "country" | "region" | null {
  const country = values[COUNTRY];
  if (country !== undefined && country !== "ma") return "country";
  const region = values[REGION];
  if (node.regions !== null && region !== undefined && !node.regions.has(region as string)) return "region";
  return null;
}

/**
 * The reason for a decided leaf (built only for the leaves a verdict cites). Reasons are
 * frozen values, so the last one a leaf built is reused while the answer is the same:
 * people share ages and provinces, and the hot path then allocates no reason at all.
 */
export function leafReason(node: Node, view: ProfileView, met: boolean): Reason {
  const field = node.field;
  // An unsure leaf's reason never changes. Another leaf's changes with the answer, read
  // prepared (one array load); a locality is quoted as typed, so it is not reused.
  const key = field === null ? null : view.values[node.slot];
  const reusable = node.lastReason;
  if (reusable !== null && key === node.lastAnswer && key !== undefined && field !== "locality") return reusable;
  const reason = Object.freeze(buildReason(node, view, met, field === null ? undefined : view.source[field]));
  if (key !== undefined) {
    node.lastAnswer = key;
    node.lastReason = reason;
  }
  return reason;
}

function buildReason(node: Node, view: ProfileView, met: boolean, answer: unknown): Reason {
  const rule = node.rule;
  const because = node.because;
  if ("unsure" in rule) return { kind: "unsure", text: rule.unsure };
  if ("equals" in rule) {
    const value = answer === true;
    return because === undefined
      ? { kind: "equals", field: "organizationWomenLed", met, value, expected: rule.equals }
      : { kind: "equals", field: "organizationWomenLed", met, value, expected: rule.equals, because };
  }
  if ("in" in rule) {
    if (answer === undefined && node.kind === PLACE) {
      const by = ruledOutBy(node, view.values) ?? "country";
      const value = String(view.source[by] ?? "");
      return because === undefined
        ? { kind: "in", field: rule.field, met, value, expected: rule.in, derivedFrom: by }
        : { kind: "in", field: rule.field, met, value, expected: rule.in, because, derivedFrom: by };
    }
    const value = String(answer ?? "");
    return because === undefined ? { kind: "in", field: rule.field, met, value, expected: rule.in } : { kind: "in", field: rule.field, met, value, expected: rule.in, because };
  }
  const { field, min, max } = rule as Extract<Condition, { min?: number }>;
  const value = answer as number;
  const reason: Reason =
    min !== undefined && max !== undefined
      ? { kind: "range", field, met, value, min, max }
      : min !== undefined
        ? { kind: "range", field, met, value, min }
        : { kind: "range", field, met, value, max };
  if (because !== undefined) reason.because = because;
  return reason;
}
