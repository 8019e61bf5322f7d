import type { ChannelName, Lang } from "../core/types.ts";
import type { Verdict } from "../eligibility/types.ts";

/** The announcement itself, once per language: everyone reads it in their own. */
export type BroadcastTexts = Record<Lang, string>;

/** The optional button under an announcement: it opens this journey. */
export const BROADCAST_ACTIONS = ["eligibility", "book", "programs", "project"] as const;
export type BroadcastAction = (typeof BROADCAST_ACTIONS)[number];

/** Channels an announcement can go out on (the terminal chat is for developers). */
export const BROADCAST_CHANNELS = ["web", "telegram", "whatsapp"] as const satisfies readonly ChannelName[];
export type BroadcastChannel = (typeof BROADCAST_CHANNELS)[number];

/**
 * Who an announcement is for. Every criterion left out matches everyone; criteria
 * combine with AND, values inside one criterion with OR. Whatever the segment, people
 * who stopped announcements, never consented, were erased or cannot be reached are out
 * (db/segments.ts).
 */
export interface Segment {
  /** Region slugs; a person who gave only a province counts in its region. */
  regions?: string[];
  provinces?: string[];
  ageMin?: number;
  ageMax?: number;
  genders?: ("female" | "male")[];
  languages?: Lang[];
  channels?: BroadcastChannel[];
  /** Their latest eligibility check gave one of these verdicts for this programme. */
  eligibility?: { programId: string; verdicts: Verdict[] };
  /** Has started framing a project (true) or not (false). */
  projectStarted?: boolean;
  /** Has a meeting booked that is still to come (true) or not (false). */
  booked?: boolean;
  /** Carries one of these labels advisors put on people in the console. */
  labels?: string[];
}
