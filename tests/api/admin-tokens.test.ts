import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens } from "../../db/schema/index.ts";
import type { TestStaff } from "./staff-helpers.ts";
import { addStaff, jsonOf, jsonRequest, loginCookie, openApi, sessionHeaders } from "./staff-helpers.ts";

let api: Awaited<ReturnType<typeof openApi>>;
let admin: TestStaff;
let adminCookie: string;
beforeAll(async () => {
  api = await openApi();
  admin = await addStaff(api.runtime.database, "admin", api.runtime.clock.now());
  adminCookie = await loginCookie(api.app, admin);
});
afterAll(() => api.close());

const DAY_MS = 24 * 60 * 60 * 1000;

async function createToken(body: unknown, cookie = adminCookie) {
  return api.app.request("/api/v1/admin/tokens", jsonRequest("POST", body, sessionHeaders(cookie)));
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("API tokens", () => {
  it("shows a new token once; it works as a bearer on /me until it is revoked", async () => {
    const created = await createToken({ name: "Partner site", scope: "admin" });
    expect(created.status).toBe(201);
    const body = await jsonOf(created);
    expect(body.token).toMatch(/^rfq_[A-Za-z0-9_-]{43}$/);
    // 90 days unless asked otherwise: every token expires.
    const expiresAt = new Date(api.runtime.clock.now().getTime() + 90 * DAY_MS).toISOString();
    expect(body.apiToken).toMatchObject({ name: "Partner site", ownerId: admin.id, scope: "admin", revokedAt: null, expiresAt, lastUsedAt: null });
    expect(body.token.startsWith(body.apiToken.prefix)).toBe(true);

    const me = await api.app.request("/api/v1/me", { headers: bearer(body.token) });
    expect(me.status).toBe(200);
    expect(await jsonOf(me)).toMatchObject({ user: { id: admin.id, role: "admin" }, via: "token" });

    const list = await api.app.request("/api/v1/admin/tokens", { headers: { cookie: adminCookie } });
    const listed = (await jsonOf(list)).tokens.find((token: { id: string }) => token.id === body.apiToken.id);
    expect(listed.lastUsedAt).toBe(api.runtime.clock.now().toISOString());
    expect(JSON.stringify(listed)).not.toContain(body.token.slice(body.apiToken.prefix.length));

    const revoked = await api.app.request(`/api/v1/admin/tokens/${body.apiToken.id}`, { method: "DELETE", headers: sessionHeaders(adminCookie) });
    expect(revoked.status).toBe(204);
    const after = await api.app.request("/api/v1/me", { headers: bearer(body.token) });
    expect(after.status).toBe(401);
    expect(await jsonOf(after)).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("stores only a hash of the token", async () => {
    const body = await jsonOf(await createToken({ name: "Hash check", scope: "read" }));
    const [row] = await api.runtime.database.db.select().from(apiTokens).where(eq(apiTokens.id, body.apiToken.id));
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(body.token);
  });

  it("refuses a token after its expiry", async () => {
    const { token } = await jsonOf(await createToken({ name: "Short-lived", scope: "read", expiresInDays: 1 }));
    expect((await api.app.request("/api/v1/me", { headers: bearer(token) })).status).toBe(200);
    api.runtime.clock.advance(DAY_MS + 1000);
    adminCookie = await loginCookie(api.app, admin);
    expect((await api.app.request("/api/v1/me", { headers: bearer(token) })).status).toBe(401);
  });

  it("acts with its owner's current role, so a demoted owner's token loses admin rights", async () => {
    const owner = await addStaff(api.runtime.database, "admin", api.runtime.clock.now());
    const ownerCookie = await loginCookie(api.app, owner);
    const { token } = await jsonOf(await createToken({ name: "Owner's token", scope: "admin" }, ownerCookie));
    expect((await api.app.request("/api/v1/admin/users", { headers: bearer(token) })).status).toBe(200);
    const demote = await api.app.request(`/api/v1/admin/users/${owner.id}`, jsonRequest("PATCH", { role: "staff" }, sessionHeaders(adminCookie)));
    expect(demote.status).toBe(200);
    const refused = await api.app.request("/api/v1/admin/users", { headers: bearer(token) });
    expect(refused.status).toBe(403);
    expect(await jsonOf(refused)).toMatchObject({ error: { code: "forbidden" } });
  });

  it("answers 401 to a malformed Authorization header or a made-up token", async () => {
    for (const authorization of ["Bearer", "Basic dXNlcjpwYXNz", "Bearer rfq_made-up", "Bearer not-even-prefixed"]) {
      const response = await api.app.request("/api/v1/me", { headers: { authorization } });
      expect(response.status, authorization).toBe(401);
    }
  });

  it("validates token creation and revocation input", async () => {
    const badDays = await createToken({ name: "x", scope: "read", expiresInDays: "7" });
    expect(badDays.status).toBe(400);
    expect((await jsonOf(badDays)).error.message).toMatch(/^expiresInDays:/);
    const noName = await createToken({ name: "   ", scope: "read" });
    expect((await jsonOf(noName)).error.details.fields[0].field).toBe("name");
    const noScope = await createToken({ name: "no scope" });
    expect((await jsonOf(noScope)).error.details.fields[0].field).toBe("scope");
    const forever = await createToken({ name: "forever", scope: "read", expiresInDays: 3650 });
    expect((await jsonOf(forever)).error.details.fields[0].field).toBe("expiresInDays");
    const notUuid = await api.app.request("/api/v1/admin/tokens/42", { method: "DELETE", headers: sessionHeaders(adminCookie) });
    expect(notUuid.status).toBe(400);
    expect((await jsonOf(notUuid)).error.message).toMatch(/^id:/);
    const unknown = await api.app.request(`/api/v1/admin/tokens/${crypto.randomUUID()}`, { method: "DELETE", headers: sessionHeaders(adminCookie) });
    expect(unknown.status).toBe(404);
  });
});

describe("API token scopes, checked on every call", () => {
  async function tokenWith(scope: string) {
    return (await jsonOf(await createToken({ name: `scope ${scope}`, scope }))).token as string;
  }
  const write = (token: string, path: string, body: unknown) => api.app.request(path, jsonRequest("POST", body, bearer(token)));

  it("read: reads anything its owner may read, writes nothing", async () => {
    const token = await tokenWith("read");
    expect((await api.app.request("/api/v1/admin/users", { headers: bearer(token) })).status).toBe(200);
    expect((await api.app.request("/api/v1/admin/programs", { headers: bearer(token) })).status).toBe(200);
    const refused = await write(token, "/api/v1/admin/broadcasts/count", { segment: {} });
    expect(refused.status).toBe(403);
    expect(await jsonOf(refused)).toMatchObject({ error: { code: "token_scope" } });
    expect((await write(token, "/api/v1/admin/tokens", { name: "escalate", scope: "admin" })).status).toBe(403);
  });

  it("broadcasts: writes announcements, not programmes, users or tokens", async () => {
    const token = await tokenWith("broadcasts");
    expect((await write(token, "/api/v1/admin/broadcasts/count", { segment: {} })).status).toBe(200);
    expect((await write(token, "/api/v1/admin/programs/preview", { rules: { all: [{ field: "age", min: 18, max: 35 }] }, profiles: [{ age: 24 }], lang: "fr" })).status).toBe(403);
    expect((await write(token, "/api/v1/admin/tokens", { name: "escalate", scope: "admin" })).status).toBe(403);
  });

  it("programs: edits the catalogue, not announcements", async () => {
    const token = await tokenWith("programs");
    expect((await write(token, "/api/v1/admin/programs/preview", { rules: { all: [{ field: "age", min: 18, max: 35 }] }, profiles: [{ age: 24 }], lang: "fr" })).status).toBe(200);
    expect((await write(token, "/api/v1/admin/broadcasts/count", { segment: {} })).status).toBe(403);
  });

  it("admin: all its owner's role allows", async () => {
    const token = await tokenWith("admin");
    expect((await write(token, "/api/v1/admin/broadcasts/count", { segment: {} })).status).toBe(200);
    expect((await write(token, "/api/v1/admin/tokens", { name: "another", scope: "read" })).status).toBe(201);
  });
});

describe("admin routes", () => {
  it("answer 401 without credentials and 403 to staff and advisors, on every method", async () => {
    const staff = await addStaff(api.runtime.database, "staff", api.runtime.clock.now());
    const advisor = await addStaff(api.runtime.database, "advisor", api.runtime.clock.now());
    const requests: [string, RequestInit][] = [
      ["/api/v1/admin/users", { method: "GET" }],
      ["/api/v1/admin/users", jsonRequest("POST", { email: "x@rafiq.test", name: "X", role: "admin", password: "long-enough-1" })],
      [`/api/v1/admin/users/${staff.id}`, jsonRequest("PATCH", { role: "admin" })],
      ["/api/v1/admin/tokens", { method: "GET" }],
      ["/api/v1/admin/tokens", jsonRequest("POST", { name: "sneaky" })],
      [`/api/v1/admin/tokens/${crypto.randomUUID()}`, { method: "DELETE" }],
    ];
    for (const [path, init] of requests) {
      const anonymous = await api.app.request(path, init);
      expect(anonymous.status, `${init.method} ${path} anonymous`).toBe(401);
      for (const person of [staff, advisor]) {
        const cookie = await loginCookie(api.app, person);
        const headers = { ...(init.headers as Record<string, string> | undefined), ...sessionHeaders(cookie) };
        const response = await api.app.request(path, { ...init, headers });
        expect(response.status, `${init.method} ${path}`).toBe(403);
        expect(await jsonOf(response)).toMatchObject({ error: { code: "forbidden" } });
      }
    }
  });
});
