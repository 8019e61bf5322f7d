import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCatalogueStore } from "../../bot/programs/store.ts";
import { updateProgram } from "../../db/programs.ts";
import { isPglite, openTestDatabase } from "../helpers/database.ts";
import { sampleProgram } from "../db/program-fixture.ts";
import type { TestStaff } from "./staff-helpers.ts";
import { addStaff, jsonOf, jsonRequest, loginCookie, openApi, requestAs } from "./staff-helpers.ts";

let api: Awaited<ReturnType<typeof openApi>>;
let staff: TestStaff;
let staffCookie: string;
let advisorCookie: string;
let adminCookie: string;
beforeAll(async () => {
  api = await openApi();
  const at = api.runtime.clock.now();
  staff = await addStaff(api.runtime.database, "staff", at);
  staffCookie = await loginCookie(api.app, staff);
  advisorCookie = await loginCookie(api.app, await addStaff(api.runtime.database, "advisor", at));
  adminCookie = await loginCookie(api.app, await addStaff(api.runtime.database, "admin", at));
});
afterAll(() => api.close());

const call = (path: string, init: RequestInit = {}, cookie: string | null = staffCookie) => requestAs(api.app, cookie, path, init);

const ADMIN = "/api/v1/admin/programs";

describe("who may manage programmes", () => {
  it("refuses every staff route without a session or token (401) and to advisors (403)", async () => {
    const program = sampleProgram();
    const attempts: [string, RequestInit][] = [
      [ADMIN, {}],
      [ADMIN, jsonRequest("POST", program)],
      [`${ADMIN}/minassati-khouribga`, {}],
      [`${ADMIN}/minassati-khouribga`, jsonRequest("PATCH", { status: "past" })],
      [`${ADMIN}/minassati-khouribga/archive`, { method: "POST" }],
      [`${ADMIN}/minassati-khouribga/restore`, { method: "POST" }],
      [`${ADMIN}/minassati-khouribga/versions`, {}],
    ];
    for (const [path, init] of attempts) {
      expect((await call(path, init, null)).status, `${init.method ?? "GET"} ${path}`).toBe(401);
      const forbidden = await call(path, init, advisorCookie);
      expect(forbidden.status, `${init.method ?? "GET"} ${path}`).toBe(403);
    }
    expect((await call(`${ADMIN}/minassati-khouribga`, {}, null)).body.error.code).toBe("unauthorized");
    const minassati = await call("/api/v1/programs/minassati-khouribga");
    expect(minassati.body.program.status).toBe("open");
  });

  it("accepts an admin, and an integration's bearer token", async () => {
    expect((await call(ADMIN, {}, adminCookie)).status).toBe(200);
    const issued = await call("/api/v1/admin/tokens", jsonRequest("POST", { name: "catalogue sync", scope: "programs" }), adminCookie);
    const viaToken = await api.app.request(ADMIN, { headers: { authorization: `Bearer ${issued.body.token}` } });
    expect(viaToken.status).toBe(200);
    expect((await jsonOf(viaToken)).programs.length).toBeGreaterThan(0);
  });
});

describe("managing programmes", () => {
  it("lists every programme with all languages, rules and version, archived ones included", async () => {
    const { status, body } = await call(ADMIN);
    expect(status).toBe(200);
    const minassati = body.programs.find((program: { id: string }) => program.id === "minassati-khouribga");
    expect(minassati).toMatchObject({ id: "minassati-khouribga", version: expect.any(Number), archived: false, data: { id: "minassati-khouribga" } });
    expect(Object.keys(minassati.data.name).sort()).toEqual(["ar", "ary", "fr"]);
    expect(minassati.data.rules).toBeTruthy();
  });

  it("creates a programme that is public and evaluated at once, and refuses the same id again with 409", async () => {
    const program = sampleProgram();
    const created = await call(ADMIN, jsonRequest("POST", program));
    expect(created.status).toBe(201);
    expect(created.body.program).toMatchObject({ id: program.id, version: 1, archived: false, updatedBy: staff.id });

    expect((await call(`/api/v1/programs/${program.id}?lang=ar`)).body.program.name).toBe(program.name.ar);
    const check = await call("/api/v1/eligibility", jsonRequest("POST", { profile: { age: 24, province: "khouribga" } }), null);
    expect(check.body.results.find((result: { programId: string }) => result.programId === program.id)).toMatchObject({ verdict: "eligible", rulesVersion: 1 });

    const again = await call(ADMIN, jsonRequest("POST", program));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("program_exists");
  });

  it("refuses an invalid programme or unworkable rules with 400 naming the path", async () => {
    const { name: _name, ...noName } = sampleProgram();
    const missing = await call(ADMIN, jsonRequest("POST", noName));
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields[0].field).toBe("name");

    const noArabic = await call(ADMIN, jsonRequest("POST", sampleProgram({ summary: { fr: "Résumé", ar: "", ary: "ملخص" } })));
    expect(noArabic.body.error.details.fields[0].field).toBe("summary.ar");

    const badId = await call(ADMIN, jsonRequest("POST", sampleProgram({ id: "Not A Slug" })));
    expect(badId.body.error.details.fields[0].field).toBe("id");

    const impossible = await call(ADMIN, jsonRequest("POST", sampleProgram({ rules: { all: [{ field: "age", min: 40, max: 30 }] } })));
    expect(impossible.status).toBe(400);
    expect(impossible.body.error.code).toBe("invalid_rules");
    expect(impossible.body.error.details.fields[0].field).toBe("rules.all[0]");

    const program = sampleProgram();
    await call(ADMIN, jsonRequest("POST", program));
    const misspelt = await call(`${ADMIN}/${program.id}`, jsonRequest("PATCH", { rules: { field: "province", in: ["khouribgaa"] } }));
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.error.message).toContain("rules.in[0]");
    const unknownField = await call(`${ADMIN}/${program.id}`, jsonRequest("PATCH", { id: "renamed" }));
    expect(unknownField.status).toBe(400);
    const empty = await call(`${ADMIN}/${program.id}`, jsonRequest("PATCH", { expectedVersion: 1 }));
    expect(empty.status).toBe(400);
    const broken = await call(`${ADMIN}/${program.id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: "{" });
    expect(broken.body.error.code).toBe("invalid_json");
    expect((await call(`${ADMIN}/${program.id}`)).body.program.version).toBe(1);
  });

  it("versions every change with who, when and what, and serves archived programmes to staff only", async () => {
    const program = sampleProgram();
    await call(ADMIN, jsonRequest("POST", program));
    api.runtime.clock.advance(60_000);
    const patched = await call(`${ADMIN}/${program.id}`, jsonRequest("PATCH", { status: "closed", offer: { fr: "Plus", ar: "أكثر", ary: "كثر" }, expectedVersion: 1 }));
    expect(patched.status).toBe(200);
    expect(patched.body.program).toMatchObject({ version: 2, data: { status: "closed", offer: { fr: "Plus" }, name: program.name } });
    expect((await call(`/api/v1/programs/${program.id}`)).body.program).toMatchObject({ status: "closed", offer: "Plus", version: 2 });

    api.runtime.clock.advance(60_000);
    const archived = await call(`${ADMIN}/${program.id}/archive`, { method: "POST" });
    expect(archived.body.program).toMatchObject({ version: 3, archived: true });
    expect((await call(`/api/v1/programs/${program.id}`)).status).toBe(404);
    const check = await call("/api/v1/eligibility", jsonRequest("POST", { profile: {} }), null);
    expect(check.body.results.map((result: { programId: string }) => result.programId)).not.toContain(program.id);
    expect((await call(`${ADMIN}/${program.id}`)).body.program.archived).toBe(true);
    expect((await call(ADMIN)).body.programs.map((entry: { id: string }) => entry.id)).toContain(program.id);

    const restored = await call(`${ADMIN}/${program.id}/restore`, { method: "POST" });
    expect(restored.body.program).toMatchObject({ version: 4, archived: false });
    expect((await call(`/api/v1/programs/${program.id}`)).status).toBe(200);

    const history = await call(`${ADMIN}/${program.id}/versions`);
    expect(history.body.versions.map((entry: { version: number; change: string; changedKeys: string[] }) => [entry.version, entry.change, entry.changedKeys])).toEqual([
      [4, "restored", []],
      [3, "archived", []],
      [2, "updated", ["offer", "status"]],
      [1, "created", []],
    ]);
    expect(history.body.versions[2]).toMatchObject({ changedBy: { id: staff.id, name: "Test staff" }, changedAt: "2026-03-02T09:01:00.000Z" });
    const first = await call(`${ADMIN}/${program.id}/versions/1`);
    expect(first.body.version.data.status).toBe("open");
    expect((await call(`${ADMIN}/${program.id}/versions/99`)).status).toBe(404);
    expect((await call(`${ADMIN}/${program.id}/versions/abc`)).status).toBe(400);
  });

  it("answers 404 for an unknown programme and 400 for an id that cannot be one", async () => {
    expect((await call(`${ADMIN}/no-such-programme`)).status).toBe(404);
    expect((await call(`${ADMIN}/no-such-programme`, jsonRequest("PATCH", { status: "past" }))).status).toBe(404);
    expect((await call(`${ADMIN}/no-such-programme/archive`, { method: "POST" })).status).toBe(404);
    expect((await call(`${ADMIN}/no-such-programme/versions`)).status).toBe(404);
    expect((await call(`${ADMIN}/NOT%20A%20SLUG`)).status).toBe(400);
  });

  it("lets one of two edits from the same version through and answers the other 409", async () => {
    const program = sampleProgram();
    await call(ADMIN, jsonRequest("POST", program));
    const [first, second] = await Promise.all([
      call(`${ADMIN}/${program.id}`, jsonRequest("PATCH", { status: "closed", expectedVersion: 1 })),
      call(`${ADMIN}/${program.id}`, jsonRequest("PATCH", { status: "past", expectedVersion: 1 })),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const conflict = first.status === 409 ? first : second;
    expect(conflict.body.error).toMatchObject({ code: "version_conflict", details: { currentVersion: 2 } });
    expect((await call(`${ADMIN}/${program.id}/versions`)).body.versions).toHaveLength(2);
  });
});

describe("several processes on one database", () => {
  it("a change made through another process reaches this one's catalogue on its next poll", async () => {
    const program = sampleProgram();
    await call(ADMIN, jsonRequest("POST", program));
    // "Another process": its own pool and store on the same database (PGlite has one handle).
    const other = isPglite() ? null : await openTestDatabase();
    const db = other?.db ?? api.runtime.database.db;
    const otherStore = createCatalogueStore(db, { refreshMs: 60_000 });
    try {
      await otherStore.refresh();
      expect(otherStore.current().byId.get(program.id)?.status).toBe("open");
      await updateProgram(db, program.id, { status: "past" }, { actor: { userId: null, actorType: "system", actorId: null }, at: api.runtime.clock.now() });
      expect((await call(`/api/v1/programs/${program.id}`)).body.program.status).toBe("open");
      expect(await api.runtime.catalogue.poll()).toBe(true);
      expect((await call(`/api/v1/programs/${program.id}`)).body.program).toMatchObject({ status: "past", version: 2 });
    } finally {
      otherStore.stop();
      await other?.close();
    }
  });
});

describe("the catalogue page's helpers", () => {
  it("previews the verdicts of unsaved rules on sample profiles, and refuses rules that cannot work", async () => {
    const rules = { all: [{ field: "age", min: 18, max: 35 }, { field: "province", in: ["khouribga"] }] };
    const profiles = [{ age: 24, province: "khouribga" }, { age: 37, province: "khouribga" }, {}];
    const preview = await call(`${ADMIN}/preview`, jsonRequest("POST", { rules, profiles, lang: "fr" }));
    expect(preview.status).toBe(200);
    expect(preview.body.results.map((result: { verdict: string }) => result.verdict)).toEqual(["eligible", "not_eligible", "unknown"]);
    expect(preview.body.results[1].reasons.join(" ")).toContain("37");
    const bad = await call(`${ADMIN}/preview`, jsonRequest("POST", { rules: { field: "age", in: ["x"] }, profiles }));
    expect(bad.status).toBe(400);
    expect((await call(`${ADMIN}/preview`, jsonRequest("POST", { rules, profiles }), advisorCookie)).status).toBe(403);
  });

  it("opens a call with a deadline, shows it publicly, clears it with null, and refuses a deadline before the opening", async () => {
    const created = await call(ADMIN, jsonRequest("POST", { ...sampleProgram(), status: "closed" }));
    const id = created.body.program.id as string;
    const opened = await call(`${ADMIN}/${id}`, jsonRequest("PATCH", { status: "open", opensOn: "2026-03-01", closesOn: "2026-04-30", expectedVersion: created.body.program.version }));
    expect(opened.status).toBe(200);
    expect(opened.body.program.data).toMatchObject({ status: "open", opensOn: "2026-03-01", closesOn: "2026-04-30" });
    const shown = await call(`/api/v1/programs/${id}?lang=fr`);
    expect(shown.body.program).toMatchObject({ status: "open", closesOn: "2026-04-30" });
    const wrong = await call(`${ADMIN}/${id}`, jsonRequest("PATCH", { closesOn: "2026-02-01" }));
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain("closesOn");
    expect((await call(`${ADMIN}/${id}`, jsonRequest("PATCH", { closesOn: "2026-02-30" }))).status).toBe(400);
    const cleared = await call(`${ADMIN}/${id}`, jsonRequest("PATCH", { opensOn: null, closesOn: null }));
    expect(cleared.body.program.data).toMatchObject({ opensOn: null, closesOn: null });
  });
});
