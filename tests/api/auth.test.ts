import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../api/auth/secrets.ts";
import { auditLog, staffSessions } from "../../db/schema/index.ts";
import type { TestApp } from "./staff-helpers.ts";
import { addStaff, jsonOf, loginCookie, openApi, postLogin, sessionCookie, sessionHeaders, uniqueEmail } from "./staff-helpers.ts";

let api: Awaited<ReturnType<typeof openApi>>;
let app: TestApp;
beforeAll(async () => {
  api = await openApi();
  app = api.app;
});
afterAll(() => api.close());

const HOUR_MS = 60 * 60 * 1000;

describe("logging in", () => {
  it("sets an HttpOnly session cookie that /me then recognises", async () => {
    const advisor = await addStaff(api.runtime.database, "advisor", api.runtime.clock.now());
    const response = await postLogin(app, advisor.email.toUpperCase(), advisor.password);
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body).toEqual({ user: { id: advisor.id, email: advisor.email, name: "Test advisor", role: "advisor" }, csrfToken: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^rafiq_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain("Path=/");
    expect(setCookie).toContain(`Max-Age=${api.runtime.config.SESSION_TTL_HOURS * 3600}`);
    expect(setCookie).not.toContain("Secure");

    const cookie = sessionCookie(response);
    const me = await app.request("/api/v1/me", { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await jsonOf(me)).toEqual({ user: body.user, via: "session", csrfToken: body.csrfToken });
    expect(body.csrfToken).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps only the SHA-256 of the session token in the database", async () => {
    const staff = await addStaff(api.runtime.database, "staff", api.runtime.clock.now());
    const token = (await loginCookie(app, staff)).slice("rafiq_session=".length);
    const rows = await api.runtime.database.db.select().from(staffSessions).where(eq(staffSessions.userId, staff.id));
    expect(rows.map((row) => row.tokenHash)).toEqual([sha256Hex(token)]);
  });

  it("marks the cookie Secure when PUBLIC_URL is https", async () => {
    const secureApp = (await import("../../api/app.ts")).createApp({
      ...api.runtime,
      config: { ...api.runtime.config, PUBLIC_URL: "https://rafiq.example.ma" },
    });
    const staff = await addStaff(api.runtime.database, "staff", api.runtime.clock.now());
    const response = await postLogin(secureApp, staff.email, staff.password);
    expect(response.headers.get("set-cookie")).toContain("Secure");
  });

  it("marks the cookie Secure for any public address but plain http on this machine, and sends HSTS only behind https", async () => {
    const staff = await addStaff(api.runtime.database, "staff", api.runtime.clock.now());
    const { createApp } = await import("../../api/app.ts");
    const cases: [string, boolean][] = [["http://rafiq.example.ma", true], ["http://localhost:3000", false], ["http://127.0.0.1:8080", false], ["https://rafiq.example.ma", true]];
    for (const [publicUrl, secure] of cases) {
      const other = createApp({ ...api.runtime, config: { ...api.runtime.config, PUBLIC_URL: publicUrl } });
      const response = await postLogin(other, staff.email, staff.password);
      expect(response.status).toBe(200);
      expect(response.headers.get("set-cookie")?.includes("Secure"), publicUrl).toBe(secure);
      expect(response.headers.get("strict-transport-security"), publicUrl).toBe(publicUrl.startsWith("https:") ? "max-age=31536000" : null);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("answers a wrong password and an unknown email with the same 401, naming neither", async () => {
    const staff = await addStaff(api.runtime.database, "staff", api.runtime.clock.now());
    const wrongPassword = await postLogin(app, staff.email, "not-the-password");
    const unknownEmail = await postLogin(app, uniqueEmail("nobody"), staff.password);
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const bodies = [await jsonOf(wrongPassword), await jsonOf(unknownEmail)];
    expect(bodies[0]).toEqual({ error: { code: "invalid_credentials", message: "wrong email or password" } });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(wrongPassword.headers.get("set-cookie")).toBeNull();
  });

  it("records successes and failures in the audit log without the password", async () => {
    const staff = await addStaff(api.runtime.database, "staff", api.runtime.clock.now());
    await postLogin(app, staff.email, "a-wrong-secret-123");
    await loginCookie(app, staff);
    const entries = await api.runtime.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, "staff_user"), eq(auditLog.subjectId, staff.id)));
    expect(entries.map((entry) => entry.action).sort()).toEqual(["auth.login", "auth.login_failed"]);
    const stored = JSON.stringify(entries);
    expect(stored).not.toContain("a-wrong-secret-123");
    expect(stored).not.toContain(staff.password);
  });
});

describe("sessions", () => {
  it("refuses /me without credentials and with an unknown cookie, in the standard error shape", async () => {
    const anonymous = await app.request("/api/v1/me");
    expect(anonymous.status).toBe(401);
    expect(await jsonOf(anonymous)).toMatchObject({ error: { code: "unauthorized" } });
    const forged = await app.request("/api/v1/me", { headers: { cookie: "rafiq_session=forged-token" } });
    expect(forged.status).toBe(401);
  });

  it("ends the session on logout, so the same cookie no longer works", async () => {
    const staff = await addStaff(api.runtime.database, "staff", api.runtime.clock.now());
    const cookie = await loginCookie(app, staff);
    const logout = await app.request("/api/v1/auth/logout", { method: "POST", headers: sessionHeaders(cookie) });
    expect(logout.status).toBe(204);
    expect(logout.headers.get("set-cookie")).toMatch(/rafiq_session=;.*Max-Age=0/);
    expect((await app.request("/api/v1/me", { headers: { cookie } })).status).toBe(401);
    const again = await app.request("/api/v1/auth/logout", { method: "POST", headers: { cookie } });
    expect(again.status).toBe(204);
  });

  it("tells a page who is logged in (and the CSRF token), or that nobody is, with 200 both ways", async () => {
    const staff = await addStaff(api.runtime.database, "staff", api.runtime.clock.now());
    const cookie = await loginCookie(app, staff);
    const anonymous = await app.request("/api/v1/auth/session");
    expect([anonymous.status, await jsonOf(anonymous)]).toEqual([200, { user: null }]);
    const known = await jsonOf(await app.request("/api/v1/auth/session", { headers: { cookie } }));
    expect(known).toEqual({ user: expect.objectContaining({ id: staff.id, role: "staff" }), csrfToken: sessionHeaders(cookie)["x-csrf-token"] });
  });

  it("refuses a write made with the session cookie alone (CSRF), and accepts it with the session's token", async () => {
    const admin = await addStaff(api.runtime.database, "admin", api.runtime.clock.now());
    const cookie = await loginCookie(app, admin);
    const write = (headers: Record<string, string>) =>
      app.request("/api/v1/admin/tokens", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ name: "ci", scope: "admin" }) });

    const forged = await write({ cookie });
    expect(forged.status).toBe(403);
    expect((await jsonOf(forged)).error.code).toBe("csrf_failed");
    const otherSession = sessionHeaders(await loginCookie(app, admin))["x-csrf-token"] ?? "";
    expect((await write({ cookie, "x-csrf-token": otherSession })).status).toBe(403);
    expect((await write(sessionHeaders(cookie))).status).toBe(201);
    // Reads need no token; a bearer token needs none either (a browser never sends it on its own).
    expect((await app.request("/api/v1/admin/tokens", { headers: { cookie } })).status).toBe(200);
    const { token } = await jsonOf(await write(sessionHeaders(cookie)));
    expect((await write({ authorization: `Bearer ${token}` })).status).toBe(201);
  });

  it("expires a session after SESSION_TTL_HOURS", async () => {
    const staff = await addStaff(api.runtime.database, "staff", api.runtime.clock.now());
    const cookie = await loginCookie(app, staff);
    api.runtime.clock.advance(api.runtime.config.SESSION_TTL_HOURS * HOUR_MS - 1000);
    expect((await app.request("/api/v1/me", { headers: { cookie } })).status).toBe(200);
    api.runtime.clock.advance(2000);
    expect((await app.request("/api/v1/me", { headers: { cookie } })).status).toBe(401);
  });
});

describe("bad login input", () => {
  it("answers malformed JSON with 400 invalid_json", async () => {
    const response = await app.request("/api/v1/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: "{\"email\":" });
    expect(response.status).toBe(400);
    expect(await jsonOf(response)).toMatchObject({ error: { code: "invalid_json" } });
  });

  it("refuses an email or password holding a NUL or a lone surrogate with 400 invalid_text, naming the field", async () => {
    for (const [email, password, field] of [["a\u0000@rafiq.test", "long enough password", "email"], ["a@rafiq.test", "pass\ud800word", "password"]]) {
      const response = await postLogin(app, email ?? "", password ?? "");
      expect(response.status).toBe(400);
      const body = await jsonOf(response);
      expect(body.error.code).toBe("invalid_text");
      expect(body.error.details.fields).toEqual([expect.objectContaining({ field })]);
    }
  });

  it("refuses a cross-site form posing as JSON (text/plain; x=application/json) with 415", async () => {
    const response = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "text/plain; x=application/json" },
      body: JSON.stringify({ email: uniqueEmail(), password: "whatever-it-is" }),
    });
    expect(response.status).toBe(415);
  });

  it("answers a wrong type with 400 naming the field", async () => {
    const response = await postLogin(app, uniqueEmail(), 12345 as unknown as string);
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toMatch(/^password:/);
    expect(body.error.details.fields).toEqual([expect.objectContaining({ field: "password" })]);
  });

  it("refuses unknown fields, a missing field, a form body and a huge body with 4xx JSON", async () => {
    const extra = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: uniqueEmail(), password: "x", role: "admin" }),
    });
    expect(extra.status).toBe(400);
    const missing = await app.request("/api/v1/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect((await jsonOf(missing)).error.details.fields.map((f: { field: string }) => f.field)).toEqual(["email", "password"]);
    const form = await app.request("/api/v1/auth/login", { method: "POST", body: new URLSearchParams({ email: "a", password: "b" }) });
    expect(form.status).toBe(415);
    const huge = await postLogin(app, uniqueEmail(), "x".repeat(200_000));
    expect(huge.status).toBe(413);
    expect(await jsonOf(huge)).toMatchObject({ error: { code: "payload_too_large" } });
  });
});
