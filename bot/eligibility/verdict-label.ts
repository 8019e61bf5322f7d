import type { ProfileField, ProgramVerdict, Reason, Verdict } from "./types.ts";

/**
 * The one verdict vocabulary people and staff read, in the chat, the console and the API:
 * eligible, to check (with the platform: a vague source or an answer missing), nearly (one
 * thing that can change stands in the way) and not eligible. The engine's three verdicts
 * stay the contract; `nearly` is a not-eligible with that one changeable reason.
 */
export const VERDICT_LABELS = ["eligible", "to_check", "nearly", "not_eligible"] as const;
export type VerdictLabel = (typeof VERDICT_LABELS)[number];

/** A single failed condition on one of these is something a person can change (join OFPPT, found a cooperative…). */
const CHANGEABLE: ReadonlySet<ProfileField> = new Set(["status", "organizationType", "organizationAgeYears", "organizationWomenLed", "sector"]);

/** Not eligible because of one thing only, and a thing that can change (or a birthday to come). */
function isNearly(reasons: readonly Reason[]): boolean {
  const failed = reasons.filter((reason) => reason.kind !== "unsure" && !reason.met);
  if (failed.length !== 1) return false;
  const [reason] = failed as [Exclude<Reason, { kind: "unsure" }>];
  if (CHANGEABLE.has(reason.field)) return true;
  return reason.kind === "range" && reason.field === "age" && reason.min !== undefined && reason.value < reason.min;
}

/** The label of one verdict; without its reasons (an old record), a not-eligible stays not eligible. */
export function verdictLabel(result: { verdict: Verdict; reasons?: readonly Reason[] | undefined }): VerdictLabel {
  if (result.verdict === "eligible") return "eligible";
  if (result.verdict === "unknown") return "to_check";
  return result.reasons && isNearly(result.reasons) ? "nearly" : "not_eligible";
}

/** The reason that decided the label: the vague point to check, or the condition not met. */
export function decisiveReason(result: Pick<ProgramVerdict, "verdict" | "reasons">): Reason | null {
  if (result.verdict === "eligible") return null;
  const decisive = (reason: Reason) => (result.verdict === "unknown" ? reason.kind === "unsure" : reason.kind !== "unsure" && !reason.met);
  return result.reasons.find(decisive) ?? result.reasons[0] ?? null;
}
