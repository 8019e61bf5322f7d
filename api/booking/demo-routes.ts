import { Hono } from "hono";
import { removeDemoData } from "../../bot/booking/demo.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthEnv } from "../auth/middleware.ts";
import { auditActor, authenticate, callerOf, requireRole } from "../auth/middleware.ts";

/**
 * `DELETE /api/v1/admin/demo-data`: admins remove the embedded mode's demo advisors (and
 * any demo site) with their appointments and reminders, for good: they are not created
 * again at the next start.
 */
export function adminDemoRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().use(authenticate(deps), requireRole("admin")).delete("/", async (c) => {
    const removed = await removeDemoData(deps.database.db, deps.clock.now(), auditActor(callerOf(c)));
    return c.json({ removed });
  });
}
