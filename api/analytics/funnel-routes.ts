import { Hono, type Context } from "hono";
import { z } from "zod";
import { fillWeeks, FUNNEL_STEPS, funnelCsv, funnelRange, rangeProblem, totalOf } from "../../bot/analytics/funnel.ts";
import { isLocalDate } from "../../bot/booking/local-time.ts";
import { readFunnel } from "../../db/funnel.ts";
import { readServiceStats } from "../../db/service-stats.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthEnv } from "../auth/middleware.ts";
import { authenticate, requireRole } from "../auth/middleware.ts";
import { fieldError } from "../booking/schemas.ts";
import { readQuery } from "../validate.ts";

const localDate = z.string().refine(isLocalDate, "a date YYYY-MM-DD");
const serviceQuery = z.strictObject({ from: localDate.optional(), to: localDate.optional() });
const funnelQuery = z.strictObject({
  from: localDate.optional(),
  to: localDate.optional(),
  groupBy: z.enum(["week", "site", "language", "channel"]).default("week"),
});

/**
 * `/api/v1/admin/funnel` (JSON) and `/api/v1/admin/funnel.csv`: how many conversations
 * that started in a range of local days reached each step, by week, site, language or
 * channel. Read from the pseudonymous event log only, so erasures change nothing.
 */
export function funnelRoutes(deps: AppDeps) {
  const db = deps.database.db;
  const load = async (c: Context<AuthEnv>) => {
    const query = readQuery(c, funnelQuery);
    const range = funnelRange(deps.clock.now(), query.from, query.to);
    const problem = rangeProblem(range.from, range.to);
    if (problem) throw fieldError("to", problem);
    const rows = await readFunnel(db, { from: range.start, to: range.end, groupBy: query.groupBy });
    const groups = query.groupBy === "week" ? fillWeeks(rows, range.from, range.to) : rows;
    return { from: range.from, to: range.to, groupBy: query.groupBy, groups };
  };
  // Mounted on /api/v1/admin beside other resources: the guard names its own paths only.
  const guard = [authenticate(deps), requireRole("staff", "admin")] as const;
  return new Hono<AuthEnv>()
    .use("/funnel", ...guard)
    .use("/funnel.csv", ...guard)
    .use("/service", ...guard)
    // Beside the funnel: how the team answers (resolved, first response, resolution, satisfaction) per advisor and site.
    .get("/service", async (c) => {
      const query = readQuery(c, serviceQuery);
      const range = funnelRange(deps.clock.now(), query.from, query.to);
      const problem = rangeProblem(range.from, range.to);
      if (problem) throw fieldError("to", problem);
      c.header("Cache-Control", "no-store");
      return c.json({ from: range.from, to: range.to, ...(await readServiceStats(db, { from: range.start, to: range.end })) });
    })
    .get("/funnel", async (c) => {
      const { groups, ...range } = await load(c);
      return c.json({ ...range, steps: FUNNEL_STEPS, total: totalOf(groups), groups });
    })
    .get("/funnel.csv", async (c) => {
      const { groups, groupBy, from, to } = await load(c);
      c.header("Content-Type", "text/csv; charset=utf-8");
      c.header("Content-Disposition", `attachment; filename="rafiq-funnel-${groupBy}-${from}-${to}.csv"`);
      return c.body(funnelCsv(groupBy, groups));
    });
}
