import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { recordAudit } from "../../db/audit.ts";
import { addAvailabilityException, deleteAvailabilityException, getAdvisorAvailability, setAdvisorSites } from "../../db/availability.ts";
import type { Db } from "../../db/client.ts";
import { listSites } from "../../db/sites.ts";
import type { StaffUserRow } from "../../db/staff.ts";
import { findStaffUserById } from "../../db/staff.ts";
import { AppError } from "../../lib/errors.ts";
import { readIdParam } from "../admin/id-param.ts";
import type { AppDeps } from "../deps.ts";
import { clientIp } from "../auth/client-ip.ts";
import type { AuthEnv } from "../auth/middleware.ts";
import { auditActor, authenticate, callerOf, requireRole } from "../auth/middleware.ts";
import { validationError } from "../errors.ts";
import { readJson } from "../validate.ts";
import { toAdvisorSiteDto, toExceptionDto } from "./dto.ts";
import { availabilityBody, exceptionBody, fieldError } from "./schemas.ts";

const exceptionIdParam = z.object({ exceptionId: z.uuid() });

/**
 * `/api/v1/admin/advisors/:id/…`: staff and admins set where an advisor meets people,
 * with what settings and weekly hours, and the exceptions (leave, holidays, extra
 * openings). Slots are computed from these, never written by hand. Writes are audited.
 */
export function advisorAvailabilityRoutes(deps: AppDeps) {
  const db = deps.database.db;
  const audit = (c: Context<AuthEnv>, tx: Db, action: string, advisorId: string, details: Record<string, unknown>) =>
    recordAudit(tx, {
      at: deps.clock.now(),
      ...auditActor(callerOf(c)),
      action,
      subjectType: "staff_user",
      subjectId: advisorId,
      details,
      ip: clientIp(c, deps.config.TRUST_PROXY),
    });

  return new Hono<AuthEnv>()
    .use(authenticate(deps), requireRole("staff", "admin"))
    .get("/:id/availability", async (c) => {
      const advisor = await readAdvisor(db, c);
      return c.json(await availabilityDto(db, advisor));
    })
    .put("/:id/availability", async (c) => {
      const advisor = await readAdvisor(db, c);
      const body = await readJson(c, availabilityBody);
      await assertSitesExist(db, body.sites.map((site, index) => ({ siteId: site.siteId, field: `sites.${index}.siteId` })));
      await db.transaction(async (tx) => {
        await setAdvisorSites(tx, advisor.id, body.sites, deps.clock.now());
        await audit(c, tx, "advisor.availability_updated", advisor.id, { siteIds: body.sites.map((site) => site.siteId) });
      });
      return c.json(await availabilityDto(db, advisor));
    })
    .post("/:id/exceptions", async (c) => {
      const advisor = await readAdvisor(db, c);
      const body = await readJson(c, exceptionBody);
      if (body.siteId !== null) await assertSitesExist(db, [{ siteId: body.siteId, field: "siteId" }]);
      const row = await db.transaction(async (tx) => {
        const added = await addAvailabilityException(tx, advisor.id, body, deps.clock.now());
        await audit(c, tx, "advisor.exception_added", advisor.id, { exceptionId: added.id, date: added.date, kind: added.kind, siteId: added.siteId });
        return added;
      });
      return c.json({ exception: toExceptionDto(row) }, 201);
    })
    .delete("/:id/exceptions/:exceptionId", async (c) => {
      const advisor = await readAdvisor(db, c);
      const parsed = exceptionIdParam.safeParse({ exceptionId: c.req.param("exceptionId") });
      if (!parsed.success) throw validationError(parsed.error);
      const deleted = await db.transaction(async (tx) => {
        const row = await deleteAvailabilityException(tx, advisor.id, parsed.data.exceptionId);
        if (row) await audit(c, tx, "advisor.exception_deleted", advisor.id, { exceptionId: row.id, date: row.date, kind: row.kind });
        return row;
      });
      if (!deleted) throw new AppError("not_found", "this advisor has no exception with this id", 404);
      return c.json({ deleted: toExceptionDto(deleted) });
    });
}

/** The `:id` as a staff account with the advisor role: 404 for no account, 400 for another role. */
async function readAdvisor(db: Db, c: Context): Promise<StaffUserRow> {
  const user = await findStaffUserById(db, readIdParam(c));
  if (!user) throw new AppError("not_found", "no staff account with this id", 404);
  if (user.role !== "advisor") throw new AppError("not_an_advisor", `this account has the role ${user.role}, not advisor`, 400, { fields: [{ field: "id", message: "not an advisor" }] });
  return user;
}

async function assertSitesExist(db: Db, wanted: { siteId: string; field: string }[]): Promise<void> {
  if (wanted.length === 0) return;
  const known = new Set((await listSites(db, { includeArchived: true })).map((site) => site.id));
  const missing = wanted.find((entry) => !known.has(entry.siteId));
  if (missing) throw fieldError(missing.field, `no site with the id ${missing.siteId}`);
}

async function availabilityDto(db: Db, advisor: StaffUserRow) {
  const availability = await getAdvisorAvailability(db, advisor.id);
  return {
    advisor: { id: advisor.id, name: advisor.name, disabled: advisor.disabledAt !== null },
    sites: availability.sites.map(toAdvisorSiteDto),
    exceptions: availability.exceptions.map(toExceptionDto),
  };
}
