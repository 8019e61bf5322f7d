import { Hono } from "hono";
import { z } from "zod";
import { findApiToken, listApiTokens, revokeApiToken } from "../../db/api-tokens.ts";
import { recordAudit } from "../../db/audit.ts";
import { API_TOKEN_SCOPES } from "../../db/schema/index.ts";
import { AppError } from "../../lib/errors.ts";
import type { AppDeps } from "../deps.ts";
import { issueApiToken } from "../auth/api-tokens.ts";
import { clientIp } from "../auth/client-ip.ts";
import { toApiTokenDto } from "../auth/dto.ts";
import type { AuthEnv } from "../auth/middleware.ts";
import { auditActor, authenticate, callerOf, requireRole } from "../auth/middleware.ts";
import { readJson } from "../validate.ts";
import { readIdParam } from "./id-param.ts";

/** Tokens live 90 days unless asked otherwise, a year at most: a forgotten token must die by itself. */
const DEFAULT_TOKEN_DAYS = 90;
const MAX_TOKEN_DAYS = 365;

const createBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scope: z.enum(API_TOKEN_SCOPES),
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional(),
});

/**
 * `/api/v1/admin/tokens`: bearer tokens for integrations. The token itself is shown once,
 * in the creation response; afterwards only its prefix.
 */
export function adminTokensRoutes(deps: AppDeps) {
  const db = deps.database.db;

  return new Hono<AuthEnv>()
    .use(authenticate(deps), requireRole("admin"))
    .get("/", async (c) => {
      const tokens = await listApiTokens(db);
      return c.json({ tokens: tokens.map(toApiTokenDto) });
    })
    .post("/", async (c) => {
      const input = await readJson(c, createBody);
      const caller = callerOf(c);
      const issued = await issueApiToken(db, deps.clock, { name: input.name, userId: caller.user.id, scope: input.scope, expiresInDays: input.expiresInDays ?? DEFAULT_TOKEN_DAYS });
      await recordAudit(db, {
        at: issued.row.createdAt,
        ...auditActor(caller),
        action: "token.created",
        subjectType: "api_token",
        subjectId: issued.row.id,
        details: { name: issued.row.name, prefix: issued.row.prefix, scope: issued.row.scope, expiresAt: issued.row.expiresAt.toISOString() },
        ip: clientIp(c, deps.config.TRUST_PROXY),
      });
      return c.json({ token: issued.token, apiToken: toApiTokenDto(issued.row) }, 201);
    })
    .delete("/:id", async (c) => {
      const id = readIdParam(c);
      const caller = callerOf(c);
      const revoked = await revokeApiToken(db, id, deps.clock.now());
      if (!revoked) {
        // Revoking twice is fine; revoking something that never existed is a mistake worth saying.
        if (await findApiToken(db, id)) return c.body(null, 204);
        throw new AppError("not_found", "no API token with this id", 404);
      }
      await recordAudit(db, {
        at: revoked.revokedAt ?? deps.clock.now(),
        ...auditActor(caller),
        action: "token.revoked",
        subjectType: "api_token",
        subjectId: id,
        details: { name: revoked.name, prefix: revoked.prefix },
        ip: clientIp(c, deps.config.TRUST_PROXY),
      });
      return c.body(null, 204);
    });
}
