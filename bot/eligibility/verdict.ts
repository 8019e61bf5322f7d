import { compiled, FALSE, TRUE } from "./compile.ts";
import type { ProfileView } from "./profile.ts";
import { collect, missingFields, run } from "./tree.ts";
import type { ProfileField, ProgramVerdict, Reason, RuledProgram, Verdict } from "./types.ts";

/** One programme against a prepared profile view: truth, reasons, missing fields. */
export function verdictFor(view: ProfileView, program: RuledProgram): ProgramVerdict {
  const rules = compiled(program.rules);
  const value = run(rules, view.values);
  const verdict: Verdict = value === TRUE ? "eligible" : value === FALSE ? "not_eligible" : "unknown";
  const reasons: Reason[] = [];
  collect(rules.root, view, rules.values, reasons);
  const missing: ProfileField[] = [];
  if (verdict === "unknown") missingFields(rules.root, rules.values, rules.reachable, missing);
  return { programId: program.id, rulesVersion: program.rulesVersion, verdict, reasons, missing };
}
