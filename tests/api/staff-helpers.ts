import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import { createApp } from "../../api/app.ts";
import { CSRF_HEADER, csrfTokenFor } from "../../api/auth/csrf.ts";
import { sha256Hex } from "../../api/auth/secrets.ts";
import type { Database } from "../../db/client.ts";
import { openDatabase } from "../../db/client.ts";
import type { StaffRole } from "../../db/schema/index.ts";
import { insertStaffUser } from "../../db/staff.ts";
import { hashPassword } from "../../lib/passwords.ts";
import { openPgliteFromTemplate, uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

/** The HTTP app on the test database, with the runtime behind it (frozen clock included). */
export async function openApi(env: Record<string, string> = {}) {
  const runtime = await openTestRuntime(env);
  return { runtime, app: createApp(runtime), close: runtime.close };
}

export type TestApp = ReturnType<typeof createApp>;

export function uniqueEmail(prefix = "staff"): string {
  return `${uniqueUser(prefix)}@rafiq.test`;
}

export interface TestStaff {
  id: string;
  email: string;
  password: string;
}

/** A staff account written straight to the database, with a known password. */
export async function addStaff(database: Database, role: StaffRole, at: Date): Promise<TestStaff> {
  const email = uniqueEmail(role);
  const password = `pw-${randomBytes(9).toString("base64url")}`;
  const user = await insertStaffUser(database.db, { email, name: `Test ${role}`, role, passwordHash: await hashPassword(password), at });
  if (!user) throw new Error(`could not create ${email}`);
  return { id: user.id, email, password };
}

export function jsonRequest(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) };
}

export function postLogin(app: TestApp, email: string, password: string, headers: Record<string, string> = {}) {
  return app.request("/api/v1/auth/login", jsonRequest("POST", { email, password }, headers));
}

/** `rafiq_session=…` from a response's Set-Cookie, ready for a Cookie header. */
export function sessionCookie(response: Response): string {
  const match = /rafiq_session=([^;]*)/.exec(response.headers.get("set-cookie") ?? "");
  if (!match?.[1]) throw new Error(`no session cookie in ${response.status} response`);
  return `rafiq_session=${match[1]}`;
}

export async function loginCookie(app: TestApp, staff: TestStaff): Promise<string> {
  const response = await postLogin(app, staff.email, staff.password);
  if (response.status !== 200) throw new Error(`login of ${staff.email} answered ${response.status}`);
  return sessionCookie(response);
}

/**
 * A database of its own, for tests that need "no admin exists yet": on PGlite every test
 * file already has one; on PostgreSQL a fresh database beside the run's, dropped on close.
 */
export async function openIsolatedDatabase(): Promise<{ database: Database; url: string; close: () => Promise<void> }> {
  const runUrl = inject("databaseUrl");
  if (runUrl === "pglite") {
    const database = await openPgliteFromTemplate();
    return { database, url: "pglite", close: () => database.close() };
  }
  const name = `rafiq_isolated_${randomBytes(5).toString("hex")}`;
  const admin = postgres(runUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(runUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: "", poolSize: 4 });
  await database.migrate();
  return {
    database,
    url: url.toString(),
    close: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A response's JSON, loosely typed: the tests assert on its shape themselves. */
export async function jsonOf(response: Response): Promise<any> {
  return response.json();
}

/** The headers of a logged-in browser: its session cookie and the session's CSRF token (as /api/v1/me gives it). */
export function sessionHeaders(cookie: string): Record<string, string> {
  const token = decodeURIComponent(cookie.replace(/^rafiq_session=/, ""));
  return { cookie, [CSRF_HEADER]: csrfTokenFor(sha256Hex(token)) };
}

/** Calls the app as the holder of `cookie` (none: anonymous); the body parsed, loosely typed (tests assert on its shape). */
export async function requestAs(app: TestApp, cookie: string | null, path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const headers = { ...(init.headers as Record<string, string> | undefined), ...(cookie ? sessionHeaders(cookie) : {}) };
  const response = await app.request(path, { ...init, headers });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
