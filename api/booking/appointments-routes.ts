import { Hono } from "hono";
import { z } from "zod";
import { localDateOf, startOfLocalDay } from "../../bot/booking/local-time.ts";
import { APPOINTMENT_STATUSES } from "../../bot/booking/types.ts";
import { recordAttended } from "../../bot/analytics/milestones.ts";
import { listAgenda } from "../../db/agenda.ts";
import { recordAudit } from "../../db/audit.ts";
import { getAppointment, setAppointmentStatus } from "../../db/booking.ts";
import { AppError } from "../../lib/errors.ts";
import { readIdParam } from "../admin/id-param.ts";
import type { AppDeps } from "../deps.ts";
import { clientIp } from "../auth/client-ip.ts";
import type { AuthEnv, Caller } from "../auth/middleware.ts";
import { auditActor, authenticate, callerOf, requireRole } from "../auth/middleware.ts";
import { readJson, readQuery } from "../validate.ts";
import { publicUrlOf } from "../../lib/runtime.ts";
import { toAgendaDto } from "./dto.ts";
import { fieldError, rangeQuery } from "./schemas.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_DAYS = 7;
const MAX_DAYS = 62;

const listQuery = rangeQuery({
  advisor: z.union([z.literal("me"), z.uuid()], "me, or an advisor's id").optional(),
  status: z.enum(APPOINTMENT_STATUSES).optional(),
});
const statusBody = z.strictObject({ status: z.enum(["attended", "no_show"]) });

/**
 * `/api/v1/appointments`: advisors see their own day and week (with each person's
 * profile and latest eligibility results) and record who came; staff and admins see
 * everyone's.
 */
export function appointmentsRoutes(deps: AppDeps) {
  const db = deps.database.db;
  return new Hono<AuthEnv>()
    .use(authenticate(deps), requireRole("advisor", "staff", "admin"))
    .get("/", async (c) => {
      const caller = callerOf(c);
      const query = readQuery(c, listQuery);
      const advisorId = advisorFilter(caller, query.advisor);
      // By default: from the start of today (local), a week.
      const from = query.from ?? startOfLocalDay(localDateOf(deps.clock.now()));
      const to = query.to ?? new Date(from.getTime() + DEFAULT_DAYS * DAY_MS);
      if (to.getTime() <= from.getTime()) throw fieldError("to", "must be after from");
      if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) throw fieldError("to", `at most ${MAX_DAYS} days after from`);
      const entries = await listAgenda(db, {
        ...(advisorId !== null ? { advisorId } : {}),
        from,
        to,
        ...(query.status ? { statuses: [query.status] } : {}),
      });
      return c.json({ from: from.toISOString(), to: to.toISOString(), advisorId, appointments: entries.map((entry) => toAgendaDto(entry, publicUrlOf(deps.config))) });
    })
    .post("/:id/status", async (c) => {
      const caller = callerOf(c);
      const id = readIdParam(c);
      const { status } = await readJson(c, statusBody);
      const appointment = await getAppointment(db, id);
      if (!appointment) throw new AppError("not_found", "no appointment with this id", 404);
      if (caller.user.role === "advisor" && appointment.advisorId !== caller.user.id) {
        throw new AppError("forbidden", "advisors record only their own appointments", 403);
      }
      const at = deps.clock.now();
      const result = await db.transaction(async (tx) => {
        const changed = await setAppointmentStatus(tx, { appointmentId: id, status, actor: { kind: "staff", id: caller.user.id }, at });
        if (changed.ok && status === "attended") await recordAttended(tx, appointment, { kind: "staff", id: caller.user.id }, at);
        if (changed.ok && appointment.status !== status) {
          await recordAudit(tx, {
            at,
            ...auditActor(caller),
            action: `appointment.${status}`,
            subjectType: "appointment",
            subjectId: id,
            details: { from: appointment.status, to: status },
            ip: clientIp(c, deps.config.TRUST_PROXY),
          });
        }
        return changed;
      });
      if (!result.ok) {
        if (result.reason === "not_found") throw new AppError("not_found", "no appointment with this id", 404);
        if (result.reason === "not_started") throw new AppError("not_started", "the meeting has not started yet", 409);
        throw new AppError("appointment_cancelled", "this appointment was cancelled", 409);
      }
      const [entry] = await listAgenda(db, { appointmentId: id });
      if (!entry) throw new AppError("not_found", "no appointment with this id", 404);
      return c.json({ appointment: toAgendaDto(entry, publicUrlOf(deps.config)) });
    });
}

/** Whose appointments: an advisor only their own; staff and admins anyone's, or everyone's (null). */
function advisorFilter(caller: Caller, advisor: string | undefined): string | null {
  const own = caller.user.id;
  if (caller.user.role === "advisor") {
    if (advisor !== undefined && advisor !== "me" && advisor !== own) {
      throw new AppError("forbidden", "advisors see only their own appointments (advisor=me)", 403);
    }
    return own;
  }
  if (advisor === "me") return own;
  return advisor ?? null;
}
