/**
 * The vocabulary of the conversation event log (table conversation_events). Each event
 * says what changed, who did it and the ids involved — never what anybody wrote, so the
 * log stays pseudonymous and every count survives an erasure.
 */
export type ConversationEvent =
  /** The person asked for a human; `siteId` is whose advisors answer (null: no site yet, staff see it). */
  | { type: "handoff_requested"; siteId: string | null; openNow: boolean }
  /** The person went back to the bot before any advisor answered. */
  | { type: "handoff_cancelled" }
  /** Given to an advisor (null: back in the site's queue), automatically or by staff. */
  | { type: "assigned"; assigneeId: string | null; previousAssigneeId: string | null; by: "auto" | "staff" }
  /** An advisor holds the conversation: the bot is silent until release. */
  | { type: "taken_over"; advisorId: string; previousStatus: "bot" | "waiting" | "advisor" }
  /** A reply reached the outbox; `firstResponseSeconds` on the first one since the request. */
  | { type: "advisor_replied"; messageId: number; firstResponseSeconds: number | null }
  | { type: "note_added"; noteId: number }
  /** Handed back to the bot; `resolved` when the advisor marked the question settled. */
  | { type: "released"; advisorId: string | null }
  | { type: "resolved"; advisorId: string | null }
  /** Closed for good: the person erased their data. */
  | { type: "closed"; reason: "erased" };

export type ConversationEventType = ConversationEvent["type"];

export type EventActor = { kind: "contact"; id: string } | { kind: "staff"; id: string } | { kind: "system"; id: null };
