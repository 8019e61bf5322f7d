/**
 * What a question on screen expects, and what a typed message answers to it. Every
 * question declares its kinds of answer (a flow's `expects`); one reader per kind, shared
 * by every journey (`readAnswer`), tries them before anything reads the message as a
 * wish to do something else. Pure data.
 */

export type AnswerKind =
  /** One of the offered options, by its number, label or synonyms. */
  | "choice"
  /** Yes or no, in any of the four ways of writing ("wakha", "إيه", "ah 7jez lia", "non merci"). */
  | "yesno"
  /** A count or a number of years ("environ 20", "20 في الشهر", "chi 20"). */
  | "number"
  /** Dirhams ("15 alf dh", "600 f chhar", "0 je me paye pas"). */
  | "amount"
  /** A day and/or a time ("jeudi à 10h", "ghedda f 10", "لا، الأفضل على الساعة 14"). */
  | "when"
  /** Where the person lives: a province, a region, abroad. */
  | "place"
  /** One of the platforms offered (by its name, town or province, in both scripts). */
  | "site"
  /** A first name ("je m’appelle Yassine", "smiti yassine", "اسمي ياسين"). */
  | "name"
  /** Free text: an idea, customers, a worry, a reason. */
  | "text";

export interface Expect {
  /** The kinds this question reads, in order: the booking summary reads yes/no, then a new time. */
  kinds: readonly AnswerKind[];
  /** The option meaning "I don't know" or "skip": a whole-message "je sais pas (encore)" picks it. */
  dontKnow?: string;
  /** The option a typed value outside the list goes to ("another sector"). */
  other?: string;
  /** The options meaning yes and no, when their ids do not end in `:yes` / `:no`. */
  yes?: string;
  no?: string;
  /**
   * The free text here says what it is about ("un salon pour les femmes", "بغيت نسول على
   * التمويل"): words of other journeys are its content, and only commands (a person, stop,
   * delete) may compete with it.
   */
  subject?: boolean;
  /** A number's plausible range (an age: 10–99); outside it, the number is not this answer. */
  range?: readonly [min: number, max: number];
}

export type AnswerValue =
  | { kind: "choice"; choiceId: string }
  /** Several options fit ("Khouribga" names two platforms): ask again among them only. */
  | { kind: "among"; choiceIds: string[] }
  | { kind: "number"; value: number }
  | { kind: "amount"; mad: number; unitClear: boolean }
  /** `ruledOut`: the day or time was said as not possible ("je ne suis pas dispo mardi"). */
  | { kind: "when"; date?: string; time?: string; partOfDay?: "morning" | "afternoon"; ruledOut?: boolean }
  | { kind: "place"; province?: string; region?: string }
  | { kind: "name"; name: string }
  | { kind: "text"; text: string };

export interface Reading {
  value: AnswerValue;
  /**
   * What the message says besides the answer, in folded words ("bghit ghir nakhod rdv m3a
   * conseiller" around "f khouribga"): empty when the message is only the answer. Another
   * wish in it may outweigh the answer.
   */
  rest: string;
  /**
   * A last resort rather than a reading: a value outside the list taken as "other". Any
   * other wish the message carries comes first.
   */
  fallback?: boolean;
}
