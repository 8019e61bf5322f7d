import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../api/app.ts";
import { ensureAdmin } from "../../api/auth/bootstrap-admin.ts";
import type { Database } from "../../db/client.ts";
import { auditLog, staffUsers } from "../../db/schema/index.ts";
import { fixedClock } from "../../lib/clock.ts";
import { createLogger } from "../../lib/logger.ts";
import { isArgon2idHash } from "../../lib/passwords.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { jsonOf, jsonRequest, loginCookie, openIsolatedDatabase, sessionHeaders } from "./staff-helpers.ts";

// "No admin yet" needs a database no other test file writes admins into.
let isolated: { database: Database; close: () => Promise<void> };
beforeAll(async () => {
  isolated = await openIsolatedDatabase();
});
afterAll(() => isolated.close());

const clock = fixedClock(new Date("2026-03-02T09:00:00Z"));
const log = createLogger("silent");
const credentials = { email: "Admin@Rafiq.test", password: "first-admin-password" };

describe("ensureAdmin", () => {
  it("creates the first admin once, even when two processes start together", async () => {
    const db = isolated.database.db;
    const outcomes = await Promise.all([ensureAdmin(db, credentials, clock, log), ensureAdmin(db, credentials, clock, log)]);
    expect(outcomes.sort()).toEqual(["created", "exists"]);
    expect(await ensureAdmin(db, { ...credentials, password: "another-password" }, clock, log)).toBe("exists");

    const admins = await db.select().from(staffUsers).where(eq(staffUsers.role, "admin"));
    expect(admins).toHaveLength(1);
    expect(isArgon2idHash(admins[0]?.passwordHash ?? "")).toBe(true);
    expect(admins[0]?.passwordHash).toContain("m=19456,t=2,p=1");
    const audited = await db.select().from(auditLog).where(eq(auditLog.action, "admin.bootstrapped"));
    expect(audited).toHaveLength(1);
  });

  it("lets the bootstrapped admin log in with the configured password, not a later one", async () => {
    const runtime = await openTestRuntime();
    try {
      const app = createApp({ ...runtime, database: isolated.database });
      const cookie = await loginCookie(app, { id: "", email: "admin@rafiq.test", password: credentials.password });
      const me = await app.request("/api/v1/me", { headers: { cookie } });
      expect((await jsonOf(me)).user.role).toBe("admin");

      // The last enabled admin cannot lock everyone out by demoting or disabling themselves.
      const [admin] = await isolated.database.db.select().from(staffUsers).where(eq(staffUsers.role, "admin"));
      for (const patch of [{ role: "staff" }, { disabled: true }]) {
        const response = await app.request(`/api/v1/admin/users/${admin?.id}`, jsonRequest("PATCH", patch, sessionHeaders(cookie)));
        expect(response.status).toBe(409);
        expect((await jsonOf(response)).error.code).toBe("last_admin");
      }
    } finally {
      await runtime.close();
    }
  });

  it("does not take over an existing non-admin account with the same email", async () => {
    const db = isolated.database.db;
    await db.update(staffUsers).set({ role: "staff" }).where(eq(staffUsers.role, "admin"));
    expect(await ensureAdmin(db, credentials, clock, log)).toBe("email_taken");
    const [user] = await db.select().from(staffUsers);
    expect(user?.role).toBe("staff");
  });
});
