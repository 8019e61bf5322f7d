import type { ConceptHit } from "../../nlu/matcher.ts";
import type { NormalizedText } from "../../nlu/normalize.ts";
import { FILLERS } from "../../nlu/lexicon.ts";
import { hitsOf, restOf } from "./words.ts";

/**
 * A yes or a no opening a message, in any way of writing: "oui c'est bon", "ah", "iyeh",
 * "wakha", "إيه", "نعم احجز لي", "ah 7jez lia", "non merci", "la, khliha f 14". What
 * follows it is kept apart: "non plutôt à 14h" is a no followed by a new time, which the
 * question may read as a change of mind.
 */
export interface YesNo {
  answer: "yes" | "no";
  /** The words after the yes or no (folded), "" when the message was only that. */
  rest: string;
}

/** Words that add nothing to a yes ("merci", "svp", "réserve", "7jez lia"). */
const POLITE: ReadonlySet<string> = new Set([...FILLERS, "merci", "chokran", "شكرا", "lia", "ليا", "li", "لي", "moi", "le", "la", "stp", "svp"]);

export function readYesNo(text: NormalizedText): YesNo | null {
  if (text.tokens.length === 0) return null;
  const yes = hitsOf(text, "yes");
  const no = hitsOf(text, "no");
  const bookIt = hitsOf(text, "bookIt");
  const first = firstContent(text, 0);
  const opening = (hits: ConceptHit[]) => longestFrom(hits, first);
  const yesHit = opening(yes);
  const noHit = opening(no);
  // "la" alone is no; "la semaine prochaine" is French. A Latin "la" says no only alone or before a comma.
  const noCounts = noHit && !(text.tokens[noHit.start]?.form === "la" && noHit.end < text.tokens.length && text.tokens[noHit.end]?.clause === noHit.clause);
  const hit = yesHit && (!noHit || yesHit.end >= noHit.end) ? { answer: "yes" as const, end: yesHit.end } : noCounts ? { answer: "no" as const, end: noHit!.end } : null;
  if (!hit) return null;
  // Absorb more of the same ("oui oui c'est bon", "ah wakha 7jez lia") and politeness.
  let end = hit.end;
  for (let moved = true; moved; ) {
    moved = false;
    const next = firstContent(text, end, hit.answer === "yes");
    const more = longestFrom(hit.answer === "yes" ? [...yes, ...bookIt] : no, next);
    if (more) {
      end = more.end;
      moved = true;
    } else if (next > end) {
      end = next;
      moved = true;
    }
  }
  return { answer: hit.answer, rest: restOf(text, 0, end) };
}

/** The index of the first token from `from` that is not politeness. */
function firstContent(text: NormalizedText, from: number, politeToo = false): number {
  let index = from;
  while (index < text.tokens.length) {
    const form = text.tokens[index]!.form;
    const skip = FILLERS.has(form) || !/[\p{L}\p{N}]/u.test(form) || (politeToo && POLITE.has(form));
    if (!skip) break;
    index += 1;
  }
  return index;
}

function longestFrom(hits: readonly ConceptHit[], start: number): ConceptHit | null {
  let best: ConceptHit | null = null;
  for (const hit of hits) if (hit.start === start && (!best || hit.end > best.end)) best = hit;
  return best;
}
