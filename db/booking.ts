import { and, asc, count, eq, gt, gte, inArray, lt, ne, sql } from "drizzle-orm";
import { addLocalDays, localDateOf, startOfLocalDay } from "../bot/booking/local-time.ts";
import { scheduleReminders, withdrawReminders } from "../bot/booking/reminders.ts";
import { DEFAULT_BOOKING_CAPS, type Appointment, type AppointmentStatus, type BookingCaps, type BusyInterval } from "../bot/booking/types.ts";
import type { Db } from "./client.ts";
import { advisorSites, appointmentEvents, appointments } from "./schema/index.ts";

export type AppointmentRow = typeof appointments.$inferSelect;

/** Who changes an appointment: the person (contact id), a staff user, or the system. */
export interface BookingActor {
  kind: "contact" | "staff" | "system";
  id: string | null;
}

/** The contract's Appointment plus its history links. */
export interface BookedAppointment extends Appointment {
  changedByKind: BookingActor["kind"];
  createdAt: Date;
  rescheduledFrom: string | null;
}

export interface NewAppointment {
  /** Chosen by the caller when a link to the appointment must be sent before it exists (the chat's calendar file). */
  id?: string;
  contactId: string;
  siteId: string;
  advisorId: string;
  start: Date;
  end: Date;
  topic: string;
  actor: BookingActor;
  at: Date;
  /** The person's cap; DEFAULT_BOOKING_CAPS when not given. */
  caps?: BookingCaps;
}

/**
 * `cap_reached`: the person already holds as many meetings to come as the cap allows (at
 * this site, or in all); `existing` is the one to offer moving (at this site when there is one).
 *
 * `slot_taken`: the advisor has a confirmed appointment overlapping it (the exclusion
 * constraint said so), or their day is full (daily cap) — either way the slot is no longer
 * free, and the person is offered others.
 */
export type BookingResult =
  | { ok: true; appointment: BookedAppointment }
  | { ok: false; reason: "slot_taken" }
  | { ok: false; reason: "cap_reached"; existing: BookedAppointment };
export type ChangeResult = { ok: true; appointment: BookedAppointment } | { ok: false; reason: "not_found" | "not_confirmed" };
export type RescheduleResult =
  | { ok: true; appointment: BookedAppointment; previous: BookedAppointment }
  | { ok: false; reason: "not_found" | "not_confirmed" | "slot_taken" }
  | { ok: false; reason: "cap_reached"; existing: BookedAppointment };
export type StatusResult = { ok: true; appointment: BookedAppointment } | { ok: false; reason: "not_found" | "not_started" | "cancelled" };

const EXCLUSION_VIOLATION = "23P01";
const DEADLOCK_DETECTED = "40P01";
const MAX_BOOKING_TRIES = 3;

export function toAppointment(row: AppointmentRow): BookedAppointment {
  return {
    id: row.id,
    contactId: row.contactId,
    siteId: row.siteId,
    advisorId: row.advisorId,
    start: row.startsAt,
    end: row.endsAt,
    topic: row.topic,
    status: row.status,
    cancelReason: row.cancelReason,
    changedBy: row.changedBy,
    changedAt: row.changedAt,
    changedByKind: row.changedByKind,
    createdAt: row.createdAt,
    rescheduledFrom: row.rescheduledFrom,
  };
}

/**
 * Books a confirmed appointment and queues its reminders. The database decides whether
 * the slot is free (exclusion constraint, SQLSTATE 23P01), inside a savepoint, so a
 * caller's transaction survives a `slot_taken`. Bookings for one advisor queue on an
 * advisory lock first: concurrent conflicting inserts would otherwise wait on each other
 * and end in deadlocks instead of a clean 23P01; under the lock the daily cap is checked
 * too (all sites together, local day in Africa/Casablanca).
 */
export async function createAppointment(db: Db, input: NewAppointment & { rescheduledFrom?: string }): Promise<BookingResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const row = await db.transaction(async (tx) => {
        // The person first, then the advisor: always in this order, so two bookings never wait on each other crosswise.
        await lockContactBookings(tx, input.contactId);
        const existing = await capReachedBy(tx, input);
        if (existing) return { capped: existing };
        await lockAdvisor(tx, input.advisorId);
        if (await dayIsFull(tx, input)) return null;
        const [inserted] = await tx
          .insert(appointments)
          .values({
            ...(input.id ? { id: input.id } : {}),
            contactId: input.contactId,
            siteId: input.siteId,
            advisorId: input.advisorId,
            startsAt: input.start,
            endsAt: input.end,
            topic: input.topic,
            status: "confirmed",
            changedByKind: input.actor.kind,
            changedBy: input.actor.id,
            changedAt: input.at,
            createdAt: input.at,
            rescheduledFrom: input.rescheduledFrom ?? null,
          })
          .returning();
        if (!inserted) throw new Error("appointment insert returned nothing");
        await recordEvent(tx, inserted.id, "confirmed", input.actor, input.at, input.rescheduledFrom ? "rescheduled" : null);
        await scheduleReminders(tx, { id: inserted.id, start: inserted.startsAt }, input.at);
        return inserted;
      });
      if (row && "capped" in row) return { ok: false, reason: "cap_reached", existing: toAppointment(row.capped) };
      return row ? { ok: true, appointment: toAppointment(row) } : { ok: false, reason: "slot_taken" };
    } catch (error) {
      const state = sqlState(error);
      if (state === EXCLUSION_VIOLATION) return { ok: false, reason: "slot_taken" };
      // Only without the advisory lock's protection (e.g. a raw insert elsewhere); retry.
      if (state === DEADLOCK_DETECTED && attempt < MAX_BOOKING_TRIES) continue;
      throw error;
    }
  }
}

/** Cancels a confirmed appointment (its slot is free at once) and withdraws its reminders. */
export async function cancelAppointment(
  db: Db,
  input: { appointmentId: string; contactId?: string; reason: string | null; actor: BookingActor; at: Date },
): Promise<ChangeResult> {
  return db.transaction(async (tx) => {
    const before = await lockAppointment(tx, input.appointmentId, input.contactId);
    if (!before) return { ok: false, reason: "not_found" };
    if (before.status !== "confirmed") return { ok: false, reason: "not_confirmed" };
    const row = await writeStatus(tx, before.id, "cancelled", input.actor, input.at, input.reason);
    await withdrawReminders(tx, before.id, input.at);
    return { ok: true, appointment: toAppointment(row) };
  });
}

/**
 * Moves a confirmed appointment to a new slot in one transaction: the old one is
 * cancelled (reason `rescheduled`, its reminders withdrawn), a new one booked with
 * `rescheduledFrom` pointing back. If the new slot is taken nothing changes at all.
 * The new slot may overlap the old one (moving by a quarter of an hour).
 */
export async function rescheduleAppointment(
  db: Db,
  input: { appointmentId: string; contactId?: string; newId?: string; start: Date; end: Date; advisorId?: string; siteId?: string; topic?: string; actor: BookingActor; at: Date },
): Promise<RescheduleResult> {
  try {
    return await db.transaction(async (tx) => {
      const before = await lockAppointment(tx, input.appointmentId, input.contactId);
      if (!before) return { ok: false, reason: "not_found" } as const;
      if (before.status !== "confirmed") return { ok: false, reason: "not_confirmed" } as const;
      const previous = await writeStatus(tx, before.id, "cancelled", input.actor, input.at, "rescheduled");
      await withdrawReminders(tx, before.id, input.at);
      const booked = await createAppointment(tx, {
        ...(input.newId ? { id: input.newId } : {}),
        contactId: before.contactId,
        siteId: input.siteId ?? before.siteId,
        advisorId: input.advisorId ?? before.advisorId,
        start: input.start,
        end: input.end,
        topic: input.topic ?? before.topic,
        actor: input.actor,
        at: input.at,
        rescheduledFrom: before.id,
      });
      if (!booked.ok) throw new NotBooked(booked);
      return { ok: true, appointment: booked.appointment, previous: toAppointment(previous) } as const;
    });
  } catch (error) {
    if (error instanceof NotBooked) return error.result;
    throw error;
  }
}

/**
 * Staff record what happened: `attended` or `no_show`, only once the meeting has started
 * (a correction between the two is allowed). Pending reminders are withdrawn.
 */
export async function setAppointmentStatus(
  db: Db,
  input: { appointmentId: string; status: "attended" | "no_show"; actor: BookingActor; at: Date },
): Promise<StatusResult> {
  return db.transaction(async (tx) => {
    const before = await lockAppointment(tx, input.appointmentId);
    if (!before) return { ok: false, reason: "not_found" };
    if (before.status === "cancelled") return { ok: false, reason: "cancelled" };
    if (before.startsAt.getTime() > input.at.getTime()) return { ok: false, reason: "not_started" };
    if (before.status === input.status) return { ok: true, appointment: toAppointment(before) };
    const row = await writeStatus(tx, before.id, input.status, input.actor, input.at, null);
    await withdrawReminders(tx, before.id, input.at);
    return { ok: true, appointment: toAppointment(row) };
  });
}

export async function getAppointment(db: Db, id: string): Promise<BookedAppointment | null> {
  const [row] = await db.select().from(appointments).where(eq(appointments.id, id)).limit(1);
  return row ? toAppointment(row) : null;
}

export interface AppointmentFilter {
  contactId?: string;
  advisorId?: string;
  siteId?: string;
  /** Appointments overlapping [from, to). */
  from?: Date;
  to?: Date;
  statuses?: readonly AppointmentStatus[];
}

/** By start time. */
export async function listAppointments(db: Db, filter: AppointmentFilter): Promise<BookedAppointment[]> {
  const rows = await db
    .select()
    .from(appointments)
    .where(
      and(
        filter.contactId !== undefined ? eq(appointments.contactId, filter.contactId) : undefined,
        filter.advisorId !== undefined ? eq(appointments.advisorId, filter.advisorId) : undefined,
        filter.siteId !== undefined ? eq(appointments.siteId, filter.siteId) : undefined,
        filter.from !== undefined ? gt(appointments.endsAt, filter.from) : undefined,
        filter.to !== undefined ? lt(appointments.startsAt, filter.to) : undefined,
        filter.statuses !== undefined ? inArray(appointments.status, [...filter.statuses]) : undefined,
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.id));
  return rows.map(toAppointment);
}

/** The person's confirmed appointments that have not ended yet ("my appointments"). */
export function appointmentsOfContact(db: Db, contactId: string, now: Date): Promise<BookedAppointment[]> {
  return listAppointments(db, { contactId, from: now, statuses: ["confirmed"] });
}

/**
 * Time the advisors are taken, at any site, overlapping [from, to). Meetings that took
 * place (attended, no-show) still count: they fill the day's cap.
 */
export async function busyIntervals(db: Db, advisorIds: readonly string[], from: Date, to: Date): Promise<BusyInterval[]> {
  if (advisorIds.length === 0) return [];
  const rows = await db
    .select({ advisorId: appointments.advisorId, start: appointments.startsAt, end: appointments.endsAt })
    .from(appointments)
    .where(
      and(
        inArray(appointments.advisorId, [...advisorIds]),
        ne(appointments.status, "cancelled"),
        gt(appointments.endsAt, from),
        lt(appointments.startsAt, to),
      ),
    )
    .orderBy(asc(appointments.startsAt));
  return rows;
}

/** Who changed the appointment's status, when and why, oldest first. */
export function listAppointmentEvents(db: Db, appointmentId: string) {
  return db.select().from(appointmentEvents).where(eq(appointmentEvents.appointmentId, appointmentId)).orderBy(asc(appointmentEvents.id));
}

/** Rolls a move back when its new slot could not be booked, carrying the reason out. */
class NotBooked extends Error {
  readonly result: Exclude<BookingResult, { ok: true }>;
  constructor(result: Exclude<BookingResult, { ok: true }>) {
    super(result.reason);
    this.result = result;
  }
}

async function lockAdvisor(tx: Db, advisorId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`booking:${advisorId}`}, 0))`);
}

async function lockContactBookings(tx: Db, contactId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`booking-contact:${contactId}`}, 0))`);
}

/**
 * The person's confirmed meetings that have not ended: null when one more fits the caps,
 * else the one to offer moving (at the same site first). A move's old meeting is already
 * cancelled in the same transaction, so it does not count.
 */
async function capReachedBy(tx: Db, input: NewAppointment): Promise<AppointmentRow | null> {
  const caps = input.caps ?? DEFAULT_BOOKING_CAPS;
  const upcoming = await tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.contactId, input.contactId), eq(appointments.status, "confirmed"), gt(appointments.endsAt, input.at)))
    .orderBy(asc(appointments.startsAt));
  const atSite = upcoming.filter((row) => row.siteId === input.siteId);
  if (atSite.length >= caps.perSite) return atSite[0] ?? upcoming[0] ?? null;
  if (upcoming.length >= caps.total) return upcoming[0] ?? null;
  return null;
}

/**
 * The advisor's cap at this site against their meetings that local day at all sites. The
 * local day's bounds come from the same time-zone rules as the slot engine (local-time.ts,
 * Node's ICU data), not from the database server's tzdata, which may be older: Morocco's
 * offset changed in 2026.
 */
async function dayIsFull(tx: Db, input: NewAppointment): Promise<boolean> {
  const [setting] = await tx
    .select({ dailyCap: advisorSites.dailyCap })
    .from(advisorSites)
    .where(and(eq(advisorSites.staffUserId, input.advisorId), eq(advisorSites.siteId, input.siteId)));
  if (!setting) return false;
  const day = localDateOf(input.start);
  const [row] = await tx
    .select({ n: count() })
    .from(appointments)
    .where(
      and(
        eq(appointments.advisorId, input.advisorId),
        ne(appointments.status, "cancelled"),
        gte(appointments.startsAt, startOfLocalDay(day)),
        lt(appointments.startsAt, startOfLocalDay(addLocalDays(day, 1))),
      ),
    );
  return (row?.n ?? 0) >= setting.dailyCap;
}

async function lockAppointment(tx: Db, id: string, contactId?: string): Promise<AppointmentRow | null> {
  const [row] = await tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.id, id), contactId !== undefined ? eq(appointments.contactId, contactId) : undefined))
    .for("update");
  return row ?? null;
}

async function writeStatus(tx: Db, id: string, status: AppointmentStatus, actor: BookingActor, at: Date, reason: string | null): Promise<AppointmentRow> {
  const [row] = await tx
    .update(appointments)
    .set({ status, changedByKind: actor.kind, changedBy: actor.id, changedAt: at, ...(status === "cancelled" ? { cancelReason: reason } : {}) })
    .where(eq(appointments.id, id))
    .returning();
  if (!row) throw new Error(`appointment ${id} vanished under its lock`);
  await recordEvent(tx, id, status, actor, at, reason);
  return row;
}

async function recordEvent(tx: Db, appointmentId: string, status: AppointmentStatus, actor: BookingActor, at: Date, reason: string | null) {
  await tx.insert(appointmentEvents).values({ appointmentId, status, actorKind: actor.kind, actorId: actor.id, reason, at });
}

/** The SQLSTATE of a database error, whether the driver's error or Drizzle's wrapper of it. */
export function sqlState(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current === "object" && "code" in current && typeof current.code === "string" && /^[0-9A-Z]{5}$/.test(current.code)) return current.code;
    current = typeof current === "object" && "cause" in current ? current.cause : null;
  }
  return null;
}
