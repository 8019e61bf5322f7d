import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reminderKey } from "../../bot/booking/reminders.ts";
import { setAdvisorSites } from "../../db/availability.ts";
import { cancelAppointment, createAppointment } from "../../db/booking.ts";
import { getJobByKey } from "../../db/jobs.ts";
import { recordEligibilityCheck } from "../../db/programs.ts";
import { auditLog } from "../../db/schema/index.ts";
import { addContact, addSite, minutes, settingsAt } from "../booking/booking-fixture.ts";
import type { TestStaff } from "./staff-helpers.ts";
import { addStaff, jsonRequest, loginCookie, openApi, requestAs } from "./staff-helpers.ts";

let api: Awaited<ReturnType<typeof openApi>>;
let advisorA: TestStaff;
let advisorB: TestStaff;
let cookieA: string;
let cookieB: string;
let staffCookie: string;
let siteId: string;
const NOW = new Date("2026-03-02T09:00:00Z");
/** Tuesday 3 March, 10:00 and 11:00 local (UTC+0 during Ramadan). */
const TEN = new Date("2026-03-03T10:00:00Z");
const ELEVEN = new Date("2026-03-03T11:00:00Z");
let appointmentA: string;
let appointmentB: string;
let contactId: string;

beforeAll(async () => {
  // Sessions last long enough for the clock to move to the meetings.
  api = await openApi({ SESSION_TTL_HOURS: "720" });
  const db = api.runtime.database.db;
  advisorA = await addStaff(api.runtime.database, "advisor", NOW);
  advisorB = await addStaff(api.runtime.database, "advisor", NOW);
  cookieA = await loginCookie(api.app, advisorA);
  cookieB = await loginCookie(api.app, advisorB);
  staffCookie = await loginCookie(api.app, await addStaff(api.runtime.database, "staff", NOW));
  siteId = (await addSite(db)).id;
  for (const advisor of [advisorA, advisorB]) await setAdvisorSites(db, advisor.id, [settingsAt(siteId)], NOW);
  contactId = await addContact(db, "Khadija", { language: "ar", profile: { age: 24, province: "khouribga" } });
  await recordEligibilityCheck(db, {
    contactId,
    channel: "web",
    lang: "ar",
    profile: { age: 24, province: "khouribga" },
    results: [{ programId: "minassati-khouribga", rulesVersion: 1, verdict: "eligible" }],
    at: NOW,
  });
  const book = async (advisorId: string, start: Date, who: string) => {
    const result = await createAppointment(db, { contactId: who, siteId, advisorId, start, end: minutes(start, 45), topic: "minassati-khouribga", actor: { kind: "contact", id: who }, at: NOW });
    if (!result.ok) throw new Error("not booked");
    return result.appointment.id;
  };
  appointmentA = await book(advisorA.id, TEN, contactId);
  appointmentB = await book(advisorB.id, ELEVEN, await addContact(db, "Omar"));
});
afterAll(() => api.close());

const call = (path: string, init: RequestInit = {}, cookie: string | null = cookieA) => requestAs(api.app, cookie, path, init);

const ids = (body: { appointments: { id: string }[] }) => body.appointments.map((appointment) => appointment.id);

describe("listing appointments", () => {
  it("shows an advisor their own week by default, with the person's profile and latest eligibility", async () => {
    const { status, body } = await call("/api/v1/appointments?advisor=me");
    expect(status).toBe(200);
    expect(body.from).toBe("2026-03-02T00:00:00.000Z");
    expect(ids(body)).toEqual([appointmentA]);
    expect(body.appointments[0]).toMatchObject({
      status: "confirmed",
      start: TEN.toISOString(),
      end: minutes(TEN, 45).toISOString(),
      topic: "minassati-khouribga",
      site: { id: siteId },
      advisor: { id: advisorA.id },
      contact: { id: contactId, firstName: "Khadija", language: "ar", profile: { age: 24, province: "khouribga" } },
      eligibility: { checkedAt: NOW.toISOString(), results: [{ programId: "minassati-khouribga", rulesVersion: 1, verdict: "eligible" }] },
      projectSheetUrl: null,
    });
    // Without the parameter, an advisor still sees only their own.
    expect(ids((await call("/api/v1/appointments")).body)).toEqual([appointmentA]);
  });

  it("refuses an advisor another advisor's list (403); staff see everyone's or one advisor's", async () => {
    expect((await call(`/api/v1/appointments?advisor=${advisorB.id}`)).status).toBe(403);
    const everyone = await call(`/api/v1/appointments?from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z`, {}, staffCookie);
    expect(ids(everyone.body)).toEqual(expect.arrayContaining([appointmentA, appointmentB]));
    const onlyB = await call(`/api/v1/appointments?advisor=${advisorB.id}`, {}, staffCookie);
    expect(ids(onlyB.body)).toEqual([appointmentB]);
  });

  it("filters by range and status, and shows cancelled ones with their reason", async () => {
    const db = api.runtime.database.db;
    const who = await addContact(db, "Nora");
    const start = new Date("2026-03-04T14:00:00Z");
    const booked = await createAppointment(db, { contactId: who, siteId, advisorId: advisorA.id, start, end: minutes(start, 45), topic: "project", actor: { kind: "contact", id: who }, at: NOW });
    if (!booked.ok) throw new Error("not booked");
    await cancelAppointment(db, { appointmentId: booked.appointment.id, reason: "malade", actor: { kind: "contact", id: who }, at: NOW });
    const day = "from=2026-03-04T00:00:00Z&to=2026-03-05T00:00:00Z";
    const all = await call(`/api/v1/appointments?${day}`);
    expect(all.body.appointments).toEqual([expect.objectContaining({ id: booked.appointment.id, status: "cancelled", cancelReason: "malade", changedBy: { kind: "contact", id: who } })]);
    expect((await call(`/api/v1/appointments?${day}&status=confirmed`)).body.appointments).toEqual([]);
  });

  it("refuses bad queries with 400 naming the field, and anonymous callers with 401", async () => {
    const cases: [string, string][] = [
      ["from=yesterday", "from"],
      ["advisor=someone", "advisor"],
      ["status=done", "status"],
      ["from=2026-03-01T00:00:00Z&to=2026-06-01T00:00:00Z", "to"],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await call(`/api/v1/appointments?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.details.fields[0].field, query).toBe(field);
    }
    expect((await call("/api/v1/appointments", {}, null)).status).toBe(401);
  });
});

describe("recording attended or no-show", () => {
  it("is refused before the meeting starts, to other advisors, and for bad input", async () => {
    const path = `/api/v1/appointments/${appointmentA}/status`;
    const early = await call(path, jsonRequest("POST", { status: "attended" }));
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("not_started");
    expect((await call(path, jsonRequest("POST", { status: "attended" }), cookieB)).status).toBe(403);
    const bad = await call(path, jsonRequest("POST", { status: "cancelled" }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe("status");
    expect((await call("/api/v1/appointments/00000000-0000-4000-8000-000000000000/status", jsonRequest("POST", { status: "attended" }))).status).toBe(404);
    expect((await call(path, jsonRequest("POST", { status: "attended" }), null)).status).toBe(401);
  });

  it("is recorded by the appointment's advisor once it started, withdraws reminders, and is audited", async () => {
    api.runtime.clock.set(minutes(TEN, 5));
    try {
      const path = `/api/v1/appointments/${appointmentA}/status`;
      const done = await call(path, jsonRequest("POST", { status: "attended" }));
      expect(done.status).toBe(200);
      expect(done.body.appointment).toMatchObject({ id: appointmentA, status: "attended", changedBy: { kind: "staff", id: advisorA.id }, contact: { firstName: "Khadija" } });
      expect((await getJobByKey(api.runtime.database.db, reminderKey("2h", appointmentA)))?.cancelledAt).toEqual(minutes(TEN, 5));
      const audited = await api.runtime.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectType, "appointment"), eq(auditLog.subjectId, appointmentA)));
      expect(audited.map((row) => [row.action, row.actorId])).toEqual([["appointment.attended", advisorA.id]]);

      // Staff may correct it.
      api.runtime.clock.set(ELEVEN);
      const corrected = await call(path, jsonRequest("POST", { status: "no_show" }), staffCookie);
      expect(corrected.body.appointment.status).toBe("no_show");
    } finally {
      api.runtime.clock.set(NOW);
    }
  });

  it("is refused on a cancelled appointment (409)", async () => {
    const db = api.runtime.database.db;
    const who = await addContact(db);
    const start = new Date("2026-03-02T11:00:00Z");
    const booked = await createAppointment(db, { contactId: who, siteId, advisorId: advisorA.id, start, end: minutes(start, 45), topic: "project", actor: { kind: "contact", id: who }, at: NOW });
    if (!booked.ok) throw new Error("not booked");
    await cancelAppointment(db, { appointmentId: booked.appointment.id, reason: null, actor: { kind: "contact", id: who }, at: NOW });
    api.runtime.clock.set(minutes(start, 60));
    try {
      const response = await call(`/api/v1/appointments/${booked.appointment.id}/status`, jsonRequest("POST", { status: "no_show" }));
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe("appointment_cancelled");
    } finally {
      api.runtime.clock.set(NOW);
    }
  });
});
