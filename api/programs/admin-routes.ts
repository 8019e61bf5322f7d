import type { Context } from "hono";
import { verdictLabel } from "../../bot/eligibility/verdict-label.ts";
import { Hono } from "hono";
import { z } from "zod";
import { LANGUAGES } from "../../bot/core/types.ts";
import { checkRules, evaluate, renderReason } from "../../bot/eligibility/index.ts";
import { conditionSchema, profileSchema } from "../../bot/eligibility/schema.ts";
import type { Condition } from "../../bot/eligibility/types.ts";
import { programIdSchema, programPatchSchema, programSchema } from "../../bot/programs/schema.ts";
import type { ProgramActor, ProgramRow } from "../../db/programs.ts";
import {
  archiveProgram,
  createProgram,
  getProgram,
  getProgramVersion,
  listPrograms,
  listProgramVersions,
  restoreProgram,
  updateProgram,
} from "../../db/programs.ts";
import { AppError } from "../../lib/errors.ts";
import type { AppDeps } from "../deps.ts";
import { clientIp } from "../auth/client-ip.ts";
import type { AuthEnv } from "../auth/middleware.ts";
import { auditActor, authenticate, callerOf, requireRole } from "../auth/middleware.ts";
import { validationError } from "../errors.ts";
import { readJson } from "../validate.ts";
import { toAdminProgramDto, toHistoryDto } from "./dto.ts";

const patchBody = programPatchSchema
  .extend({ expectedVersion: z.int().min(1).optional() })
  .refine((body) => Object.entries(body).some(([key, value]) => key !== "expectedVersion" && value !== undefined), "send at least one field to change");
const idParam = z.object({ id: programIdSchema });
/** Unsaved rules tried on sample profiles (the catalogue page's live preview). */
const previewBody = z.strictObject({
  rules: conditionSchema,
  profiles: z.array(profileSchema).min(1).max(20),
  lang: z.enum(LANGUAGES).default("fr"),
});
const versionParam = z.object({ version: z.coerce.number().int().min(1).max(2_147_483_647) });

/**
 * `/api/v1/admin/programs`: staff and admins keep the catalogue true. Every write makes a
 * version (who, when, what), is audited, and refreshes this process's catalogue at once;
 * the other processes pick it up on their next poll.
 */
export function adminProgramsRoutes(deps: AppDeps) {
  const db = deps.database.db;
  const actorOf = (c: Context<AuthEnv>): ProgramActor => {
    const caller = callerOf(c);
    return { userId: caller.user.id, ...auditActor(caller), ip: clientIp(c, deps.config.TRUST_PROXY) };
  };
  const written = async (c: Context<AuthEnv>, row: ProgramRow, status: 200 | 201 = 200) => {
    try {
      await deps.catalogue.refresh();
    } catch (error) {
      // The change is committed; the next poll will load it.
      deps.log.warn({ err: error, programId: row.id }, "catalogue refresh after a write failed");
    }
    return c.json({ program: toAdminProgramDto(row) }, status);
  };

  return new Hono<AuthEnv>()
    .use(authenticate(deps), requireRole("staff", "admin"))
    .get("/", async (c) => {
      const rows = await listPrograms(db, { includeArchived: true });
      return c.json({ programs: rows.map(toAdminProgramDto) });
    })
    .post("/", async (c) => {
      const program = await readJson(c, programSchema);
      assertRulesMakeSense(program.rules);
      const row = await createProgram(db, program, { actor: actorOf(c), at: deps.clock.now() });
      return written(c, row, 201);
    })
    // Stateless, nothing stored: the verdicts these rules would give, before anyone saves them.
    .post("/preview", async (c) => {
      const input = await readJson(c, previewBody);
      assertRulesMakeSense(input.rules);
      const t = deps.translator.forLang(input.lang);
      const results = input.profiles.map((profile) => {
        const result = evaluate(profile, { id: "preview", rulesVersion: 0, rules: input.rules });
        return { verdict: result.verdict, label: verdictLabel(result), reasons: result.reasons.map((reason) => renderReason(reason, t, input.lang)), missing: result.missing };
      });
      return c.json({ results });
    })
    .get("/:id", async (c) => {
      const row = await getProgram(db, readProgramId(c));
      if (!row) throw notFound();
      return c.json({ program: toAdminProgramDto(row) });
    })
    .patch("/:id", async (c) => {
      const id = readProgramId(c);
      const { expectedVersion, ...patch } = await readJson(c, patchBody);
      if (patch.rules) assertRulesMakeSense(patch.rules);
      const row = await updateProgram(db, id, patch, { actor: actorOf(c), at: deps.clock.now(), expectedVersion });
      return written(c, row);
    })
    .post("/:id/archive", async (c) => {
      const row = await archiveProgram(db, readProgramId(c), { actor: actorOf(c), at: deps.clock.now() });
      return written(c, row);
    })
    .post("/:id/restore", async (c) => {
      const row = await restoreProgram(db, readProgramId(c), { actor: actorOf(c), at: deps.clock.now() });
      return written(c, row);
    })
    .get("/:id/versions", async (c) => {
      const versions = await listProgramVersions(db, readProgramId(c));
      if (!versions) throw notFound();
      return c.json({ versions: versions.map(toHistoryDto) });
    })
    .get("/:id/versions/:version", async (c) => {
      const parsed = versionParam.safeParse({ version: c.req.param("version") });
      if (!parsed.success) throw validationError(parsed.error);
      const row = await getProgramVersion(db, readProgramId(c), parsed.data.version);
      if (!row) throw new AppError("not_found", "no such version of this programme", 404);
      return c.json({ version: { ...row, changedAt: row.changedAt.toISOString() } });
    });
}

function readProgramId(c: Context): string {
  const parsed = idParam.safeParse({ id: c.req.param("id") });
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data.id;
}

const notFound = () => new AppError("not_found", "no programme with this id", 404);

/** Rules that parse but cannot work (a field compared with a value it never takes…): 400 naming each path. */
function assertRulesMakeSense(rules: Condition): void {
  const problems = checkRules(rules);
  if (problems.length === 0) return;
  // Each problem reads "rules.any[0].in[1]: …": the path before the colon is the field.
  const fields = problems.map((problem) => {
    const colon = problem.indexOf(": ");
    return colon > 0 ? { field: problem.slice(0, colon), message: problem.slice(colon + 2) } : { field: "rules", message: problem };
  });
  throw new AppError("invalid_rules", problems.join("; "), 400, { fields });
}
