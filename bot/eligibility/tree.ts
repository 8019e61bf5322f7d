import { ALL, ANY, FALSE, TRUE, UNKNOWN, UNSURE, type Compiled, type Node } from "./compile.ts";
import { leafReason, testLeaf } from "./leaf.ts";
import type { ProfileView } from "./profile.ts";
import type { ProfileField, Reason } from "./types.ts";

/**
 * The three passes over a compiled rule tree: truth (Kleene), the reasons that decided
 * it, and the fields whose answer could still change it.
 */

/**
 * Evaluates every node (no short cut: the reasons need each child's truth) in one loop,
 * children before parents, storing each node's truth in `rules.values`. Returns the root's.
 */
export function run(rules: Compiled, answers: unknown[]): number {
  const order = rules.order;
  const values = rules.values;
  const kids = rules.kids;
  let result: number = UNKNOWN;
  for (let index = 0; index < order.length; index += 1) {
    const node = order[index] as Node;
    const kind = node.kind;
    if (kind > UNSURE) result = testLeaf(node, answers);
    else if (kind === UNSURE) result = UNKNOWN;
    else {
      // all: false wins, else unknown, else true. any: true wins, else unknown, else false.
      const absorbing = kind === ALL ? FALSE : TRUE;
      result = kind === ALL ? TRUE : FALSE;
      for (let at = node.first, end = node.first + node.children.length; at < end; at += 1) {
        const value = values[kids[at] as number];
        if (value === absorbing) {
          result = absorbing;
          break;
        }
        if (value === UNKNOWN) result = UNKNOWN;
      }
    }
    values[node.id] = result;
  }
  return result;
}

/** Truth only, stopping as soon as a child decides (used to simulate answers). */
export function truth(node: Node, answers: unknown[]): number {
  const kind = node.kind;
  if (kind > UNSURE) return testLeaf(node, answers);
  if (kind === UNSURE) return UNKNOWN;
  const children = node.children;
  const isAll = kind === ALL;
  const absorbing = isAll ? FALSE : TRUE;
  let result = isAll ? TRUE : FALSE;
  for (let index = 0; index < children.length; index += 1) {
    const value = truth(children[index] as Node, answers);
    if (value === absorbing) return absorbing;
    if (value === UNKNOWN) result = UNKNOWN;
  }
  return result;
}

/**
 * The reasons behind a node's truth: for false, the failing leaves (only those that made
 * it false); for true, the satisfied leaves of the branch that made it true; for unknown,
 * the unsure leaves and the leaves met so far. A combinator with its own `because`
 * speaks for its whole subtree with one reason.
 */
export function collect(node: Node, view: ProfileView, values: Uint8Array, out: Reason[]): void {
  const value = values[node.id];
  const kind = node.kind;
  if (kind > UNSURE) {
    if (value !== UNKNOWN) out.push(leafReason(node, view, value === TRUE));
    return;
  }
  if (kind === UNSURE) {
    out.push(leafReason(node, view, false));
    return;
  }
  const start = out.length;
  const children = node.children;
  for (let index = 0; index < children.length; index += 1) {
    const child = children[index] as Node;
    const childValue = values[child.id];
    if (value === TRUE) {
      if (kind === ANY) {
        if (childValue === TRUE) {
          collect(child, view, values, out);
          break;
        }
      } else collect(child, view, values, out);
    } else if (value === FALSE) {
      if (kind === ANY || childValue === FALSE) collect(child, view, values, out);
    } else if (kind === ALL || childValue === UNKNOWN) {
      // Unknown: an `all` has only true and unknown children; an `any`'s false ones are dead ends.
      collect(child, view, values, out);
    }
  }
  if (value !== UNKNOWN && node.because !== undefined && out.length > start) {
    out[start] = { ...(out[start] as Reason), because: node.because } as Reason;
    out.length = start + 1;
  }
}

const CAN_BE_TRUE = 1;
const CAN_BE_FALSE = 2;

/** What each node could still become once its missing leaves are answered (unsure leaves never decide). */
function reach(node: Node, values: Uint8Array, reachable: Uint8Array): number {
  const value = values[node.id];
  let bits: number;
  if (value === TRUE) bits = CAN_BE_TRUE;
  else if (value === FALSE) bits = CAN_BE_FALSE;
  else if (node.kind > UNSURE) bits = CAN_BE_TRUE | CAN_BE_FALSE;
  else if (node.kind === UNSURE) bits = 0;
  else {
    const isAll = node.kind === ALL;
    // all: can be true if every child can, false if one can; any: the other way round.
    let every = CAN_BE_TRUE | CAN_BE_FALSE;
    let some = 0;
    for (const child of node.children) {
      const childBits = reach(child, values, reachable);
      every &= childBits;
      some |= childBits;
    }
    bits = isAll ? (every & CAN_BE_TRUE) | (some & CAN_BE_FALSE) : (some & CAN_BE_TRUE) | (every & CAN_BE_FALSE);
  }
  reachable[node.id] = bits;
  return bits;
}

/**
 * Fields whose answer could still change an unknown root: a missing leaf counts when
 * flipping it can flip every combinator above it for some answers to the others. A leaf
 * beside an unsure one in an `all` can make it false but never true; a leaf that can only
 * help a branch an unsure leaf blocks does not count.
 */
export function missingFields(root: Node, values: Uint8Array, reachable: Uint8Array, out: ProfileField[]): void {
  const bits = reach(root, values, reachable);
  live(root, (bits & CAN_BE_TRUE) !== 0, (bits & CAN_BE_FALSE) !== 0, values, reachable, out);
}

function live(node: Node, needTrue: boolean, needFalse: boolean, values: Uint8Array, reachable: Uint8Array, out: ProfileField[]): void {
  if (values[node.id] !== UNKNOWN || (!needTrue && !needFalse)) return;
  if (node.kind > UNSURE) {
    const field = node.field as ProfileField;
    if (!out.includes(field)) out.push(field);
    return;
  }
  if (node.kind === UNSURE) return;
  const isAll = node.kind === ALL;
  // For an all to become true every child must; for an any to become false every child must.
  const needed = isAll ? CAN_BE_TRUE : CAN_BE_FALSE;
  let blocked = 0;
  for (const child of node.children) if (((reachable[child.id] as number) & needed) === 0) blocked += 1;
  for (const child of node.children) {
    if (values[child.id] !== UNKNOWN) continue;
    const bits = reachable[child.id] as number;
    const canTrue = (bits & CAN_BE_TRUE) !== 0;
    const canFalse = (bits & CAN_BE_FALSE) !== 0;
    if (isAll) live(child, needTrue && canTrue && blocked === 0, needFalse && canFalse, values, reachable, out);
    else live(child, needTrue && canTrue, needFalse && canFalse && blocked === 0, values, reachable, out);
  }
}
