/**
 * The typed-conversation evaluation: conversations written from the person's side. A
 * person reads what is on screen, recognises the question (as anyone reading the bot's
 * words would), and types their answer in their own way of writing. Nothing here looks
 * at the bot's internal state: the screen is read from the bot's words, and whether the
 * person got what they came for is read from the database afterwards.
 */
export const WRITINGS = ["fr", "ar", "ary-arab", "ary-latn"] as const;
export type Writing = (typeof WRITINGS)[number];

/**
 * What the person came for, read back from the database:
 * - verdicts: an eligibility answer was given (verdicts stored)
 * - booking: a confirmed meeting
 * - sheet: a project sheet published
 * - handoff: waiting for (or talking with) an advisor
 * - delete: their data erased
 * - reschedule: the meeting they had moved to another time (a new one replaces it)
 * - cancel: the meeting they had cancelled
 * - stop: announcements stopped
 * - answer: every question they asked got an answer (see `moments[].expect`), nothing lost
 */
export const GOALS = ["verdicts", "booking", "sheet", "handoff", "delete", "reschedule", "cancel", "stop", "answer"] as const;
export type Goal = (typeof GOALS)[number];

/**
 * The questions a person can recognise on screen. `elig.*` are the eligibility questions,
 * `proj.*` the project canvas; `confirm.*` are "are you sure?" questions.
 */
export const TOPICS = [
  "language", "consent", "name", "menu",
  "elig.age", "elig.gender", "elig.country", "elig.region", "elig.province", "elig.locality", "elig.area", "elig.status",
  "elig.organizationType", "elig.organizationAgeYears", "elig.organizationWomenLed", "elig.sector",
  "site", "topic", "day", "time", "summary", "appointments", "cancelReason",
  "proj.resume", "proj.idea", "proj.sector", "proj.customers", "proj.offer", "proj.priceMad", "proj.salesPerMonth",
  "proj.startupCosts", "proj.monthly.rent", "proj.monthly.materials", "proj.monthly.transport", "proj.monthly.salaries",
  "proj.monthly.other", "proj.ownContributionMad", "proj.legalForm", "proj.team", "proj.worries",
  "amount", "draft",
  "confirm.cancel", "confirm.delete", "confirm.stop", "offer.switch", "offer.language", "waiting",
] as const;
export type Topic = (typeof TOPICS)[number];

/** An answer to a topic: one text, or several typed one per asking (a list, or a rephrasing). */
export type Answer = string | readonly string[];

export type Answers = Partial<Record<Topic | "yes" | "no" | "skip", Answer>> & {
  /** What they type when they land somewhere they did not expect (the menu, an unknown screen). */
  goal?: Answer;
};

export interface Moment {
  /** The first time this question is on screen (or "start": right after the opening's reply). */
  at: Topic | "start";
  /** What the person types instead of answering: a question, a change of mind. */
  say: string;
  /** The reply must match this (e.g. the question was answered); else the conversation failed. */
  expect?: RegExp;
}

export interface Conversation {
  id: string;
  writing: Writing;
  goal: Goal;
  /** new: first message ever; known: already chose a language, agreed and gave a name; meeting: known, with a confirmed meeting. */
  start?: "new" | "known" | "meeting";
  /** The first message(s) typed. */
  opening: string | readonly string[];
  /** The person's answers to the questions on screen; the writing's defaults fill the rest. */
  answers?: Answers;
  moments?: readonly Moment[];
  /** What must be true at the end besides the goal. */
  check?: {
    /** The confirmed meeting is on this local day (YYYY-MM-DD, Africa/Casablanca). */
    bookedDate?: string;
    /** The confirmed meeting starts at this local hour (Africa/Casablanca). */
    bookedHour?: number;
    /** The project's canvas holds these texts (as typed: names of items, worries). */
    canvasIncludes?: readonly string[];
    /** The project's canvas has these values (e.g. { salesPerMonth: 20, ownContributionMad: 0, priceMad: 150 }). */
    canvas?: Record<string, unknown>;
    /** The confirmed meeting is at this platform (site id, e.g. "um6p-sil-benguerir"). */
    bookedSite?: string;
    /** The first name kept, as the person would write it. */
    firstName?: string;
    /** Got there in at most this many messages (a message that was not understood costs one). */
    maxTurns?: number;
    /**
     * Every answer understood the first time: the same question never comes back twice in a
     * row (lists, the summary after a change, and offers excepted).
     */
    understood?: boolean;
    /** The question on screen right after the opening (a topic, or a prefix such as "proj."). */
    firstScreen?: string;
    /** The profile holds these values (e.g. { age: 27 }). */
    profile?: Record<string, unknown>;
  };
  /** One line: what this conversation tries, for whoever reads a failure. */
  note?: string;
}
