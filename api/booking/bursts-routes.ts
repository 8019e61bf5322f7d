import { Hono } from "hono";
import { z } from "zod";
import { recordAudit } from "../../db/audit.ts";
import { cancelAppointment, type BookedAppointment } from "../../db/booking.ts";
import { contactExists, listBookingBursts, upcomingAppointmentIds } from "../../db/booking-bursts.ts";
import { AppError } from "../../lib/errors.ts";
import { readIdParam } from "../admin/id-param.ts";
import type { AppDeps } from "../deps.ts";
import { clientIp } from "../auth/client-ip.ts";
import type { AuthEnv } from "../auth/middleware.ts";
import { auditActor, authenticate, callerOf, requireRole } from "../auth/middleware.ts";
import { readJson, readQuery } from "../validate.ts";

const HOUR_MS = 60 * 60 * 1000;
const MAX_LISTED = 50;

const burstsQuery = z.strictObject({
  hours: z.coerce.number().int().min(1).max(24 * 31).default(24),
  min: z.coerce.number().int().min(2).max(1000).default(3),
});
const cancelBody = z.strictObject({ reason: z.string().trim().min(1).max(200).default("cancelled_by_staff") });

/**
 * `/api/v1/admin/bookings`: staff see who booked many meetings in a short time (a script
 * with one session, a person gone wild) and cancel all of one person's meetings to come
 * at once, which frees the advisors' time. Audited.
 */
export function bookingBurstsRoutes(deps: AppDeps) {
  const db = deps.database.db;
  return new Hono<AuthEnv>()
    .use(authenticate(deps), requireRole("staff", "admin"))
    .get("/bursts", async (c) => {
      const query = readQuery(c, burstsQuery);
      const now = deps.clock.now();
      const bursts = await listBookingBursts(db, { since: new Date(now.getTime() - query.hours * HOUR_MS), min: query.min, now, limit: MAX_LISTED });
      return c.json({
        hours: query.hours,
        min: query.min,
        people: bursts.map((burst) => ({ contactId: burst.contactId, firstName: burst.firstName, booked: burst.booked, upcoming: burst.upcoming.map(toBurstAppointmentDto) })),
      });
    })
    .post("/people/:id/cancel-upcoming", async (c) => {
      const contactId = readIdParam(c);
      const { reason } = await readJson(c, cancelBody);
      if (!(await contactExists(db, contactId))) throw new AppError("not_found", "no person with this id", 404);
      const caller = callerOf(c);
      const at = deps.clock.now();
      const cancelled = await db.transaction(async (tx) => {
        const ids = await upcomingAppointmentIds(tx, contactId, at);
        for (const id of ids) await cancelAppointment(tx, { appointmentId: id, reason, actor: { kind: "staff", id: caller.user.id }, at });
        await recordAudit(tx, {
          at,
          ...auditActor(caller),
          action: "appointments.cancelled_for_person",
          subjectType: "contact",
          subjectId: contactId,
          details: { count: ids.length, reason, appointmentIds: ids },
          ip: clientIp(c, deps.config.TRUST_PROXY),
        });
        return ids;
      });
      return c.json({ cancelled: cancelled.length, appointmentIds: cancelled });
    });
}

function toBurstAppointmentDto(appointment: BookedAppointment) {
  return {
    id: appointment.id,
    siteId: appointment.siteId,
    advisorId: appointment.advisorId,
    start: appointment.start.toISOString(),
    end: appointment.end.toISOString(),
    createdAt: appointment.createdAt.toISOString(),
  };
}
