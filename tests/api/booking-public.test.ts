import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelAppointment, createAppointment } from "../../db/booking.ts";
import { updateSite } from "../../db/sites.ts";
import { addAdvisorAt, addContact, addSite, minutes } from "../booking/booking-fixture.ts";
import { jsonOf, openApi } from "./staff-helpers.ts";

let api: Awaited<ReturnType<typeof openApi>>;
beforeAll(async () => {
  api = await openApi();
});
afterAll(() => api.close());

async function get(path: string) {
  const response = await api.app.request(path);
  return { status: response.status, body: await jsonOf(response) };
}

// The runtime's clock: Monday 2 March 2026, 09:00 UTC = 09:00 in Casablanca (Ramadan, UTC+0).
const NOW = new Date("2026-03-02T09:00:00Z");

describe("the public list of sites", () => {
  it("lists the seeded places in the asked language, without invented phone numbers", async () => {
    const { status, body } = await get("/api/v1/sites?lang=ar");
    expect(status).toBe(200);
    const ids = body.sites.map((site: { id: string }) => site.id);
    expect(ids).toEqual(expect.arrayContaining(["minassati-khouribga", "learning-center-laayoune", "learning-center-dakhla", "um6p-sil-benguerir", "wec-khouribga"]));
    const minassati = body.sites.find((site: { id: string }) => site.id === "minassati-khouribga");
    expect(minassati).toMatchObject({ name: expect.stringContaining("منصتي"), province: "khouribga", phone: null, programIds: ["minassati-khouribga"] });
    expect((await get("/api/v1/sites/learning-center-dakhla?lang=fr")).body.site.name).toContain("Dakhla");
  });

  it("refuses an unknown language with 400 naming lang, and an unknown site with 404", async () => {
    const bad = await get("/api/v1/sites?lang=en");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe("lang");
    expect((await get("/api/v1/sites/nowhere")).status).toBe(404);
  });
});

describe("public free slots", () => {
  it("gives each free time once, from now plus the notice, without naming advisors", async () => {
    const site = await addSite(api.runtime.database.db);
    await addAdvisorAt(api.runtime.database.db, site.id);
    await addAdvisorAt(api.runtime.database.db, site.id);
    const { status, body } = await get(`/api/v1/sites/${site.id}/slots`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ siteId: site.id, timeZone: "Africa/Casablanca", from: NOW.toISOString(), to: minutes(NOW, 14 * 24 * 60).toISOString() });
    // 2 h notice: 11:00 is the first; 45-minute meetings every hour (15-minute buffer).
    expect(body.slots.slice(0, 4)).toEqual([
      { start: "2026-03-02T11:00:00.000Z", end: "2026-03-02T11:45:00.000Z" },
      { start: "2026-03-02T14:00:00.000Z", end: "2026-03-02T14:45:00.000Z" },
      { start: "2026-03-02T15:00:00.000Z", end: "2026-03-02T15:45:00.000Z" },
      { start: "2026-03-02T16:00:00.000Z", end: "2026-03-02T16:45:00.000Z" },
    ]);
    const starts = body.slots.map((slot: { start: string }) => slot.start);
    expect(new Set(starts).size).toBe(starts.length);
    expect(JSON.stringify(body)).not.toContain("advisor");
    // Weekdays only, within the 14 days asked.
    expect(starts.every((start: string) => ![0, 6].includes(new Date(start).getUTCDay()))).toBe(true);
    expect(starts.at(-1) < minutes(NOW, 14 * 24 * 60).toISOString()).toBe(true);
  });

  it("takes a booked time out while no advisor is left, and gives it back when it is cancelled", async () => {
    const db = api.runtime.database.db;
    const site = await addSite(db);
    const advisorId = await addAdvisorAt(db, site.id);
    const range = "from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z";
    const before = (await get(`/api/v1/sites/${site.id}/slots?${range}`)).body.slots.map((slot: { start: string }) => slot.start);
    expect(before).toContain("2026-03-03T10:00:00.000Z");
    const contactId = await addContact(db);
    const start = new Date("2026-03-03T10:00:00Z");
    const booked = await createAppointment(db, { contactId, siteId: site.id, advisorId, start, end: minutes(start, 45), topic: "project", actor: { kind: "contact", id: contactId }, at: NOW });
    if (!booked.ok) throw new Error("not booked");
    const during = (await get(`/api/v1/sites/${site.id}/slots?${range}`)).body.slots.map((slot: { start: string }) => slot.start);
    expect(during).not.toContain("2026-03-03T10:00:00.000Z");
    await cancelAppointment(db, { appointmentId: booked.appointment.id, reason: null, actor: { kind: "contact", id: contactId }, at: NOW });
    const after = (await get(`/api/v1/sites/${site.id}/slots?${range}`)).body.slots.map((slot: { start: string }) => slot.start);
    expect(after).toEqual(before);
  });

  it("answers an empty list for a site nobody serves, and 404 for an archived one", async () => {
    const db = api.runtime.database.db;
    const site = await addSite(db);
    expect((await get(`/api/v1/sites/${site.id}/slots`)).body.slots).toEqual([]);
    await updateSite(db, site.id, { archived: true }, { actor: { actorType: "system", actorId: null }, at: NOW });
    expect((await get(`/api/v1/sites/${site.id}/slots`)).status).toBe(404);
    expect((await get("/api/v1/sites")).body.sites.map((row: { id: string }) => row.id)).not.toContain(site.id);
  });

  it("refuses bad dates and ranges with 400 naming the field", async () => {
    const site = await addSite(api.runtime.database.db);
    const cases: [string, string][] = [
      ["from=tomorrow", "from"],
      ["from=2026-03-05", "from"],
      ["to=2026-13-01T00:00:00Z", "to"],
      ["from=2026-03-05T00:00:00Z&to=2026-03-04T00:00:00Z", "to"],
      ["from=2026-03-05T00:00:00Z&to=2026-04-06T00:00:01Z", "to"],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await get(`/api/v1/sites/${site.id}/slots?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.details.fields[0].field, query).toBe(field);
    }
    const unknown = await get(`/api/v1/sites/${site.id}/slots?page=2`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("page");
    const badId = await get("/api/v1/sites/Not%20A%20Slug/slots");
    expect(badId.status).toBe(400);
    expect(badId.body.error.details.fields[0].field).toBe("id");
    expect((await get("/api/v1/sites/no-such-site/slots")).status).toBe(404);
    expect((await get(`/api/v1/sites/${site.id}/slots?from=2026-03-05T00:00:00%2B01:00&to=2026-04-05T00:00:00%2B01:00`)).status).toBe(200);
  });
});
