import { compiled, type Compiled } from "./compile.ts";
import { completeProfile, viewOf } from "./profile.ts";
import { expectedSettled } from "./simulate.ts";
import type { Profile, ProfileField, ProgramVerdict, RuledProgram } from "./types.ts";
import { verdictFor } from "./verdict.ts";

/**
 * Ask the fewest questions: the next question is the missing field whose answer settles
 * the most still-unknown programmes on average over its possible answers (each simulated
 * through the rules). Ties go to the order a conversation flows best in.
 *
 * Geography is asked as the province: it implies the region and the country (Morocco),
 * so the region and the country are asked only when no province can be (someone who
 * said they live abroad, or a province we do not know).
 */
export const ASK_ORDER: readonly ProfileField[] = [
  "province",
  "age",
  "gender",
  "status",
  "organizationType",
  "organizationAgeYears",
  "organizationWomenLed",
  "sector",
  "area",
  "locality",
  "country",
  "region",
];

const SAME_SCORE = 1e-9;

/**
 * The question evaluateAll chose along with its verdicts: the chat evaluates, then asks
 * nextQuestion with the same profile, programmes and verdicts, and gets it without a
 * second simulation.
 */
const chosen = new WeakMap<readonly ProgramVerdict[], { profile: Profile; programs: readonly RuledProgram[]; field: ProfileField | null }>();

export function rememberQuestion(results: readonly ProgramVerdict[], profile: Profile, programs: readonly RuledProgram[], field: ProfileField | null): void {
  chosen.set(results, { profile, programs, field });
}

export function nextQuestion(
  profile: Profile,
  programs: readonly RuledProgram[],
  results?: readonly ProgramVerdict[],
  options: { skip?: readonly ProfileField[] } = {},
): ProfileField | null {
  const skip = options.skip ?? [];
  if (results !== undefined && skip.length === 0) {
    const known = chosen.get(results);
    if (known !== undefined && known.profile === profile && known.programs === programs) return known.field;
  }
  const completed = completeProfile(profile);
  if (results === undefined) {
    const view = viewOf(completed);
    results = programs.map((program) => verdictFor(view, program));
  }
  return nextQuestionFor(completed, programs, results, skip);
}

/**
 * `profile` is completed; `results` are the verdicts of `programs` for it. Fields in
 * `skip` (the person chose not to answer) are never proposed.
 */
export function nextQuestionFor(
  profile: Profile,
  programs: readonly RuledProgram[],
  results: readonly ProgramVerdict[],
  skip: readonly ProfileField[] = [],
): ProfileField | null {
  const affected = affectedPrograms(profile, programs, results);
  for (const field of skip) affected.delete(field);
  if (affected.size === 0) return null;
  const base = viewOf(profile);
  let best: ProfileField | null = null;
  let bestScore = 0;
  for (const field of ASK_ORDER) {
    const candidates = affected.get(field);
    if (candidates === undefined) continue;
    const score = expectedSettled(base, field, candidates);
    if (score > bestScore + SAME_SCORE) {
      best = field;
      bestScore = score;
    }
  }
  if (best !== null) return best;
  // No single answer settles anything, but answers together can (e.g. age and gender
  // in two branches): ask what the most programmes still need.
  let most = 0;
  for (const field of ASK_ORDER) {
    const count = affected.get(field)?.length ?? 0;
    if (count > most) {
      best = field;
      most = count;
    }
  }
  return best;
}

/** For each askable field, the unknown programmes whose verdict its answer could change. */
function affectedPrograms(profile: Profile, programs: readonly RuledProgram[], results: readonly ProgramVerdict[]): Map<ProfileField, Compiled[]> {
  const aligned = results.length === programs.length && results.every((result, index) => result.programId === programs[index]?.id);
  const byId = aligned ? null : new Map(programs.map((program) => [program.id, program]));
  const affected = new Map<ProfileField, Compiled[]>();
  results.forEach((result, index) => {
    if (result.verdict !== "unknown" || result.missing.length === 0) return;
    const program = byId === null ? programs[index] : byId.get(result.programId);
    if (program === undefined) return;
    const rules = compiled(program.rules);
    for (const field of result.missing) {
      const asked = askedFor(field, profile);
      if (profile[asked] !== undefined) continue; // never ask twice
      const list = affected.get(asked) ?? [];
      if (list.at(-1) !== rules) list.push(rules);
      affected.set(asked, list);
    }
  });
  return affected;
}

/** The question that answers a field: the province stands for the region and the country. */
function askedFor(field: ProfileField, profile: Profile): ProfileField {
  if ((field === "region" || field === "country") && profile.province === undefined) return "province";
  return field;
}
