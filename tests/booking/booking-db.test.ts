import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDateOf } from "../../bot/booking/local-time.ts";
import { reminderKey } from "../../bot/booking/reminders.ts";
import { addAvailabilityException, loadSchedules } from "../../db/availability.ts";
import {
  appointmentsOfContact,
  busyIntervals,
  cancelAppointment,
  createAppointment,
  getAppointment,
  listAppointmentEvents,
  listAppointments,
  rescheduleAppointment,
  setAppointmentStatus,
  sqlState,
} from "../../db/booking.ts";
import type { Database } from "../../db/client.ts";
import { getJobByKey } from "../../db/jobs.ts";
import { appointments, auditLog } from "../../db/schema/index.ts";
import { updateSite } from "../../db/sites.ts";
import { updateStaffUser } from "../../db/staff.ts";
import { isPglite, openTestDatabase } from "../helpers/database.ts";
import { addAdvisorAt, addContact, addSite, minutes } from "./booking-fixture.ts";

let database: Database;
const now = new Date("2026-03-02T09:00:00Z");
/** Thursday 5 March 2026, 10:00 in Casablanca (UTC+0 during Ramadan). */
const start = new Date("2026-03-05T10:00:00Z");
const end = minutes(start, 45);
const system = { kind: "system", id: null } as const;

beforeAll(async () => {
  // Enough connections for 20 bookings at once on PostgreSQL.
  database = await openTestDatabase(25);
});
afterAll(() => database.close());

async function fixture(settings = {}) {
  const site = await addSite(database.db);
  const advisorId = await addAdvisorAt(database.db, site.id, settings);
  return { siteId: site.id, advisorId };
}

function booking(base: { siteId: string; advisorId: string }, contactId: string, at = start, length = 45) {
  return { ...base, contactId, start: at, end: minutes(at, length), topic: "minassati-khouribga", actor: { kind: "contact" as const, id: contactId }, at: now };
}

describe("booking a slot", () => {
  it("confirms an appointment, records who booked it, and queues reminders 24 h and 2 h before", async () => {
    const base = await fixture();
    const contactId = await addContact(database.db);
    const result = await createAppointment(database.db, booking(base, contactId));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.appointment).toMatchObject({ status: "confirmed", start, end, changedByKind: "contact", changedBy: contactId, topic: "minassati-khouribga" });
    const day = await getJobByKey(database.db, reminderKey("24h", result.appointment.id));
    const twoHours = await getJobByKey(database.db, reminderKey("2h", result.appointment.id));
    expect(day).toMatchObject({ kind: "reminder", runAt: minutes(start, -24 * 60), payload: { appointmentId: result.appointment.id, which: "24h" } });
    expect(twoHours?.runAt).toEqual(minutes(start, -120));
    const events = await listAppointmentEvents(database.db, result.appointment.id);
    expect(events.map((event) => [event.status, event.actorKind, event.actorId])).toEqual([["confirmed", "contact", contactId]]);
  });

  it("keeps an id chosen by the caller (the chat sends a link to it in the same step), also when rescheduling", async () => {
    const base = await fixture();
    const contactId = await addContact(database.db);
    const id = randomUUID();
    const booked = await createAppointment(database.db, { ...booking(base, contactId), id });
    expect(booked.ok && booked.appointment.id).toBe(id);
    const newId = randomUUID();
    const later = minutes(start, 24 * 60);
    const moved = await rescheduleAppointment(database.db, { appointmentId: id, contactId, newId, start: later, end: minutes(later, 45), actor: system, at: now });
    expect(moved.ok && moved.appointment.id).toBe(newId);
    expect((await getAppointment(database.db, newId))?.rescheduledFrom).toBe(id);
  });

  it("skips a reminder whose time has passed (a meeting booked 3 hours ahead gets only the 2 h one)", async () => {
    const base = await fixture();
    const soon = minutes(now, 180);
    const result = await createAppointment(database.db, booking(base, await addContact(database.db), soon));
    if (!result.ok) throw new Error("not booked");
    expect(await getJobByKey(database.db, reminderKey("24h", result.appointment.id))).toBeNull();
    expect((await getJobByKey(database.db, reminderKey("2h", result.appointment.id)))?.runAt).toEqual(minutes(soon, -120));
  });

  it("refuses an overlapping slot of the same advisor with slot_taken, and allows back-to-back and other advisors", async () => {
    const base = await fixture();
    expect((await createAppointment(database.db, booking(base, await addContact(database.db)))).ok).toBe(true);
    const overlapping = await createAppointment(database.db, booking(base, await addContact(database.db), minutes(start, 30)));
    expect(overlapping).toEqual({ ok: false, reason: "slot_taken" });
    expect((await createAppointment(database.db, booking(base, await addContact(database.db), end))).ok).toBe(true);
    const other = await addAdvisorAt(database.db, base.siteId);
    expect((await createAppointment(database.db, booking({ ...base, advisorId: other }, await addContact(database.db)))).ok).toBe(true);
  });

  it("lets 20 people race for one slot: exactly one appointment, 19 slot_taken", async () => {
    const base = await fixture();
    const contacts = await Promise.all(Array.from({ length: 20 }, (_, index) => addContact(database.db, `Racer ${index}`)));
    const attempts = contacts.map((contactId) => () => createAppointment(database.db, booking(base, contactId)));
    // PGlite is one connection in this process: the same attempts, one after the other.
    const results = isPglite() ? await sequentially(attempts) : await Promise.all(attempts.map((attempt) => attempt()));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.reason === "slot_taken")).toHaveLength(19);
    const confirmed = await listAppointments(database.db, { advisorId: base.advisorId, statuses: ["confirmed"] });
    expect(confirmed).toHaveLength(1);
    const winner = results.find((result) => result.ok);
    expect(winner?.ok && winner.appointment.id).toBe(confirmed[0]?.id);
  });

  it("keeps the caller's transaction alive when its booking loses (savepoint)", async () => {
    const base = await fixture();
    await createAppointment(database.db, booking(base, await addContact(database.db)));
    const loser = await addContact(database.db);
    const outcome = await database.db.transaction(async (tx) => {
      const result = await createAppointment(tx, booking(base, loser));
      // The transaction can go on: this write commits.
      await tx.insert(auditLog).values({ actorType: "system", action: "test.after_slot_taken", subjectId: loser, at: now });
      return result;
    });
    expect(outcome).toEqual({ ok: false, reason: "slot_taken" });
    const logged = await database.db.select().from(auditLog).where(and(eq(auditLog.action, "test.after_slot_taken"), eq(auditLog.subjectId, loser)));
    expect(logged).toHaveLength(1);
  });

  it("counts the daily cap over all the advisor's meetings of the local day", async () => {
    const base = await fixture({ dailyCap: 2 });
    expect((await createAppointment(database.db, booking(base, await addContact(database.db), start))).ok).toBe(true);
    expect((await createAppointment(database.db, booking(base, await addContact(database.db), minutes(start, 60)))).ok).toBe(true);
    expect(await createAppointment(database.db, booking(base, await addContact(database.db), minutes(start, 120)))).toEqual({ ok: false, reason: "slot_taken" });
    // The next local day is free again.
    expect((await createAppointment(database.db, booking(base, await addContact(database.db), minutes(start, 24 * 60)))).ok).toBe(true);
  });
});

describe("the daily cap's local day", () => {
  it("is the slot engine's (Node's time-zone data), not the database server's", async () => {
    const base = await fixture({ dailyCap: 1 });
    // Late evening UTC: whether this is still the 23rd in Casablanca depends on the offset
    // rules (UTC+0 from September 2026 in current tz data; older data says UTC+1).
    const late = new Date("2026-11-23T23:30:00Z");
    const morning = new Date("2026-11-23T10:00:00Z");
    expect((await createAppointment(database.db, booking(base, await addContact(database.db), late))).ok).toBe(true);
    const second = await createAppointment(database.db, booking(base, await addContact(database.db), morning));
    expect(second.ok).toBe(localDateOf(late) !== localDateOf(morning));
  });
});

describe("the database itself refuses overlaps", () => {
  it("rejects a second overlapping confirmed row written with raw inserts (23P01), but not a cancelled one", async () => {
    const base = await fixture();
    const row = (contactId: string, status: "confirmed" | "cancelled", from: Date) => ({
      contactId,
      siteId: base.siteId,
      advisorId: base.advisorId,
      startsAt: from,
      endsAt: minutes(from, 45),
      topic: "project",
      status,
      changedByKind: "system" as const,
      changedAt: now,
    });
    await database.db.insert(appointments).values(row(await addContact(database.db), "confirmed", start));
    const error = await database.db
      .insert(appointments)
      .values(row(await addContact(database.db), "confirmed", minutes(start, 10)))
      .then(() => null, (caught: unknown) => caught);
    expect(sqlState(error)).toBe("23P01");
    await database.db.insert(appointments).values(row(await addContact(database.db), "cancelled", minutes(start, 10)));
    expect(await listAppointments(database.db, { advisorId: base.advisorId, statuses: ["confirmed"] })).toHaveLength(1);
  });
});

describe("cancelling and rescheduling", () => {
  it("cancel frees the slot at once, withdraws the reminders and records the reason", async () => {
    const base = await fixture();
    const contactId = await addContact(database.db);
    const booked = await createAppointment(database.db, booking(base, contactId));
    if (!booked.ok) throw new Error("not booked");
    const cancelled = await cancelAppointment(database.db, { appointmentId: booked.appointment.id, contactId, reason: "empêchement", actor: { kind: "contact", id: contactId }, at: now });
    expect(cancelled).toMatchObject({ ok: true, appointment: { status: "cancelled", cancelReason: "empêchement" } });
    expect((await getJobByKey(database.db, reminderKey("24h", booked.appointment.id)))?.cancelledAt).toEqual(now);
    expect((await getJobByKey(database.db, reminderKey("2h", booked.appointment.id)))?.cancelledAt).toEqual(now);
    expect((await createAppointment(database.db, booking(base, await addContact(database.db)))).ok).toBe(true);
    expect(await cancelAppointment(database.db, { appointmentId: booked.appointment.id, reason: null, actor: system, at: now })).toEqual({ ok: false, reason: "not_confirmed" });
  });

  it("does not let a person cancel someone else's appointment", async () => {
    const base = await fixture();
    const owner = await addContact(database.db);
    const booked = await createAppointment(database.db, booking(base, owner));
    if (!booked.ok) throw new Error("not booked");
    const stranger = await addContact(database.db);
    expect(await cancelAppointment(database.db, { appointmentId: booked.appointment.id, contactId: stranger, reason: null, actor: { kind: "contact", id: stranger }, at: now })).toEqual({ ok: false, reason: "not_found" });
    expect((await getAppointment(database.db, booked.appointment.id))?.status).toBe("confirmed");
  });

  it("reschedule frees the old slot, links the new appointment to it and moves the reminders", async () => {
    const base = await fixture();
    const contactId = await addContact(database.db);
    const booked = await createAppointment(database.db, booking(base, contactId));
    if (!booked.ok) throw new Error("not booked");
    const later = minutes(start, 24 * 60);
    const moved = await rescheduleAppointment(database.db, { appointmentId: booked.appointment.id, contactId, start: later, end: minutes(later, 45), actor: { kind: "contact", id: contactId }, at: now });
    if (!moved.ok) throw new Error(`not moved: ${moved.reason}`);
    expect(moved.previous).toMatchObject({ id: booked.appointment.id, status: "cancelled", cancelReason: "rescheduled" });
    expect(moved.appointment).toMatchObject({ status: "confirmed", start: later, rescheduledFrom: booked.appointment.id, topic: "minassati-khouribga" });
    expect((await getJobByKey(database.db, reminderKey("24h", booked.appointment.id)))?.cancelledAt).toEqual(now);
    expect((await getJobByKey(database.db, reminderKey("24h", moved.appointment.id)))?.runAt).toEqual(minutes(later, -24 * 60));
    // The old slot is free for someone else.
    expect((await createAppointment(database.db, booking(base, await addContact(database.db)))).ok).toBe(true);
    expect((await appointmentsOfContact(database.db, contactId, now)).map((appointment) => appointment.id)).toEqual([moved.appointment.id]);
  });

  it("may move a meeting by a quarter of an hour (overlapping its own old slot)", async () => {
    const base = await fixture();
    const contactId = await addContact(database.db);
    const booked = await createAppointment(database.db, booking(base, contactId));
    if (!booked.ok) throw new Error("not booked");
    const shifted = minutes(start, 15);
    const moved = await rescheduleAppointment(database.db, { appointmentId: booked.appointment.id, start: shifted, end: minutes(shifted, 45), actor: system, at: now });
    expect(moved.ok).toBe(true);
  });

  it("changes nothing when the new slot is taken", async () => {
    const base = await fixture();
    const contactId = await addContact(database.db);
    const booked = await createAppointment(database.db, booking(base, contactId));
    const later = minutes(start, 120);
    const blocker = await createAppointment(database.db, booking(base, await addContact(database.db), later));
    if (!booked.ok || !blocker.ok) throw new Error("not booked");
    const moved = await rescheduleAppointment(database.db, { appointmentId: booked.appointment.id, start: later, end: minutes(later, 45), actor: { kind: "contact", id: contactId }, at: now });
    expect(moved).toEqual({ ok: false, reason: "slot_taken" });
    expect((await getAppointment(database.db, booked.appointment.id))?.status).toBe("confirmed");
    expect((await getJobByKey(database.db, reminderKey("24h", booked.appointment.id)))?.cancelledAt).toBeNull();
    expect(await listAppointmentEvents(database.db, booked.appointment.id)).toHaveLength(1);
  });
});

describe("what happened at the meeting", () => {
  it("is recorded only once the meeting has started, withdraws reminders, and never on a cancelled one", async () => {
    const base = await fixture();
    const booked = await createAppointment(database.db, booking(base, await addContact(database.db)));
    if (!booked.ok) throw new Error("not booked");
    const staff = { kind: "staff" as const, id: base.advisorId };
    const id = booked.appointment.id;
    expect(await setAppointmentStatus(database.db, { appointmentId: id, status: "attended", actor: staff, at: minutes(start, -1) })).toEqual({ ok: false, reason: "not_started" });
    const attended = await setAppointmentStatus(database.db, { appointmentId: id, status: "attended", actor: staff, at: start });
    expect(attended).toMatchObject({ ok: true, appointment: { status: "attended", changedByKind: "staff", changedBy: base.advisorId } });
    expect((await getJobByKey(database.db, reminderKey("2h", id)))?.cancelledAt).toEqual(start);
    // A correction is allowed.
    expect(await setAppointmentStatus(database.db, { appointmentId: id, status: "no_show", actor: staff, at: end })).toMatchObject({ ok: true, appointment: { status: "no_show" } });
    expect((await listAppointmentEvents(database.db, id)).map((event) => event.status)).toEqual(["confirmed", "attended", "no_show"]);

    const other = await createAppointment(database.db, booking(base, await addContact(database.db), minutes(start, 120)));
    if (!other.ok) throw new Error("not booked");
    await cancelAppointment(database.db, { appointmentId: other.appointment.id, reason: null, actor: system, at: now });
    expect(await setAppointmentStatus(database.db, { appointmentId: other.appointment.id, status: "attended", actor: staff, at: minutes(start, 200) })).toEqual({ ok: false, reason: "cancelled" });
  });
});

describe("schedules and busy time", () => {
  it("loads each advisor's schedule at a site with that site's and all-site exceptions, without disabled advisors or archived sites", async () => {
    const base = await fixture({ meetingMinutes: 30, dailyCap: 3 });
    const elsewhere = await addSite(database.db);
    await addAvailabilityException(database.db, base.advisorId, { siteId: base.siteId, date: "2026-03-06", kind: "off" }, now);
    await addAvailabilityException(database.db, base.advisorId, { siteId: null, date: "2026-03-09", kind: "off", start: "09:00", end: "10:00" }, now);
    await addAvailabilityException(database.db, base.advisorId, { siteId: elsewhere.id, date: "2026-03-10", kind: "extra", start: "18:00", end: "19:00" }, now);
    const disabled = await addAdvisorAt(database.db, base.siteId);
    await updateStaffUser(database.db, disabled, { disabledAt: now }, now);

    const schedules = await loadSchedules(database.db, { siteId: base.siteId });
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ advisorId: base.advisorId, siteId: base.siteId, meetingMinutes: 30, dailyCap: 3, bufferMinutes: 15, minNoticeMinutes: 120, horizonDays: 21 });
    expect(schedules[0]?.exceptions).toEqual([
      { date: "2026-03-06", kind: "off" },
      { date: "2026-03-09", kind: "off", start: "09:00", end: "10:00" },
    ]);
    expect((await loadSchedules(database.db, { siteId: base.siteId, since: "2026-03-07" }))[0]?.exceptions).toHaveLength(1);

    await updateSite(database.db, base.siteId, { archived: true }, { actor: { actorType: "system", actorId: null }, at: now });
    expect(await loadSchedules(database.db, { siteId: base.siteId })).toEqual([]);
  });

  it("busy intervals are the advisor's meetings at any site that are not cancelled", async () => {
    const base = await fixture();
    const a = await createAppointment(database.db, booking(base, await addContact(database.db)));
    const b = await createAppointment(database.db, booking(base, await addContact(database.db), minutes(start, 120)));
    if (!a.ok || !b.ok) throw new Error("not booked");
    await cancelAppointment(database.db, { appointmentId: b.appointment.id, reason: null, actor: system, at: now });
    const busy = await busyIntervals(database.db, [base.advisorId], minutes(start, -60), minutes(start, 600));
    expect(busy).toEqual([{ advisorId: base.advisorId, start, end }]);
    expect(await busyIntervals(database.db, [base.advisorId], end, minutes(end, 60))).toEqual([]);
  });
});

async function sequentially<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  for (const task of tasks) results.push(await task());
  return results;
}
