import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppointment } from "../../db/booking.ts";
import { appointments, auditLog } from "../../db/schema/index.ts";
import { addAdvisorAt, addContact, addSite, minutes } from "../booking/booking-fixture.ts";
import { addStaff, jsonOf, jsonRequest, loginCookie, openApi, sessionHeaders } from "./staff-helpers.ts";

let api: Awaited<ReturnType<typeof openApi>>;
beforeAll(async () => {
  api = await openApi();
});
afterAll(() => api.close());

describe("a burst of bookings from one person", () => {
  it("shows in the staff list with the meetings to come, and staff cancel them all at once (audited, slots free)", async () => {
    const db = api.runtime.database.db;
    const at = api.runtime.clock.now();
    const site = await addSite(db);
    const advisorId = await addAdvisorAt(db, site.id);
    const burster = await addContact(db);
    const calm = await addContact(db);
    const thursday = new Date("2026-03-05T09:00:00Z");
    // Booked before the cap existed (or with a raised one): six meetings in a minute.
    for (let i = 0; i < 6; i += 1) {
      const result = await createAppointment(db, { contactId: burster, siteId: site.id, advisorId, start: minutes(thursday, 60 * i), end: minutes(thursday, 60 * i + 45), topic: "general", actor: { kind: "contact", id: burster }, at, caps: { perSite: 10, total: 10 } });
      expect(result.ok).toBe(true);
    }
    await createAppointment(db, { contactId: calm, siteId: site.id, advisorId, start: minutes(thursday, 24 * 60), end: minutes(thursday, 24 * 60 + 45), topic: "general", actor: { kind: "contact", id: calm }, at });

    const staff = await addStaff(api.runtime.database, "staff", at);
    const cookie = await loginCookie(api.app, staff);
    const list = await jsonOf(await api.app.request("/api/v1/admin/bookings/bursts?hours=1&min=3", { headers: { cookie } }));
    const found = list.people.find((person: { contactId: string }) => person.contactId === burster);
    expect(found).toMatchObject({ booked: 6 });
    expect(found.upcoming).toHaveLength(6);
    expect(list.people.some((person: { contactId: string }) => person.contactId === calm)).toBe(false);

    const cancelled = await api.app.request(`/api/v1/admin/bookings/people/${burster}/cancel-upcoming`, jsonRequest("POST", {}, sessionHeaders(cookie)));
    expect(cancelled.status).toBe(200);
    expect(await jsonOf(cancelled)).toMatchObject({ cancelled: 6 });
    const left = await db.select().from(appointments).where(and(eq(appointments.contactId, burster), eq(appointments.status, "confirmed")));
    expect(left).toHaveLength(0);
    const calmLeft = await db.select().from(appointments).where(and(eq(appointments.contactId, calm), eq(appointments.status, "confirmed")));
    expect(calmLeft).toHaveLength(1);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.subjectId, burster), eq(auditLog.action, "appointments.cancelled_for_person")));
    expect(audit).toHaveLength(1);
  });

  it("is for staff and admins only", async () => {
    const advisor = await addStaff(api.runtime.database, "advisor", api.runtime.clock.now());
    const cookie = await loginCookie(api.app, advisor);
    expect((await api.app.request("/api/v1/admin/bookings/bursts", { headers: { cookie } })).status).toBe(403);
    expect((await api.app.request("/api/v1/admin/bookings/bursts")).status).toBe(401);
  });
});
