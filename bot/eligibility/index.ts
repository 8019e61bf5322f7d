/** The eligibility engine's public surface: verdicts, the next question, reasons in words, rule checks. */
export { completeProfile, evaluate, evaluateAll } from "./evaluate.ts";
export { nextQuestion } from "./next-question.ts";
export { listValues, renderReason, valueLabel } from "./reasons.ts";
export { checkRules } from "./check.ts";
export { normalizePlace } from "./normalize.ts";
export type * from "./types.ts";
export { AREAS, GENDERS, ORGANIZATION_TYPES, PROFILE_FIELDS, SECTORS, STATUSES } from "./types.ts";
