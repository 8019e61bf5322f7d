import { Hono } from "hono";
import { verdictLabel } from "../../bot/eligibility/verdict-label.ts";
import { z } from "zod";
import { LANGUAGES } from "../../bot/core/types.ts";
import { evaluateAll, renderReason } from "../../bot/eligibility/index.ts";
import { profileSchema } from "../../bot/eligibility/schema.ts";
import type { AppDeps } from "../deps.ts";
import { readJson } from "../validate.ts";

const body = z.strictObject({
  profile: profileSchema,
  lang: z.enum(LANGUAGES).default("fr"),
});

/**
 * `POST /api/v1/eligibility`: stateless and public. Evaluates the posted profile against
 * the in-memory catalogue (no query per request) and renders each reason in `lang`.
 * Nothing is stored: there is no person behind the call, only answers.
 */
export function eligibilityRoutes(deps: Pick<AppDeps, "catalogue" | "translator">) {
  return new Hono().post("/", async (c) => {
    const input = await readJson(c, body);
    const catalogue = deps.catalogue.current();
    const t = deps.translator.forLang(input.lang);
    const { results, nextQuestion } = evaluateAll(input.profile, catalogue.ruled);
    return c.json({
      lang: input.lang,
      results: results.map((result) => ({
        programId: result.programId,
        verdict: result.verdict,
        // The words the chat and the console use: eligible, to_check, nearly, not_eligible.
        label: verdictLabel(result),
        reasons: result.reasons.map((reason) => renderReason(reason, t, input.lang)),
        missing: result.missing,
        rulesVersion: result.rulesVersion,
        // Past programmes are evaluated too; clients show them as past.
        status: catalogue.byId.get(result.programId)?.status ?? null,
        closesOn: catalogue.byId.get(result.programId)?.closesOn ?? null,
      })),
      nextQuestion: nextQuestion ?? null,
    });
  });
}
