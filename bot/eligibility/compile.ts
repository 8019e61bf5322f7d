import { provinceBySlug } from "../geography/index.ts";
import { normalizeValue } from "./normalize.ts";
import { SLOT } from "./profile.ts";
import type { Condition, LocalizedText, ProfileField, Reason } from "./types.ts";

/**
 * Rules compiled once per rules object into a tree of same-shaped nodes (so the
 * evaluator's property loads stay monomorphic) with precomputed sets, cached in a
 * WeakMap: a new rules object (a staff edit) compiles anew, and the old one is collected
 * with its programme. Rules are data and are never mutated in place.
 */

/** Three-valued (Kleene) truth: false, true, unknown. */
export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;

export const ALL = 0;
export const ANY = 1;
export const UNSURE = 2;
/** `field` between min and max (inclusive). */
export const RANGE = 3;
/** `field` in a list. */
export const IN = 4;
/** Province or region in a list: also ruled out by another country, or (province) by another region. */
export const PLACE = 5;
/** organizationWomenLed equals a boolean. */
export const EQUALS = 6;

export interface Node {
  kind: number;
  /** Index into the programme's scratch arrays. */
  id: number;
  children: Node[];
  /** A combinator's children ids: `kids[first … first + children.length)` of its programme. */
  first: number;
  /** The field a leaf reads; it is what an unknown leaf is missing. */
  field: ProfileField | null;
  /** Where the leaf's answer sits in a view's values. */
  slot: number;
  min: number;
  max: number;
  /** Accepted answers, normalised (IN, PLACE). */
  accepted: Set<string> | null;
  /** PLACE on provinces: the regions holding at least one listed province. */
  regions: Set<string> | null;
  equals: boolean;
  /** The leaf as written (its bounds, list and `because` are quoted in reasons). */
  rule: Condition;
  because: LocalizedText | undefined;
  /** The last reason built for this leaf and the answer it was built for (see leafReason). */
  lastAnswer: unknown;
  lastReason: Reason | null;
}

export interface Compiled {
  root: Node;
  nodeCount: number;
  /** Every node, children before parents (the root last): evaluated in one loop. */
  order: Node[];
  /** Children ids of every combinator, one run per combinator (see Node.first). */
  kids: Int32Array;
  /** Each node's truth in the last evaluation (reused: evaluation is synchronous). */
  values: Uint8Array;
  /** Scratch for what each node could still become: bit 1 true, bit 2 false. */
  reachable: Uint8Array;
  /** Range bounds per number field (for nextQuestion's simulated answers). */
  bounds: Map<ProfileField, { mins: number[]; maxes: number[] }>;
  /** Normalised values the `in` leaves list, per field (for nextQuestion). */
  listed: Map<ProfileField, Set<string>>;
  /** Simulated answers per closed field, grouped by how this programme tells them apart (see simulate.ts). */
  answerClasses: Map<ProfileField, AnswerClass[]>;
}

/** Answers one programme cannot tell apart: one representative, and how many they are. */
export interface AnswerClass {
  value: string;
  weight: number;
}

const cache = new WeakMap<Condition, Compiled>();

export function compiled(rules: Condition): Compiled {
  let entry = cache.get(rules);
  if (entry === undefined) {
    entry = compile(rules);
    cache.set(rules, entry);
  }
  return entry;
}

function compile(rules: Condition): Compiled {
  const bounds = new Map<ProfileField, { mins: number[]; maxes: number[] }>();
  const listed = new Map<ProfileField, Set<string>>();
  let count = 0;

  const build = (condition: Condition): Node => {
    const node: Node = {
      kind: UNSURE,
      id: count++,
      children: [],
      first: 0,
      field: null,
      slot: -1,
      min: Number.NEGATIVE_INFINITY,
      max: Number.POSITIVE_INFINITY,
      accepted: null,
      regions: null,
      equals: false,
      rule: condition,
      because: "because" in condition ? condition.because : undefined,
      lastAnswer: undefined,
      lastReason: null,
    };
    if ("all" in condition || "any" in condition) {
      node.kind = "all" in condition ? ALL : ANY;
      node.children = ("all" in condition ? condition.all : condition.any).map(build);
      return node;
    }
    if ("unsure" in condition) return node;
    node.field = condition.field;
    node.slot = SLOT[condition.field];
    if ("equals" in condition) {
      node.kind = EQUALS;
      node.equals = condition.equals;
    } else if ("in" in condition) {
      const accepted = new Set(condition.in.map((value) => normalizeValue(condition.field, value)));
      node.kind = condition.field === "province" || condition.field === "region" ? PLACE : IN;
      node.accepted = accepted;
      if (condition.field === "province") node.regions = new Set(condition.in.flatMap((slug) => provinceBySlug(slug)?.region ?? []));
      const known = listed.get(condition.field) ?? new Set<string>();
      for (const value of accepted) known.add(value);
      listed.set(condition.field, known);
    } else {
      node.kind = RANGE;
      const known = bounds.get(condition.field) ?? { mins: [], maxes: [] };
      if (condition.min !== undefined) {
        node.min = condition.min;
        known.mins.push(condition.min);
      }
      if (condition.max !== undefined) {
        node.max = condition.max;
        known.maxes.push(condition.max);
      }
      bounds.set(condition.field, known);
    }
    return node;
  };

  const root = build(rules);
  const order: Node[] = [];
  const kids: number[] = [];
  const visit = (node: Node) => {
    for (const child of node.children) visit(child);
    node.first = kids.length;
    for (const child of node.children) kids.push(child.id);
    order.push(node);
  };
  visit(root);
  return { root, nodeCount: count, order, kids: Int32Array.from(kids), values: new Uint8Array(count), reachable: new Uint8Array(count), bounds, listed, answerClasses: new Map() };
}
