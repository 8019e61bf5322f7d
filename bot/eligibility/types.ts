import type { Lang } from "../core/types.ts";

/**
 * The eligibility contract shared by the engine, the catalogue, the API and the chat.
 * Rules are data (stored as JSON, edited by staff through the API); verdicts are
 * explainable: every one carries the structured reasons that decided it, rendered into
 * a language only when shown (the engine itself never formats text, so it stays fast).
 */

/** Text in the three languages we speak; Darija (`ary`) is written in Arabic letters. */
export type LocalizedText = Record<Lang, string>;

export const PROFILE_FIELDS = [
  "age",
  "gender",
  "country",
  "region",
  "province",
  "locality",
  "area",
  "status",
  "organizationType",
  "organizationAgeYears",
  "organizationWomenLed",
  "sector",
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export const GENDERS = ["female", "male"] as const;
export const AREAS = ["urban", "rural"] as const;
export const STATUSES = ["student", "ofppt_trainee", "ofppt_graduate", "unemployed", "employed", "self_employed"] as const;
export const ORGANIZATION_TYPES = ["none", "cooperative", "association", "company"] as const;
/**
 * Sectors a rule may name. A closed list so a rule and a person's answer can meet;
 * `other` is what a person picks when nothing fits.
 */
export const SECTORS = [
  "agriculture",
  "agrifood",
  "crafts",
  "textile",
  "commerce",
  "services",
  "tourism",
  "digital",
  "education",
  "training",
  "health",
  "mother_child_health",
  "youth_inclusion",
  "social_inclusion",
  "environment",
  "culture",
  "transport",
  "construction",
  "other",
] as const;

export type Gender = (typeof GENDERS)[number];
export type Area = (typeof AREAS)[number];
export type Status = (typeof STATUSES)[number];
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];
export type Sector = (typeof SECTORS)[number];

/** A person's answers (a contract: the API and the stored contact profile use these names). */
export interface Profile {
  age?: number;
  gender?: Gender;
  /** ISO 3166-1 alpha-2. A Moroccan region or province implies `MA`. */
  country?: string;
  /** Region slug, see bot/geography. Implied by the province. */
  region?: string;
  /** Province or prefecture slug, see bot/geography. */
  province?: string;
  /** City, commune or douar, free text. */
  locality?: string;
  area?: Area;
  status?: Status;
  organizationType?: OrganizationType;
  organizationAgeYears?: number;
  organizationWomenLed?: boolean;
  sector?: Sector;
}

/**
 * One rule. Leaves test one field; `all`/`any` combine (a programme may accept
 * individuals *or* organisations). `because` replaces the generated reason when the
 * source words it better. `unsure` is what a vague source gives: it never decides
 * yes or no by itself, it says "not sure yet — ask the platform".
 */
export type Condition =
  | { all: Condition[]; because?: LocalizedText }
  | { any: Condition[]; because?: LocalizedText }
  /** Inclusive range on a number field (`age`, `organizationAgeYears`). */
  | { field: "age" | "organizationAgeYears"; min?: number; max?: number; because?: LocalizedText }
  /** The field's value is one of `in` (compared after lowercasing; `locality` also without accents). */
  | {
      field: "gender" | "country" | "region" | "province" | "locality" | "area" | "status" | "organizationType" | "sector";
      in: string[];
      because?: LocalizedText;
    }
  | { field: "organizationWomenLed"; equals: boolean; because?: LocalizedText }
  | { unsure: LocalizedText };

export type Verdict = "eligible" | "not_eligible" | "unknown";

/**
 * Why a leaf came out the way it did, structured so it can be rendered in any language.
 * `met` says whether the person meets it; `value` is the person's answer (absent when
 * missing); `expected` the rule's bounds or list.
 */
export type Reason =
  | { kind: "range"; field: "age" | "organizationAgeYears"; met: boolean; value: number; min?: number; max?: number; because?: LocalizedText }
  | {
      kind: "in";
      field: ProfileField;
      met: boolean;
      value: string;
      expected: string[];
      because?: LocalizedText;
      /**
       * Set when the leaf's own field was not answered but a broader answer already
       * rules it out: a province rule failed by the person's region (no listed province
       * lies in it) or by a country other than Morocco. `value` is then that answer.
       */
      derivedFrom?: "region" | "country";
    }
  | { kind: "equals"; field: "organizationWomenLed"; met: boolean; value: boolean; expected: boolean; because?: LocalizedText }
  | { kind: "unsure"; text: LocalizedText };

export interface ProgramVerdict {
  programId: string;
  /** The version of the programme's rules that produced this verdict. */
  rulesVersion: number;
  verdict: Verdict;
  /** What decided it: failing leaves for not_eligible, satisfied ones for eligible, unsure and met ones for unknown. */
  reasons: Reason[];
  /** Fields that, once answered, could decide it (empty for decided ones and for purely unsure rules). */
  missing: ProfileField[];
}

/** What the engine needs from a programme: its id, the rules and their version. */
export interface RuledProgram {
  id: string;
  rulesVersion: number;
  rules: Condition;
}
