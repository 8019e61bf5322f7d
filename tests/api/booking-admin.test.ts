import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema/index.ts";
import { addSite, addStaffUser, sampleSite } from "../booking/booking-fixture.ts";
import { addStaff, jsonRequest, loginCookie, openApi, requestAs } from "./staff-helpers.ts";

let api: Awaited<ReturnType<typeof openApi>>;
let staffCookie: string;
let advisorCookie: string;
let adminCookie: string;
beforeAll(async () => {
  api = await openApi();
  const at = api.runtime.clock.now();
  staffCookie = await loginCookie(api.app, await addStaff(api.runtime.database, "staff", at));
  advisorCookie = await loginCookie(api.app, await addStaff(api.runtime.database, "advisor", at));
  adminCookie = await loginCookie(api.app, await addStaff(api.runtime.database, "admin", at));
});
afterAll(() => api.close());

const call = (path: string, init: RequestInit = {}, cookie: string | null = staffCookie) => requestAs(api.app, cookie, path, init);

const firstField = (body: { error: { details: { fields: { field: string }[] } } }) => body.error.details.fields[0]?.field;
const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "12:00" }));
const setting = (siteId: string, overrides: Record<string, unknown> = {}) => ({
  siteId,
  meetingMinutes: 30,
  bufferMinutes: 0,
  minNoticeMinutes: 60,
  horizonDays: 14,
  dailyCap: 6,
  weekly: weekdays,
  ...overrides,
});

describe("who may manage sites and availability", () => {
  it("refuses without a session (401) and to advisors (403); admins may", async () => {
    const advisorId = await addStaffUser(api.runtime.database.db, "advisor");
    const attempts: [string, RequestInit][] = [
      ["/api/v1/admin/sites", {}],
      ["/api/v1/admin/sites", jsonRequest("POST", sampleSite())],
      ["/api/v1/admin/sites/minassati-khouribga", jsonRequest("PATCH", { phone: null })],
      [`/api/v1/admin/advisors/${advisorId}/availability`, {}],
      [`/api/v1/admin/advisors/${advisorId}/availability`, jsonRequest("PUT", { sites: [] })],
      [`/api/v1/admin/advisors/${advisorId}/exceptions`, jsonRequest("POST", { date: "2026-03-10", kind: "off" })],
      [`/api/v1/admin/advisors/${advisorId}/exceptions/${advisorId}`, { method: "DELETE" }],
      ["/api/v1/admin/demo-data", { method: "DELETE" }],
    ];
    for (const [path, init] of attempts) {
      expect((await call(path, init, null)).status, `${init.method ?? "GET"} ${path}`).toBe(401);
      expect((await call(path, init, advisorCookie)).status, `${init.method ?? "GET"} ${path}`).toBe(403);
    }
    expect((await call("/api/v1/admin/sites", {}, adminCookie)).status).toBe(200);
    // Removing demo data is for admins only.
    expect((await call("/api/v1/admin/demo-data", { method: "DELETE" })).status).toBe(403);
  });
});

describe("managing sites", () => {
  it("creates a site (409 for the same id again), edits it and archives it out of the public list", async () => {
    const site = sampleSite();
    const created = await call("/api/v1/admin/sites", jsonRequest("POST", site));
    expect(created.status).toBe(201);
    expect(created.body.site).toMatchObject({ id: site.id, province: "khouribga", archived: false, demo: false });
    expect((await call("/api/v1/admin/sites", jsonRequest("POST", site))).status).toBe(409);

    const edited = await call(`/api/v1/admin/sites/${site.id}`, jsonRequest("PATCH", { phone: "+212 5 23 00 00 00", programIds: [] }));
    expect(edited.status).toBe(200);
    expect(edited.body.site).toMatchObject({ phone: "+212 5 23 00 00 00", programIds: [], name: site.name });
    expect((await call(`/api/v1/sites/${site.id}?lang=fr`, {}, null)).body.site.phone).toBe("+212 5 23 00 00 00");

    expect((await call(`/api/v1/admin/sites/${site.id}`, jsonRequest("PATCH", { archived: true }))).body.site.archived).toBe(true);
    expect((await call(`/api/v1/sites/${site.id}`, {}, null)).status).toBe(404);
    const all = await call("/api/v1/admin/sites");
    expect(all.body.sites.find((row: { id: string }) => row.id === site.id)?.archived).toBe(true);
    const audited = await api.runtime.database.db.select().from(auditLog).where(and(eq(auditLog.subjectType, "site"), eq(auditLog.subjectId, site.id)));
    expect(audited.map((row) => row.action)).toEqual(["site.created", "site.updated", "site.updated"]);
  });

  it("refuses bad sites with 400 naming the field, and unknown ones with 404", async () => {
    const cases: [unknown, string][] = [
      [{ ...sampleSite(), province: "atlantis" }, "province"],
      [{ ...sampleSite(), id: "Not a slug" }, "id"],
      [{ ...sampleSite(), phone: "call us" }, "phone"],
      [{ ...sampleSite(), name: { fr: "Seulement en français" } }, "name.ar"],
    ];
    for (const [body, field] of cases) {
      const response = await call("/api/v1/admin/sites", jsonRequest("POST", body));
      expect(response.status, field).toBe(400);
      expect(firstField(response.body), field).toBe(field);
    }
    expect((await call("/api/v1/admin/sites/minassati-khouribga", jsonRequest("PATCH", {}))).status).toBe(400);
    expect((await call("/api/v1/admin/sites/no-such-site", jsonRequest("PATCH", { phone: null }))).status).toBe(404);
    expect((await call("/api/v1/admin/sites", jsonRequest("POST", "{not json"))).status).toBe(400);
  });
});

describe("an advisor's availability", () => {
  it("is set for the advisor's sites, shows in the public slots, and is audited", async () => {
    const db = api.runtime.database.db;
    const site = await addSite(db);
    const advisorId = await addStaffUser(db, "advisor", "Salma Conseillère");
    const path = `/api/v1/admin/advisors/${advisorId}/availability`;
    expect((await call(path)).body).toMatchObject({ advisor: { id: advisorId, name: "Salma Conseillère" }, sites: [], exceptions: [] });
    expect((await call(`/api/v1/sites/${site.id}/slots`, {}, null)).body.slots).toEqual([]);

    const put = await call(path, jsonRequest("PUT", { sites: [setting(site.id)] }));
    expect(put.status).toBe(200);
    expect(put.body.sites).toEqual([expect.objectContaining(setting(site.id))]);
    const slots = (await call(`/api/v1/sites/${site.id}/slots?from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z`, {}, null)).body.slots;
    expect(slots.map((slot: { start: string }) => slot.start.slice(11, 16))).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]);

    // Replacing with an empty list removes the advisor from the site.
    expect((await call(path, jsonRequest("PUT", { sites: [] }))).body.sites).toEqual([]);
    expect((await call(`/api/v1/sites/${site.id}/slots`, {}, null)).body.slots).toEqual([]);
    const audited = await db.select().from(auditLog).where(and(eq(auditLog.action, "advisor.availability_updated"), eq(auditLog.subjectId, advisorId)));
    expect(audited).toHaveLength(2);
  });

  it("refuses bad settings with 400 naming the field", async () => {
    const db = api.runtime.database.db;
    const site = await addSite(db);
    const advisorId = await addStaffUser(db, "advisor");
    const path = `/api/v1/admin/advisors/${advisorId}/availability`;
    const cases: [unknown, string][] = [
      [{ sites: [setting(site.id, { weekly: [{ weekday: 1, start: "9h", end: "12:00" }] })] }, "sites.0.weekly.0.start"],
      [{ sites: [setting(site.id, { weekly: [{ weekday: 1, start: "12:00", end: "09:00" }] })] }, "sites.0.weekly.0.end"],
      [{ sites: [setting(site.id, { weekly: [{ weekday: 8, start: "09:00", end: "12:00" }] })] }, "sites.0.weekly.0.weekday"],
      [{ sites: [setting(site.id, { weekly: [{ weekday: 1, start: "09:00", end: "12:00" }, { weekday: 1, start: "11:00", end: "13:00" }] })] }, "sites.0.weekly.1"],
      [{ sites: [setting(site.id, { meetingMinutes: 0 })] }, "sites.0.meetingMinutes"],
      [{ sites: [setting(site.id, { dailyCap: 2.5 })] }, "sites.0.dailyCap"],
      [{ sites: [setting(site.id, { horizonDays: 1000 })] }, "sites.0.horizonDays"],
      [{ sites: [setting(site.id), setting(site.id)] }, "sites.1.siteId"],
      [{ sites: [setting("no-such-site")] }, "sites.0.siteId"],
      [{ sites: "all" }, "sites"],
    ];
    for (const [body, field] of cases) {
      const response = await call(path, jsonRequest("PUT", body));
      expect(response.status, field).toBe(400);
      expect(firstField(response.body), field).toBe(field);
    }
    // A window may end at midnight.
    const midnight = await call(path, jsonRequest("PUT", { sites: [setting(site.id, { weekly: [{ weekday: 6, start: "20:00", end: "24:00" }] })] }));
    expect(midnight.status).toBe(200);
  });

  it("is only for staff accounts with the advisor role", async () => {
    const staffId = await addStaffUser(api.runtime.database.db, "staff");
    const notAdvisor = await call(`/api/v1/admin/advisors/${staffId}/availability`);
    expect(notAdvisor.status).toBe(400);
    expect(notAdvisor.body.error.code).toBe("not_an_advisor");
    expect((await call("/api/v1/admin/advisors/00000000-0000-4000-8000-000000000000/availability")).status).toBe(404);
    const badId = await call("/api/v1/admin/advisors/42/availability");
    expect(badId.status).toBe(400);
    expect(firstField(badId.body)).toBe("id");
  });

  it("takes exceptions: a day off removes that day's slots, deleting it brings them back", async () => {
    const db = api.runtime.database.db;
    const site = await addSite(db);
    const advisorId = await addStaffUser(db, "advisor");
    await call(`/api/v1/admin/advisors/${advisorId}/availability`, jsonRequest("PUT", { sites: [setting(site.id)] }));
    const day = `/api/v1/sites/${site.id}/slots?from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z`;
    expect((await call(day, {}, null)).body.slots).toHaveLength(6);

    const off = await call(`/api/v1/admin/advisors/${advisorId}/exceptions`, jsonRequest("POST", { date: "2026-03-03", kind: "off", note: "Congé" }));
    expect(off.status).toBe(201);
    expect(off.body.exception).toMatchObject({ siteId: null, date: "2026-03-03", kind: "off", start: null, end: null, note: "Congé" });
    expect((await call(day, {}, null)).body.slots).toEqual([]);

    const extra = await call(`/api/v1/admin/advisors/${advisorId}/exceptions`, jsonRequest("POST", { siteId: site.id, date: "2026-03-03", kind: "extra", start: "15:00", end: "16:00" }));
    expect(extra.status).toBe(201);
    expect((await call(day, {}, null)).body.slots.map((slot: { start: string }) => slot.start.slice(11, 16))).toEqual(["15:00", "15:30"]);

    const listed = await call(`/api/v1/admin/advisors/${advisorId}/availability`);
    expect(listed.body.exceptions).toHaveLength(2);
    expect((await call(`/api/v1/admin/advisors/${advisorId}/exceptions/${off.body.exception.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await call(`/api/v1/admin/advisors/${advisorId}/exceptions/${off.body.exception.id}`, { method: "DELETE" })).status).toBe(404);
    // The weekly six, and the extra opening's two.
    expect((await call(day, {}, null)).body.slots).toHaveLength(8);
  });

  it("refuses bad exceptions with 400 naming the field", async () => {
    const db = api.runtime.database.db;
    const site = await addSite(db);
    const advisorId = await addStaffUser(db, "advisor");
    const path = `/api/v1/admin/advisors/${advisorId}/exceptions`;
    const cases: [unknown, string][] = [
      [{ date: "2026-02-30", kind: "off" }, "date"],
      [{ date: "2026-03-03", kind: "holiday" }, "kind"],
      [{ date: "2026-03-03", kind: "off", start: "10:00" }, "end"],
      [{ date: "2026-03-03", kind: "off", start: "11:00", end: "10:00" }, "end"],
      [{ siteId: site.id, date: "2026-03-03", kind: "extra" }, "start"],
      [{ date: "2026-03-03", kind: "extra", start: "10:00", end: "11:00" }, "siteId"],
      [{ siteId: "no-such-site", date: "2026-03-03", kind: "off" }, "siteId"],
    ];
    for (const [body, field] of cases) {
      const response = await call(path, jsonRequest("POST", body));
      expect(response.status, field).toBe(400);
      expect(firstField(response.body), field).toBe(field);
    }
    expect((await call(`${path}/not-a-uuid`, { method: "DELETE" })).status).toBe(400);
  });
});
