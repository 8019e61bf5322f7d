import { nextQuestionFor, rememberQuestion } from "./next-question.ts";
import { completeProfile, viewOf } from "./profile.ts";
import type { Profile, ProfileField, ProgramVerdict, RuledProgram } from "./types.ts";
import { verdictFor } from "./verdict.ts";

export { completeProfile } from "./profile.ts";

/**
 * Eligibility verdicts: pure, synchronous and fast (a full profile against 200
 * programmes in a few hundredths of a millisecond, see `npm run bench:eligibility`).
 * No text here: reasons are structured and rendered in a language only when shown
 * (reasons.ts).
 */

/** One programme's verdict for a profile (derived fields are filled first). */
export function evaluate(profile: Profile, program: RuledProgram): ProgramVerdict {
  return verdictFor(viewOf(completeProfile(profile)), program);
}

/** Every programme's verdict, in order, and the question that would settle most of those still unknown. */
export function evaluateAll(profile: Profile, programs: readonly RuledProgram[]): { results: ProgramVerdict[]; nextQuestion: ProfileField | null } {
  const completed = completeProfile(profile);
  const view = viewOf(completed);
  const results: ProgramVerdict[] = new Array(programs.length);
  let open = false;
  for (let index = 0; index < programs.length; index += 1) {
    const result = verdictFor(view, programs[index] as RuledProgram);
    if (result.missing.length > 0) open = true;
    results[index] = result;
  }
  const next = open ? nextQuestionFor(completed, programs, results) : null;
  rememberQuestion(results, profile, programs, next);
  return { results, nextQuestion: next };
}
