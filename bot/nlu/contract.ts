import type { Lang } from "../core/types.ts";

/**
 * The understanding layer's contract (issue 5), shared by the rules, the language-model
 * fallback, the `nlu` command and the engine. Names and fields never change.
 */

export const INTENTS = [
  "greet", "help", "eligibility", "programs", "project", "book", "cancel_booking", "human",
  "language", "stop", "delete_data", "thanks", "affirm", "deny", "unknown",
] as const;
export type Intent = (typeof INTENTS)[number];

export function isIntent(value: unknown): value is Intent {
  return typeof value === "string" && (INTENTS as readonly string[]).includes(value);
}

/** Acting on these by mistake unsubscribes or erases someone: they need a clear statement. */
export const RISKY_INTENTS: ReadonlySet<Intent> = new Set(["stop", "delete_data"]);

export type Script = "arab" | "latn";

/**
 * What a message says about the person or their plans. Each field only when the message
 * says it; gender only from an explicit statement ("je suis une femme", "ana bent", "أنا
 * امرأة"), never guessed from grammar.
 */
export interface Entities {
  age?: number;
  /** Region slug (`beni-mellal-khenifra`), see geography.ts. */
  region?: string;
  /** Province or prefecture slug (`khouribga`). */
  province?: string;
  gender?: "female" | "male";
  amountMad?: number;
  /** False when the unit was not said (`20000`, `15k`, `2 melyoun`): confirm before using. */
  amountUnitClear?: boolean;
  /** Local date in Africa/Casablanca, `YYYY-MM-DD`. */
  date?: string;
  /** Local time, `HH:MM`. */
  time?: string;
}

/** One line of `npm run --silent nlu`. */
export interface Understanding {
  text: string;
  language: Lang;
  script: Script;
  intent: Intent;
  /** Confidence in the intent, 0..1. */
  confidence: number;
  entities: Entities;
}
