import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, staffUsers } from "../../db/schema/index.ts";
import type { TestStaff } from "./staff-helpers.ts";
import { addStaff, jsonOf, jsonRequest, loginCookie, openApi, postLogin, sessionHeaders, uniqueEmail } from "./staff-helpers.ts";

let api: Awaited<ReturnType<typeof openApi>>;
let admin: TestStaff;
let adminCookie: string;
/** Every response body of this file, to check that no password hash ever left the server. */
const bodies: string[] = [];
beforeAll(async () => {
  api = await openApi();
  admin = await addStaff(api.runtime.database, "admin", api.runtime.clock.now());
  adminCookie = await loginCookie(api.app, admin);
});
afterAll(() => api.close());

async function call(path: string, init: RequestInit = {}) {
  const headers = { ...(init.headers as Record<string, string> | undefined), ...sessionHeaders(adminCookie) };
  const response = await api.app.request(path, { ...init, headers });
  const text = await response.text();
  bodies.push(text);
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const newUser = (overrides: Record<string, unknown> = {}) => ({
  email: uniqueEmail("new"),
  name: "Salma Advisor",
  role: "advisor",
  password: "correct horse battery",
  ...overrides,
});

describe("managing staff accounts", () => {
  it("creates an account that can then log in with its role", async () => {
    const input = newUser();
    const created = await call("/api/v1/admin/users", jsonRequest("POST", input));
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ email: input.email, name: "Salma Advisor", role: "advisor", disabled: false });
    const login = await postLogin(api.app, input.email, input.password);
    expect(login.status).toBe(200);
    expect((await jsonOf(login)).user.role).toBe("advisor");
  });

  it("refuses a second account with the same email in another case with 409 email_taken", async () => {
    const input = newUser();
    expect((await call("/api/v1/admin/users", jsonRequest("POST", input))).status).toBe(201);
    const again = await call("/api/v1/admin/users", jsonRequest("POST", newUser({ email: input.email.toUpperCase() })));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("email_taken");
  });

  it("lists accounts and changes a name and a role", async () => {
    const person = await addStaff(api.runtime.database, "advisor", api.runtime.clock.now());
    const listed = await call("/api/v1/admin/users");
    expect(listed.body.users.map((user: { id: string }) => user.id)).toContain(person.id);
    const patched = await call(`/api/v1/admin/users/${person.id}`, jsonRequest("PATCH", { name: "Youssef", role: "staff" }));
    expect(patched.status).toBe(200);
    expect(patched.body.user).toMatchObject({ id: person.id, name: "Youssef", role: "staff" });
  });

  it("sets an advisor's capacity at creation and later, within 0–200, and audits the change", async () => {
    const created = await call("/api/v1/admin/users", jsonRequest("POST", newUser({ maxOpenConversations: 8 })));
    expect(created.body.user.maxOpenConversations).toBe(8);
    const id = created.body.user.id as string;
    const changed = await call(`/api/v1/admin/users/${id}`, jsonRequest("PATCH", { maxOpenConversations: 0 }));
    expect(changed.body.user.maxOpenConversations).toBe(0);
    const tooMany = await call(`/api/v1/admin/users/${id}`, jsonRequest("PATCH", { maxOpenConversations: 201 }));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/^maxOpenConversations:/);
    const fractional = await call(`/api/v1/admin/users/${id}`, jsonRequest("PATCH", { maxOpenConversations: 2.5 }));
    expect(fractional.status).toBe(400);
    const audit = await api.runtime.database.db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, "staff.updated"), eq(auditLog.subjectId, id)));
    expect(audit.map((row) => (row.details as { changes: Record<string, unknown> }).changes.maxOpenConversations)).toEqual([{ from: 8, to: 0 }]);
    const defaulted = await call("/api/v1/admin/users", jsonRequest("POST", newUser()));
    expect(defaulted.body.user.maxOpenConversations).toBe(5);
  });

  it("disabling an account refuses its logins and ends its sessions and tokens; re-enabling lets it log in", async () => {
    const person = await addStaff(api.runtime.database, "admin", api.runtime.clock.now());
    const cookie = await loginCookie(api.app, person);
    const tokenResponse = await api.app.request("/api/v1/admin/tokens", jsonRequest("POST", { name: "theirs", scope: "admin" }, sessionHeaders(cookie)));
    const { token } = await jsonOf(tokenResponse);

    const disabled = await call(`/api/v1/admin/users/${person.id}`, jsonRequest("PATCH", { disabled: true }));
    expect(disabled.body.user.disabled).toBe(true);
    expect((await api.app.request("/api/v1/me", { headers: { cookie } })).status).toBe(401);
    expect((await api.app.request("/api/v1/me", { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    const login = await postLogin(api.app, person.email, person.password);
    expect(login.status).toBe(401);
    expect((await jsonOf(login)).error.code).toBe("invalid_credentials");

    await call(`/api/v1/admin/users/${person.id}`, jsonRequest("PATCH", { disabled: false }));
    expect((await postLogin(api.app, person.email, person.password)).status).toBe(200);
  });

  it("rejects bad input with 400 naming the field, and unknown ids with 404", async () => {
    const badRole = await call("/api/v1/admin/users", jsonRequest("POST", newUser({ role: "superuser" })));
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.message).toMatch(/^role:/);
    const shortPassword = await call("/api/v1/admin/users", jsonRequest("POST", newUser({ password: "short" })));
    expect(shortPassword.body.error.details.fields[0].field).toBe("password");
    const badEmail = await call("/api/v1/admin/users", jsonRequest("POST", newUser({ email: "not-an-email" })));
    expect(badEmail.body.error.message).toMatch(/^email:/);
    const wrongType = await call(`/api/v1/admin/users/${admin.id}`, jsonRequest("PATCH", { disabled: "yes" }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toMatch(/^disabled:/);
    const unknownField = await call(`/api/v1/admin/users/${admin.id}`, jsonRequest("PATCH", { isRoot: true }));
    expect(unknownField.status).toBe(400);
    const empty = await call(`/api/v1/admin/users/${admin.id}`, jsonRequest("PATCH", {}));
    expect(empty.status).toBe(400);
    const broken = await call(`/api/v1/admin/users/${admin.id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: "[1," });
    expect(broken.body.error.code).toBe("invalid_json");
    const missing = await call(`/api/v1/admin/users/${crypto.randomUUID()}`, jsonRequest("PATCH", { name: "Nobody" }));
    expect(missing.status).toBe(404);
  });

  it("never puts a password hash in any response", async () => {
    await call("/api/v1/admin/users");
    await call(`/api/v1/admin/users/${admin.id}`, jsonRequest("PATCH", { name: "Admin" }));
    await call("/api/v1/me");
    expect(bodies.length).toBeGreaterThan(10);
    // The digest part of every real hash (other test files on this database store
    // placeholders such as "x", which any body contains).
    const digests = (await api.runtime.database.db.select({ hash: staffUsers.passwordHash }).from(staffUsers))
      .map((row) => row.hash.split("$").at(-1) ?? "")
      .filter((digest) => digest.length >= 16);
    expect(digests.length).toBeGreaterThan(0);
    for (const body of bodies) {
      expect(body).not.toMatch(/argon2|passwordHash|password_hash/);
      for (const digest of digests) expect(body).not.toContain(digest);
    }
  });
});
