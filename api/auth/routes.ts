import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { recordAudit } from "../../db/audit.ts";
import { MAX_PASSWORD_LENGTH } from "../../lib/passwords.ts";
import type { AppDeps } from "../deps.ts";
import { errorBody } from "../errors.ts";
import { cookiesSecure } from "../security.ts";
import { readJson } from "../validate.ts";
import { clientIp } from "./client-ip.ts";
import { csrfTokenFor } from "./csrf.ts";
import { sha256Hex } from "./secrets.ts";
import { toSessionUserDto } from "./dto.ts";
import { login } from "./login.ts";
import type { AuthEnv } from "./middleware.ts";
import { ALL_ROLES, SESSION_COOKIE, authenticate, callerOf, requireRole } from "./middleware.ts";
import { endSession } from "./sessions.ts";

const loginBody = z.strictObject({
  // Not checked as an email here: a malformed one simply fails like any wrong login.
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

/** `POST /api/v1/auth/login`, `POST /api/v1/auth/logout`, `GET /api/v1/auth/session`, `GET /api/v1/me`. */
export function authRoutes(deps: AppDeps) {
  const { config } = deps;
  const secure = cookiesSecure(config);

  return new Hono<AuthEnv>()
    .post("/api/v1/auth/login", async (c) => {
      const input = await readJson(c, loginBody);
      const result = await login(
        { db: deps.database.db, clock: deps.clock, log: deps.log, sessionTtlHours: config.SESSION_TTL_HOURS },
        { ...input, ip: clientIp(c, config.TRUST_PROXY), userAgent: c.req.header("user-agent") ?? null },
      );
      if (result.kind === "throttled") {
        const message = "too many failed logins; wait before trying again";
        const body = errorBody("too_many_attempts", message, { retryAfterSeconds: result.retryAfterSeconds });
        return c.json(body, 429, { "Retry-After": String(result.retryAfterSeconds) });
      }
      if (result.kind === "invalid") {
        return c.json(errorBody("invalid_credentials", "wrong email or password"), 401);
      }
      setCookie(c, SESSION_COOKIE, result.session.token, {
        httpOnly: true,
        sameSite: "Lax",
        path: "/",
        secure,
        maxAge: config.SESSION_TTL_HOURS * 3600,
      });
      return c.json({ user: toSessionUserDto(result.user), csrfToken: csrfTokenFor(sha256Hex(result.session.token)) });
    })
    .post("/api/v1/auth/logout", authenticate(deps), async (c) => {
      // Idempotent: logging out twice, or with an expired cookie, still clears the cookie.
      const caller = c.get("caller");
      if (caller?.via === "session" && (await endSession(deps.database.db, caller.sessionHash))) {
        await recordAudit(deps.database.db, {
          at: deps.clock.now(),
          actorType: "staff",
          actorId: caller.user.id,
          action: "auth.logout",
          subjectType: "staff_user",
          subjectId: caller.user.id,
          ip: clientIp(c, config.TRUST_PROXY),
        });
      }
      deleteCookie(c, SESSION_COOKIE, { path: "/", secure, httpOnly: true, sameSite: "Lax" });
      return c.body(null, 204);
    })
    // For pages: who is logged in, if anyone — 200 either way, so a page that opens
    // logged out shows its login form without an error in the browser's console.
    .get("/api/v1/auth/session", authenticate(deps), (c) => {
      const caller = c.get("caller");
      c.header("Cache-Control", "no-store");
      if (caller?.via !== "session") return c.json({ user: null });
      return c.json({ user: toSessionUserDto(caller.user), csrfToken: csrfTokenFor(caller.sessionHash) });
    })
    .get("/api/v1/me", authenticate(deps), requireRole(...ALL_ROLES), (c) => {
      const caller = callerOf(c);
      return c.json({ user: toSessionUserDto(caller.user), via: caller.via, ...(caller.via === "session" ? { csrfToken: csrfTokenFor(caller.sessionHash) } : {}) });
    });
}
