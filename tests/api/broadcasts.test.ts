import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema/index.ts";
import { seedPeople } from "../broadcast/people.ts";
import { addStaff, jsonRequest, loginCookie, openApi, sessionHeaders } from "./staff-helpers.ts";

let api: Awaited<ReturnType<typeof openApi>>;
let staffCookie: string;
let advisorCookie: string;
beforeAll(async () => {
  api = await openApi();
  const at = api.runtime.clock.now();
  staffCookie = await loginCookie(api.app, await addStaff(api.runtime.database, "staff", at));
  advisorCookie = await loginCookie(api.app, await addStaff(api.runtime.database, "advisor", at));
});
afterAll(() => api.close());

async function call(path: string, init: RequestInit = {}, cookie = staffCookie) {
  const headers = { ...(init.headers as Record<string, string> | undefined), ...sessionHeaders(cookie) };
  const response = await api.app.request(path, { ...init, headers });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const texts = { fr: "Minassati ouvre 40 places en janvier.", ar: "منصتي تفتح 40 مقعدا في يناير.", ary: "منصتي غادي تحل 40 بلاصة ف يناير." };

describe("the broadcasts API", () => {
  it("is for staff and admins: 401 without a session, 403 for an advisor, 403 for a write without the CSRF token", async () => {
    expect((await api.app.request("/api/v1/admin/broadcasts")).status).toBe(401);
    expect((await call("/api/v1/admin/broadcasts", {}, advisorCookie)).status).toBe(403);
    const noCsrf = await api.app.request("/api/v1/admin/broadcasts", jsonRequest("POST", { title: "x", texts }, { cookie: staffCookie }));
    expect(noCsrf.status).toBe(403);
  });

  it("counts a segment live, by channel and language, and the count moves when someone says stop", async () => {
    const marker = `${Math.floor(Math.random() * 1e6)}`;
    // A segment nobody else in the shared database matches: this file's own age.
    const age = 18 + (Number(marker) % 17);
    const [first] = await seedPeople(api.runtime.database.db, [
      { channel: "telegram", externalId: `77${marker}1`, language: "ar", profile: { age, province: "khouribga" } },
      { channel: "web", externalId: `web-${marker}`, language: "ary", profile: { age, province: "khouribga" } },
      // Agreed to the notice before it named targeting: counted apart, not reached.
      { channel: "web", externalId: `web-old-${marker}`, language: "ary", profile: { age, province: "khouribga" }, consentVersion: "2026-11" },
    ]);
    const segment = { provinces: ["khouribga"], ageMin: age, ageMax: age, languages: ["ar", "ary"] };
    const counted = await call("/api/v1/admin/broadcasts/count", jsonRequest("POST", { segment }));
    expect(counted.status).toBe(200);
    expect(counted.body.total).toBeGreaterThanOrEqual(2);
    expect(counted.body.byChannel.web).toBeGreaterThanOrEqual(1);
    expect(counted.body.awaitingNotice).toBeGreaterThanOrEqual(1);
    const stop = await api.runtime.engine.receive({ channel: "telegram", externalUserId: `77${marker}1`, channelMessageId: `stop-${marker}`, content: { kind: "text", text: "stop" } });
    expect(stop.replies.length).toBeGreaterThan(0);
    const after = await call("/api/v1/admin/broadcasts/count", jsonRequest("POST", { segment }));
    expect(after.body.total).toBe(counted.body.total - 1);
    expect(first).toBeDefined();
  });

  it("creates a draft with a preview per language (footer and button), edits it, sends it, and refuses to edit it then", async () => {
    const created = await call("/api/v1/admin/broadcasts", jsonRequest("POST", { title: "Janvier", texts, action: "book", segment: { provinces: ["khouribga"] } }));
    expect(created.status).toBe(201);
    expect(created.body.broadcast).toMatchObject({ status: "draft", action: "book", recipientCount: null });
    const preview = Object.fromEntries(created.body.preview.map((entry: { lang: string }) => [entry.lang, entry]));
    expect(preview.fr.text).toMatch(/^Minassati ouvre 40 places en janvier\.\n\n.*STOP/s);
    expect(preview.fr.buttons).toEqual(["Prendre rendez-vous"]);
    expect(preview.ary.text).toContain("وقف");
    expect(preview.ar.buttons).toHaveLength(1);
    const id = created.body.broadcast.id as string;

    const edited = await call(`/api/v1/admin/broadcasts/${id}`, jsonRequest("PATCH", { action: null }));
    expect(edited.body.preview[0].buttons).toEqual([]);

    const later = new Date(api.runtime.clock.now().getTime() + 86_400_000).toISOString();
    const scheduled = await call(`/api/v1/admin/broadcasts/${id}/send`, jsonRequest("POST", { at: later }));
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.broadcast).toMatchObject({ status: "scheduled", scheduledAt: later });
    expect((await call(`/api/v1/admin/broadcasts/${id}`, jsonRequest("PATCH", { title: "changed" }))).body.error.code).toBe("not_a_draft");

    const cancelled = await call(`/api/v1/admin/broadcasts/${id}/cancel`, jsonRequest("POST", {}));
    expect(cancelled.body.broadcast.status).toBe("cancelled");
    expect((await call(`/api/v1/admin/broadcasts/${id}/cancel`, jsonRequest("POST", {}))).status).toBe(409);

    const listed = await call("/api/v1/admin/broadcasts");
    expect(listed.body.broadcasts.find((entry: { id: string }) => entry.id === id).stats).toMatchObject({ recipients: 0 });
    const audit = await api.runtime.database.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.subjectType, "broadcast"), eq(auditLog.subjectId, id)));
    expect(audit.map((row) => row.action)).toEqual(["broadcast.created", "broadcast.updated", "broadcast.scheduled", "broadcast.cancelled"]);
  });

  it("answers bad input with 400 naming the field", async () => {
    const missingLanguage = await call("/api/v1/admin/broadcasts", jsonRequest("POST", { title: "x", texts: { fr: "a", ar: "b" } }));
    expect(missingLanguage.status).toBe(400);
    expect(missingLanguage.body.error.message).toMatch(/^texts\.ary:/);
    const badRegion = await call("/api/v1/admin/broadcasts/count", jsonRequest("POST", { segment: { regions: ["atlantis"] } }));
    expect(badRegion.body.error.message).toMatch(/^segment\.regions\.0:/);
    const emptyList = await call("/api/v1/admin/broadcasts/count", jsonRequest("POST", { segment: { channels: [] } }));
    expect(emptyList.status).toBe(400);
    const ages = await call("/api/v1/admin/broadcasts/count", jsonRequest("POST", { segment: { ageMin: 30, ageMax: 20 } }));
    expect(ages.body.error.message).toMatch(/ageMin/);
    const huge = await call("/api/v1/admin/broadcasts", jsonRequest("POST", { title: "x", texts: { ...texts, fr: "a".repeat(3_001) } }));
    expect(huge.status).toBe(400);
    const unknownAction = await call("/api/v1/admin/broadcasts", jsonRequest("POST", { title: "x", texts, action: "dance" }));
    expect(unknownAction.body.error.message).toMatch(/^action:/);
    const broken = await call("/api/v1/admin/broadcasts", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(broken.body.error.code).toBe("invalid_json");
    expect((await call("/api/v1/admin/broadcasts/not-a-uuid")).status).toBe(400);
    expect((await call(`/api/v1/admin/broadcasts/${crypto.randomUUID()}`)).status).toBe(404);
  });
});
