import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { LANGUAGES } from "../../bot/core/types.ts";
import { SECTORS } from "../../bot/eligibility/types.ts";
import type { CoachOutcome, ProjectCoach } from "../../bot/project/coach.ts";
import { CANVAS_STEPS, LEGAL_FORMS, MONTHLY_COST_KINDS } from "../../bot/project/types.ts";
import type { CanvasField } from "../../bot/project/types.ts";
import { maskPersonalData } from "../nlu/mask.ts";
import { mentionsFigure } from "./check.ts";
import type { CoachAnswer } from "./schema.ts";
import { CoachAnswerChecked } from "./schema.ts";

/**
 * The coach's eval cases (`eval-cases.json`): a description, the fields a good draft fills,
 * the fields it must leave null, and exact values where they matter. Run them against a
 * real model before changing the prompt, the schema or the model:
 *
 *   OPENAI_API_KEY=… [OPENAI_BASE_URL=…] [OPENAI_MODEL=…] node prompts/project/eval.ts
 *
 * The tests check the cases are well-formed and consistent with the schema and the
 * coach's checks, and run them through the coach against a stub server.
 */

export const COACH_EVAL_PATH = fileURLToPath(new URL("./eval-cases.json", import.meta.url));

const Field = z.enum(CANVAS_STEPS);
const Values = z
  .object({
    priceMad: z.number(),
    salesPerMonth: z.number(),
    ownContributionMad: z.number(),
    sector: z.enum(SECTORS),
    legalForm: z.enum(LEGAL_FORMS),
    /** The start-up items' amounts added up (the split into items is the model's). */
    startupCostsTotalMad: z.number(),
    monthlyCostsMad: z.partialRecord(z.enum(MONTHLY_COST_KINDS), z.number()),
  })
  .partial()
  .strict();

export const CoachEvalCase = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    lang: z.enum(LANGUAGES),
    text: z.string().min(1),
    canvasSoFar: z.object({ idea: z.string(), customers: z.string(), offer: z.string() }).partial().strict().optional(),
    filled: z.array(Field).min(1),
    mustBeNull: z.array(Field),
    values: Values.optional(),
    /** Personal data that must not leave the server. */
    mustMask: z.array(z.string().min(1)).optional(),
    note: z.string().optional(),
  })
  .strict();
export type CoachEvalCase = z.infer<typeof CoachEvalCase>;

const CoachEvalFile = z.object({ version: z.literal(1), cases: z.array(CoachEvalCase).min(1) }).strict();

export function loadCoachEvalCases(path = COACH_EVAL_PATH): CoachEvalCase[] {
  return CoachEvalFile.parse(JSON.parse(readFileSync(path, "utf8"))).cases;
}

const VALUE_FIELD: Record<keyof z.infer<typeof Values>, CanvasField> = {
  priceMad: "priceMad",
  salesPerMonth: "salesPerMonth",
  ownContributionMad: "ownContributionMad",
  sector: "sector",
  legalForm: "legalForm",
  startupCostsTotalMad: "startupCosts",
  monthlyCostsMad: "monthlyCosts",
};
const FIGURE_FIELDS: ReadonlySet<CanvasField> = new Set(["priceMad", "salesPerMonth", "startupCosts", "ownContributionMad"]);

/** What makes a case unusable: contradictions, or expectations the coach's checks would refuse. */
export function caseInconsistencies(c: CoachEvalCase): string[] {
  const problems: string[] = [];
  for (const field of c.filled) if (c.mustBeNull.includes(field)) problems.push(`${field} is both filled and null`);
  for (const key of Object.keys(c.values ?? {})) {
    const field = VALUE_FIELD[Values.keyof().parse(key)];
    if (!c.filled.includes(field)) problems.push(`value for ${key} but ${field} is not in filled`);
  }
  if (!mentionsFigure(maskPersonalData(c.text).text)) {
    for (const field of c.filled) if (FIGURE_FIELDS.has(field)) problems.push(`${field} expected, but the text states no figure`);
  }
  const masked = maskPersonalData(c.text).text;
  for (const secret of c.mustMask ?? []) {
    if (!c.text.includes(secret)) problems.push(`mustMask ${JSON.stringify(secret)} is not in the text`);
    else if (masked.includes(secret)) problems.push(`mustMask ${JSON.stringify(secret)} survives masking`);
  }
  const ideal = CoachAnswerChecked.safeParse(idealAnswer(c));
  if (!ideal.success) problems.push(`the ideal answer fails the schema: ${ideal.error.message}`);
  return problems;
}

/** A perfect model answer for the case: expected values, stand-ins for free text. */
export function idealAnswer(c: CoachEvalCase): CoachAnswer {
  const has = (field: CanvasField) => c.filled.includes(field);
  const v = c.values ?? {};
  const text = (field: CanvasField) => (has(field) ? `${field} in the person's words` : null);
  const monthly = Object.entries(v.monthlyCostsMad ?? {}).map(([kind, amountMad]) => ({
    kind: z.enum(MONTHLY_COST_KINDS).parse(kind),
    amountMad,
    label: null,
  }));
  return {
    language: c.lang,
    fields: {
      idea: text("idea"),
      sector: has("sector") ? (v.sector ?? "other") : null,
      customers: text("customers"),
      offer: text("offer"),
      priceMad: has("priceMad") ? (v.priceMad ?? 100) : null,
      salesPerMonth: has("salesPerMonth") ? (v.salesPerMonth ?? 10) : null,
      startupCosts: has("startupCosts") ? [{ label: "equipment", amountMad: v.startupCostsTotalMad ?? 1000 }] : null,
      monthlyCosts: has("monthlyCosts") ? (monthly.length > 0 ? monthly : [{ kind: "other", amountMad: 100, label: "supplies" }]) : null,
      ownContributionMad: has("ownContributionMad") ? (v.ownContributionMad ?? 1000) : null,
      legalForm: has("legalForm") ? (v.legalForm ?? "undecided") : null,
      team: text("team"),
      worries: text("worries"),
    },
    suggestions: ["A short concrete improvement."],
  };
}

/** What a coach's outcome gets wrong for the case (empty when it passes). */
export function judgeCoachOutcome(c: CoachEvalCase, outcome: CoachOutcome): string[] {
  if (!outcome.ok) return [`no draft: ${outcome.reason}`];
  const { fields } = outcome;
  const problems: string[] = [];
  for (const field of c.filled) if (fields[field] === undefined) problems.push(`${field} missing`);
  for (const field of c.mustBeNull) {
    if (fields[field] !== undefined) problems.push(`${field} should be null, got ${JSON.stringify(fields[field])}`);
  }
  const v = c.values ?? {};
  for (const key of ["priceMad", "salesPerMonth", "ownContributionMad", "sector", "legalForm"] as const) {
    if (v[key] !== undefined && fields[key] !== undefined && fields[key] !== v[key]) {
      problems.push(`${key}: expected ${JSON.stringify(v[key])}, got ${JSON.stringify(fields[key])}`);
    }
  }
  if (v.startupCostsTotalMad !== undefined && fields.startupCosts) {
    const total = fields.startupCosts.reduce((sum, item) => sum + item.amountMad, 0);
    if (total !== v.startupCostsTotalMad) problems.push(`startupCosts total: expected ${v.startupCostsTotalMad}, got ${total}`);
  }
  for (const [kind, amount] of Object.entries(v.monthlyCostsMad ?? {})) {
    const got = fields.monthlyCosts?.find((item) => item.kind === kind)?.amountMad;
    if (fields.monthlyCosts && got !== amount) problems.push(`monthly ${kind}: expected ${amount}, got ${String(got)}`);
  }
  if (outcome.suggestions.length === 0) problems.push("no suggestion");
  return problems;
}

export interface CoachEvalResult {
  id: string;
  outcome: CoachOutcome;
  problems: string[];
}

export async function runCoachEval(coach: ProjectCoach, cases: readonly CoachEvalCase[]): Promise<CoachEvalResult[]> {
  const results: CoachEvalResult[] = [];
  for (const c of cases) {
    const outcome = await coach.draft(c.text, { lang: c.lang, canvas: c.canvasSoFar ?? {} });
    results.push({ id: c.id, outcome, problems: judgeCoachOutcome(c, outcome) });
  }
  return results;
}

if (import.meta.main) {
  const { loadConfigOrExit } = await import("../../lib/config.ts");
  const { createLlmClient } = await import("../../lib/llm.ts");
  const { createProjectCoach } = await import("../../bot/project/coach.ts");
  const config = loadConfigOrExit();
  const client = createLlmClient(config);
  if (!client) {
    process.stderr.write("Set OPENAI_API_KEY (and OPENAI_BASE_URL, OPENAI_MODEL for another server) to run the eval.\n");
    process.exit(2);
  }
  const coach = createProjectCoach({ client, model: config.OPENAI_MODEL, timeoutMs: Math.max(config.OPENAI_TIMEOUT_MS, 15_000) });
  const results = await runCoachEval(coach, loadCoachEvalCases());
  for (const result of results) {
    process.stdout.write(`${result.problems.length === 0 ? "PASS" : "FAIL"} ${result.id}\n`);
    for (const problem of result.problems) process.stdout.write(`     ${problem}\n`);
    // Suggestions are read by a person: the cases cannot judge plain words.
    if (result.outcome.ok) for (const suggestion of result.outcome.suggestions) process.stdout.write(`     > ${suggestion}\n`);
  }
  const failed = results.filter((result) => result.problems.length > 0).length;
  process.stdout.write(`${results.length - failed}/${results.length} cases pass (model ${config.OPENAI_MODEL})\n`);
  process.exit(failed > 0 ? 1 : 0);
}
