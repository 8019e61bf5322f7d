import type { Command } from "../core/commands.ts";
import { isCommand } from "../core/commands.ts";
import type { Profile } from "../eligibility/types.ts";
import type { FlowState } from "./types.ts";

/**
 * A journey the person asked for that waits for one more answer: the switch offered
 * mid-journey ("Do you want to book a meeting instead?") or the question of a first
 * message, answered once onboarding is done. The engine reads it to load what that
 * journey needs (slots, the canvas, the sites' opening) on the turn that may start it.
 */
export const SWITCH = "switch";

export interface PendingJourney {
  command: Command;
  /** Ages and places said with the question ("3andi 23 3am f khribga"). */
  facts?: Profile;
}

export function pendingOf(state: FlowState | null): PendingJourney | null {
  if (!state) return null;
  const pending = (state.data as { pending?: { command?: unknown; facts?: unknown } }).pending;
  if (!pending || typeof pending.command !== "string" || !isCommand(pending.command)) return null;
  const facts = pending.facts && typeof pending.facts === "object" ? (pending.facts as Profile) : undefined;
  return { command: pending.command, ...(facts ? { facts } : {}) };
}

/** Whether the journey waiting in `state` is one of `commands`. */
export function waitsFor(state: FlowState | null, ...commands: Command[]): boolean {
  const pending = pendingOf(state);
  return pending !== null && commands.includes(pending.command);
}
