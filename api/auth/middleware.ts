import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AuditActorType } from "../../db/audit.ts";
import type { ApiTokenScope, StaffRole } from "../../db/schema/index.ts";
import type { StaffUserRow } from "../../db/staff.ts";
import { AppError } from "../../lib/errors.ts";
import type { AppDeps } from "../deps.ts";
import { resolveApiToken } from "./api-tokens.ts";
import { CSRF_HEADER, checkCsrf } from "./csrf.ts";
import { resolveSession } from "./sessions.ts";
import { tokenAllows } from "./token-scope.ts";

export const SESSION_COOKIE = "rafiq_session";
export const ALL_ROLES: readonly StaffRole[] = ["admin", "staff", "advisor"];

/** Who is calling: a logged-in person (session cookie) or an integration (bearer token). */
export type Caller =
  | { via: "session"; user: StaffUserRow; sessionHash: string }
  | { via: "token"; user: StaffUserRow; tokenId: string; scope: ApiTokenScope };

export type AuthEnv = { Variables: { caller: Caller | null } };

/** Resolves the caller, or null. A bearer header, when present, wins over the cookie. */
export async function resolveCaller(deps: AppDeps, c: Context): Promise<Caller | null> {
  const db = deps.database.db;
  const authorization = c.req.header("authorization");
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) return null;
    const found = await resolveApiToken(db, deps.clock, match[1]);
    return found ? { via: "token", user: found.user, tokenId: found.tokenId, scope: found.scope } : null;
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return null;
  const found = await resolveSession(db, deps.clock, cookie);
  return found ? { via: "session", user: found.user, sessionHash: found.tokenHash } : null;
}

/**
 * Sets `caller` (possibly null); pair it with requireRole to refuse anonymous calls. A
 * write with a session cookie must carry the session's CSRF token (403 otherwise).
 */
export function authenticate(deps: AppDeps): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const caller = await resolveCaller(deps, c);
    if (caller?.via === "session") checkCsrf(c.req.method, caller.sessionHash, c.req.header(CSRF_HEADER));
    if (caller?.via === "token" && !tokenAllows(caller.scope, c.req.method, c.req.path)) {
      throw new AppError("token_scope", `this API token's scope (${caller.scope}) does not allow ${c.req.method} ${c.req.path}`, 403);
    }
    c.set("caller", caller);
    await next();
  };
}

/** 401 without a valid session or token, 403 when the caller's role is not among `roles`. */
export function requireRole(...roles: StaffRole[]): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const caller = c.get("caller");
    if (!caller) throw new AppError("unauthorized", "log in or send a valid API token", 401);
    if (!roles.includes(caller.user.role)) {
      throw new AppError("forbidden", `this needs one of the roles: ${roles.join(", ")}`, 403);
    }
    await next();
  };
}

/** The authenticated caller inside a handler guarded by requireRole. */
export function callerOf(c: Context<AuthEnv>): Caller {
  const caller = c.get("caller");
  if (!caller) throw new AppError("unauthorized", "log in or send a valid API token", 401);
  return caller;
}

/** How the audit log names the caller: the person, or the token acting for them. */
export function auditActor(caller: Caller): { actorType: AuditActorType; actorId: string } {
  return caller.via === "token" ? { actorType: "token", actorId: caller.tokenId } : { actorType: "staff", actorId: caller.user.id };
}
