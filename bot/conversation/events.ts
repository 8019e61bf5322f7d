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
  /** After a resolved conversation, the person said how helpful it was (1-5). */
  | { type: "satisfaction_rated"; score: number; advisorId: string | null; siteId: string | null }
  /** Closed for good: the person erased their data. */
  | { type: "closed"; reason: "erased" }
  /** A step of the funnel reached for the first time (bot/analytics/milestones.ts): at most one of each per conversation. */
  | ({ type: MilestoneType } & MilestoneData);

/**
 * The funnel's steps, in order. The broadcast work relies on these names: never rename one.
 * `started` first message; `consented` privacy consent given; `eligibility_answered` a
 * verdict list shown; `eligible_found` one of them eligible; `project_framed` the project
 * sheet published; `booked` an appointment booked; `attended` staff recorded that the
 * person came.
 */
export const MILESTONES = ["started", "consented", "eligibility_answered", "eligible_found", "project_framed", "booked", "attended"] as const;
export type MilestoneType = (typeof MILESTONES)[number];

/** Captured when the milestone happens (the language may be erased later; the event keeps it). */
export interface MilestoneData {
  channel: string;
  language: string | null;
  /** The platform involved, where known (the appointment's site, the conversation's handoff site). */
  siteId: string | null;
}

export type ConversationEventType = ConversationEvent["type"];

export type EventActor = { kind: "contact"; id: string } | { kind: "staff"; id: string } | { kind: "system"; id: null };
