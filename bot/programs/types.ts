import type { Condition, LocalizedText } from "../eligibility/types.ts";

/**
 * A programme in the catalogue: pure data (seeded from the source documents, edited by
 * staff through the API, versioned on every change). Texts are in fr, ar and ary.
 */

export const PROGRAM_KINDS = ["training", "coaching", "funding", "cooperative_support", "prize", "event", "platform"] as const;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];

/** `open`: one can apply or walk in now; `closed`: exists but not taking people now; `past`: over. */
export const PROGRAM_STATUSES = ["open", "closed", "past"] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

/** Needs a person browses by in the discovery journey. */
export const PROGRAM_NEEDS = ["training", "funding", "coaching", "cooperatives", "women", "prizes"] as const;
export type ProgramNeed = (typeof PROGRAM_NEEDS)[number];

export interface ProgramSource {
  /** What the document is, e.g. "MAP, 2 novembre 2020". */
  title: string;
  /** When the source was published (YYYY-MM or YYYY-MM-DD). */
  date: string;
  /** The seed file it was read from, or a public link. */
  ref: string;
}

export interface Program {
  /** Stable slug (a contract): `minassati-khouribga`, `ofppt-pie`… */
  id: string;
  name: LocalizedText;
  organization: LocalizedText;
  kinds: ProgramKind[];
  needs: ProgramNeed[];
  /** One or two sentences: what it is. */
  summary: LocalizedText;
  /** What you get. */
  offer: LocalizedText;
  /** Who it is for, in words (the rules say it formally). */
  audience: LocalizedText;
  /** Where, in words; `regions`/`provinces` say it formally for browsing by place. */
  where: LocalizedText;
  regions: string[];
  provinces: string[];
  /** ISO alpha-2 countries when outside Morocco (Femmpact: CI, SN). */
  countries: string[];
  /** How to apply or whom to contact. */
  howToApply: LocalizedText;
  status: ProgramStatus;
  /** The current call's dates, local days `YYYY-MM-DD` (Africa/Casablanca): when it opens and its deadline. Null or absent: not announced. */
  opensOn?: string | null;
  closesOn?: string | null;
  sources: ProgramSource[];
  rules: Condition;
}
