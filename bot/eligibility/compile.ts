import { provinceBySlug } from "../geography/index.ts";
import { normalizeValue } from "./normalize.ts";
import type { ProfileView } from "./profile.ts";
import type { Condition, LocalizedText, ProfileField, Reason } from "./types.ts";

/**
 * Rules compiled once per rules object into a small tree of nodes with precomputed sets
 * and closures, cached in a WeakMap: a new rules object (a staff edit) compiles anew, the
 * old one is collected with its programme. Rules are data and are never mutated in place.
 */

/** Three-valued (Kleene) truth: false, true, unknown. */
export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;

export const ALL = 0;
export const ANY = 1;
export const LEAF = 2;
export const UNSURE = 3;

export interface Node {
  kind: number;
  /** Index into the programme's scratch arrays. */
  id: number;
  children: Node[];
  /** The field a leaf reads; it is what an unknown leaf is missing. */
  field: ProfileField | null;
  /** Three-valued test of a leaf against a profile view. */
  test: (view: ProfileView) => number;
  /** The leaf's reason for a view (allocated only for leaves a verdict cites). */
  reason: (view: ProfileView) => Reason;
  because: LocalizedText | undefined;
}

export interface Compiled {
  root: Node;
  nodeCount: number;
  /** Each node's truth in the last evaluation (reused: evaluation is synchronous). */
  values: Uint8Array;
  /** Scratch for what each node could still become: bit 1 true, bit 2 false. */
  reachable: Uint8Array;
  /** Thresholds of the range leaves, per number field (for nextQuestion's simulated answers). */
  thresholds: Map<ProfileField, number[]>;
  /** Values listed by the `in` leaves, per field, as written (for nextQuestion). */
  listed: Map<ProfileField, string[]>;
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
  const thresholds = new Map<ProfileField, number[]>();
  const listed = new Map<ProfileField, string[]>();
  let count = 0;
  const push = <T>(map: Map<ProfileField, T[]>, field: ProfileField, ...items: T[]) => {
    const list = map.get(field) ?? [];
    list.push(...items);
    map.set(field, list);
  };

  const build = (condition: Condition): Node => {
    const id = count++;
    if ("all" in condition || "any" in condition) {
      const isAll = "all" in condition;
      const list = (isAll ? (condition as { all: Condition[] }).all : (condition as { any: Condition[] }).any) ?? [];
      return node(isAll ? ALL : ANY, id, list.map(build), null, condition.because);
    }
    if ("unsure" in condition) {
      const reason: Reason = { kind: "unsure", text: condition.unsure };
      return { ...node(UNSURE, id, [], null, undefined), reason: () => reason };
    }
    if ("equals" in condition) {
      const leaf = equalsLeaf(condition.equals, condition.because);
      return { ...node(LEAF, id, [], condition.field, undefined), ...leaf };
    }
    if ("in" in condition) {
      push(listed, condition.field, ...condition.in);
      return { ...node(LEAF, id, [], condition.field, undefined), ...inLeaf(condition.field, condition.in, condition.because) };
    }
    const { field, min, max, because } = condition;
    if (min !== undefined) push(thresholds, field, min - 1, min);
    if (max !== undefined) push(thresholds, field, max, max + 1);
    return { ...node(LEAF, id, [], field, undefined), ...rangeLeaf(field, min, max, because) };
  };

  const root = build(rules);
  return { root, nodeCount: count, values: new Uint8Array(count), reachable: new Uint8Array(count), thresholds, listed };
}

const noTest = () => UNKNOWN;
const noReason = (): Reason => {
  throw new Error("a combinator has no reason of its own");
};

function node(kind: number, id: number, children: Node[], field: ProfileField | null, because: LocalizedText | undefined): Node {
  return { kind, id, children, field, test: noTest, reason: noReason, because };
}

type LeafParts = Pick<Node, "test" | "reason">;

function rangeLeaf(field: "age" | "organizationAgeYears", min: number | undefined, max: number | undefined, because: LocalizedText | undefined): LeafParts {
  const low = min ?? Number.NEGATIVE_INFINITY;
  const high = max ?? Number.POSITIVE_INFINITY;
  const test = (view: ProfileView) => {
    const value = view[field];
    if (value === undefined) return UNKNOWN;
    return value >= low && value <= high ? TRUE : FALSE;
  };
  const reason = (view: ProfileView): Reason => {
    const value = view[field] ?? Number.NaN;
    const out: Reason = { kind: "range", field, met: value >= low && value <= high, value };
    if (min !== undefined) out.min = min;
    if (max !== undefined) out.max = max;
    if (because !== undefined) out.because = because;
    return out;
  };
  return { test, reason };
}

function equalsLeaf(expected: boolean, because: LocalizedText | undefined): LeafParts {
  const test = (view: ProfileView) => {
    const value = view.organizationWomenLed;
    if (value === undefined) return UNKNOWN;
    return value === expected ? TRUE : FALSE;
  };
  const reason = (view: ProfileView): Reason => {
    const value = view.organizationWomenLed === true;
    const out: Reason = { kind: "equals", field: "organizationWomenLed", met: view.organizationWomenLed === expected, value, expected };
    if (because !== undefined) out.because = because;
    return out;
  };
  return { test, reason };
}

type InField = Extract<Condition, { in: string[] }>["field"];

function inLeaf(field: InField, expected: string[], because: LocalizedText | undefined): LeafParts {
  const accepted = new Set(expected.map((value) => normalizeValue(field, value)));
  const answer = (view: ProfileView) => (view[field] as string | undefined);
  const plain = (view: ProfileView) => {
    const value = answer(view);
    if (value === undefined) return UNKNOWN;
    return accepted.has(value) ? TRUE : FALSE;
  };
  const cite = (view: ProfileView, met: boolean): Reason => {
    const out: Reason = { kind: "in", field, met, value: String(view.source[field] ?? ""), expected };
    if (because !== undefined) out.because = because;
    return out;
  };
  const derived = (from: "region" | "country", value: string): Reason => {
    const out: Reason = { kind: "in", field, met: false, value, expected, derivedFrom: from };
    if (because !== undefined) out.because = because;
    return out;
  };

  if (field === "province" || field === "region") {
    // Regions holding at least one listed province: another region rules a province rule out.
    const regions = field === "province" ? new Set(expected.flatMap((slug) => provinceBySlug(slug)?.region ?? [])) : null;
    // Every province and region slug is Moroccan: any other country rules the leaf out.
    const ruledOutBy = (view: ProfileView): "country" | "region" | null => {
      if (view.country !== undefined && view.country !== "ma") return "country";
      if (regions !== null && view.region !== undefined && !regions.has(view.region)) return "region";
      return null;
    };
    const test = (view: ProfileView) => {
      const value = answer(view);
      if (value !== undefined) return accepted.has(value) ? TRUE : FALSE;
      return ruledOutBy(view) === null ? UNKNOWN : FALSE;
    };
    const reason = (view: ProfileView): Reason => {
      const value = answer(view);
      if (value !== undefined) return cite(view, accepted.has(value));
      const by = ruledOutBy(view);
      return by === null ? cite(view, false) : derived(by, String(view.source[by] ?? ""));
    };
    return { test, reason };
  }
  return { test: plain, reason: (view) => cite(view, plain(view) === TRUE) };
}
