import type { AssignmentCandidate } from "../../db/conversations.ts";

/** An advisor whose console showed a sign of life this recently counts as present. */
export const ONLINE_WINDOW_MS = 2 * 60_000;

/**
 * Who gets the next conversation of a site: among present advisors with room under their
 * capacity, the one holding the fewest; on a tie, the one who waited longest for their last
 * assignment (never assigned first), then by id so every process decides the same. Pure.
 */
export function pickAdvisor(candidates: readonly AssignmentCandidate[]): string | null {
  const withRoom = candidates.filter((candidate) => candidate.open < candidate.capacity);
  withRoom.sort(
    (a, b) =>
      a.open - b.open ||
      (a.lastAssignedAt?.getTime() ?? 0) - (b.lastAssignedAt?.getTime() ?? 0) ||
      a.advisorId.localeCompare(b.advisorId),
  );
  return withRoom[0]?.advisorId ?? null;
}
