import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveProgram, createProgram } from "../../db/programs.ts";
import { sampleProgram } from "../db/program-fixture.ts";
import { jsonOf, jsonRequest, openApi } from "./staff-helpers.ts";

let api: Awaited<ReturnType<typeof openApi>>;
beforeAll(async () => {
  api = await openApi();
});
afterAll(() => api.close());

async function get(path: string) {
  const response = await api.app.request(path);
  return { status: response.status, body: await jsonOf(response) };
}

async function postEligibility(body: unknown, init: Partial<RequestInit> = {}) {
  const response = await api.app.request("/api/v1/eligibility", { ...jsonRequest("POST", body), ...init });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

type Result = { programId: string; verdict: string; reasons: string[]; missing: string[]; rulesVersion: number; status: string };
const byId = (results: Result[]) => new Map(results.map((result) => [result.programId, result]));

describe("the public programme list", () => {
  it("lists the seeded programmes with their texts in French, Arabic and Darija", async () => {
    const names: Record<string, string> = {};
    for (const lang of ["fr", "ar", "ary"]) {
      const { status, body } = await get(`/api/v1/programs?lang=${lang}`);
      expect(status).toBe(200);
      const minassati = body.programs.find((program: { id: string }) => program.id === "minassati-khouribga");
      expect(minassati).toMatchObject({ id: "minassati-khouribga", provinces: ["khouribga"], version: expect.any(Number), status: "open" });
      expect(typeof minassati.name).toBe("string");
      expect(minassati.sources.length).toBeGreaterThan(0);
      expect(minassati).not.toHaveProperty("rules");
      names[lang] = minassati.name;
    }
    expect(names.fr).toMatch(/[a-z]/i);
    expect(names.ar).toMatch(/[\u0600-\u06FF]/);
    expect(names.ary).toMatch(/[\u0600-\u06FF]/);
    const ids = (await get("/api/v1/programs")).body.programs.map((program: { id: string }) => program.id);
    for (const id of ["minassati-khouribga", "ofppt-pie", "sil-al-montija", "sil-wec-khouribga", "sil-femmpact", "mourafaka", "prix-lalla-al-moutaaouina", "phosboucraa-learning-center"]) {
      expect(ids).toContain(id);
    }
  });

  it("filters by need, region and status", async () => {
    const women = (await get("/api/v1/programs?need=women")).body.programs;
    expect(women.length).toBeGreaterThan(0);
    expect(women.every((program: { needs: string[] }) => program.needs.includes("women"))).toBe(true);

    const khouribga = (await get("/api/v1/programs?region=beni-mellal-khenifra")).body.programs.map((program: { id: string }) => program.id);
    expect(khouribga).toContain("minassati-khouribga");
    expect(khouribga).not.toContain("phosboucraa-learning-center");
    expect(khouribga).not.toContain("sil-femmpact");

    const past = (await get("/api/v1/programs?status=past&lang=ar")).body.programs;
    expect(past.every((program: { status: string }) => program.status === "past")).toBe(true);
  });

  it("refuses an unknown language, filter value or parameter with 400 naming it", async () => {
    for (const [query, field] of [["lang=en", "lang"], ["need=money", "need"], ["region=atlantis", "region"], ["status=soon", "status"]]) {
      const { status, body } = await get(`/api/v1/programs?${query}`);
      expect(status).toBe(400);
      expect(body.error.details.fields[0].field).toBe(field);
    }
    expect((await get("/api/v1/programs?colour=red")).status).toBe(400);
    expect((await get("/api/v1/programs/minassati-khouribga?lang=de")).status).toBe(400);
  });

  it("shows one programme, and answers 404 for an unknown or archived one", async () => {
    const one = await get("/api/v1/programs/minassati-khouribga?lang=ary");
    expect(one.status).toBe(200);
    expect(one.body.program.id).toBe("minassati-khouribga");
    const unknown = await get("/api/v1/programs/no-such-programme");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");

    const program = sampleProgram();
    const actor = { userId: null, actorType: "system" as const, actorId: null };
    await createProgram(api.runtime.database.db, program, { actor, at: api.runtime.clock.now() });
    await api.runtime.catalogue.refresh();
    expect((await get(`/api/v1/programs/${program.id}`)).status).toBe(200);
    await archiveProgram(api.runtime.database.db, program.id, { actor, at: api.runtime.clock.now() });
    await api.runtime.catalogue.refresh();
    expect((await get(`/api/v1/programs/${program.id}`)).status).toBe(404);
    expect((await get("/api/v1/programs")).body.programs.map((entry: { id: string }) => entry.id)).not.toContain(program.id);
  });
});

describe("the public eligibility check", () => {
  it("finds a 24-year-old man from Khouribga with no organisation eligible for Minassati and says why not for the others", async () => {
    const { status, body } = await postEligibility({ profile: { age: 24, gender: "male", province: "khouribga", organizationType: "none" }, lang: "fr" });
    expect(status).toBe(200);
    const results = byId(body.results);
    expect(results.get("minassati-khouribga")?.verdict).toBe("eligible");
    for (const id of ["sil-wec-khouribga", "ofppt-pie", "mourafaka"]) {
      const result = results.get(id);
      expect(result?.verdict, id).toBe("not_eligible");
      expect(result?.reasons.length, id).toBeGreaterThan(0);
      expect(result?.reasons.every((reason) => typeof reason === "string" && reason.length > 0), id).toBe(true);
    }
    expect(results.get("minassati-khouribga")).toMatchObject({ rulesVersion: expect.any(Number), status: "open", missing: [] });
  });

  it("says a 37-year-old is not eligible for Minassati, with a reason, in each language", async () => {
    for (const lang of ["fr", "ar", "ary"]) {
      const { body } = await postEligibility({ profile: { age: 37, gender: "male", province: "khouribga", organizationType: "none" }, lang });
      const minassati = byId(body.results).get("minassati-khouribga");
      expect(minassati?.verdict, lang).toBe("not_eligible");
      expect(minassati?.reasons.length, lang).toBeGreaterThan(0);
    }
  });

  it("answers unknown for every programme on an empty profile, with a question to ask next", async () => {
    const { status, body } = await postEligibility({ profile: {} });
    expect(status).toBe(200);
    expect(body.results.length).toBe(api.runtime.catalogue.current().programs.length);
    expect(body.results.every((result: Result) => result.verdict === "unknown")).toBe(true);
    expect(typeof body.nextQuestion).toBe("string");
  });

  it("evaluates past programmes too, marked as past", async () => {
    const past = api.runtime.catalogue.current().programs.filter((program) => program.status === "past");
    const { body } = await postEligibility({ profile: { age: 24 } });
    for (const program of past) expect(byId(body.results).get(program.id)?.status).toBe("past");
  });

  it("refuses bad input with a 4xx naming the field, never a 500", async () => {
    const wrongType = await postEligibility({ profile: { age: "abc" } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details.fields[0].field).toBe("profile.age");

    const unknownField = await postEligibility({ profile: { age: 24, shoeSize: 42 } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.message).toMatch(/profile/);
    expect(JSON.stringify(unknownField.body.error.details)).toContain("shoeSize");

    const unknownTopLevel = await postEligibility({ profile: {}, debug: true });
    expect(unknownTopLevel.status).toBe(400);
    expect(JSON.stringify(unknownTopLevel.body.error)).toContain("debug");

    const badProvince = await postEligibility({ profile: { province: "atlantis" } });
    expect(badProvince.body.error.details.fields[0].field).toBe("profile.province");

    const badLang = await postEligibility({ profile: {}, lang: "en" });
    expect(badLang.body.error.details.fields[0].field).toBe("lang");

    const missingProfile = await postEligibility({ lang: "fr" });
    expect(missingProfile.status).toBe(400);
    expect(missingProfile.body.error.details.fields[0].field).toBe("profile");

    const notAnObject = await postEligibility([1, 2]);
    expect(notAnObject.status).toBe(400);

    const malformed = await postEligibility('{"profile": {"age": 2');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("invalid_json");

    const huge = await postEligibility({ profile: { locality: "x".repeat(100_000) } });
    expect(huge.status).toBe(413);

    const notJson = await postEligibility("age=24", { headers: { "content-type": "text/plain" } });
    expect(notJson.status).toBe(415);
  });
});
