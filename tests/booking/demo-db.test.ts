import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inArray, like } from "drizzle-orm";
import { ensureDemoLogins } from "../../bot/booking/demo-logins.ts";
import { findStaffUserByEmail } from "../../db/staff.ts";
import { describe, expect, it } from "vitest";
import { DEMO_ADVISORS, DEMO_EMAIL_DOMAIN, demoEmail, removeDemoData } from "../../bot/booking/demo.ts";
import { seedBooking } from "../../bot/booking/seed.ts";
import { loadSeedSites } from "../../bot/booking/sites-seed.ts";
import { loadSchedules } from "../../db/availability.ts";
import { createAppointment } from "../../db/booking.ts";
import { openDatabase } from "../../db/client.ts";
import { staffUsers } from "../../db/schema/index.ts";
import { fixedClock } from "../../lib/clock.ts";
import { loadConfig } from "../../lib/config.ts";
import { createLogger } from "../../lib/logger.ts";
import { isArgon2idHash, verifyPassword } from "../../lib/passwords.ts";
import { openRuntime } from "../../lib/runtime.ts";
import { siteFreeTimes } from "../../api/booking/free-slots.ts";
import { isPglite, openTestDatabase } from "../helpers/database.ts";
import { addContact, minutes } from "./booking-fixture.ts";

const log = createLogger("silent");
const NOW = new Date("2026-03-02T09:00:00Z");
const demoEmails = DEMO_ADVISORS.map((advisor) => demoEmail(advisor.siteId));

/** The embedded database as `npm start` opens it without DATABASE_URL (in memory here). */
async function openEmbedded() {
  const database = await openDatabase({ dataDir: "", inMemory: true });
  const runtime = await openRuntime(loadConfig({ LOG_LEVEL: "silent" }), log, { clock: fixedClock(NOW), database });
  return { database, close: async () => (runtime.catalogue.stop(), await database.close()) };
}

describe("seed sites", () => {
  it("are the five places of the sources, in three languages, with no invented phone or hours", () => {
    const sites = loadSeedSites();
    expect(sites.map((site) => site.id).sort()).toEqual(["learning-center-dakhla", "learning-center-laayoune", "minassati-khouribga", "um6p-sil-benguerir", "wec-khouribga"]);
    for (const site of sites) {
      expect(site.phone).toBeNull();
      expect(site.demo).toBe(false);
      expect(site.openingHours.fr).toMatch(/à confirmer/);
      // A town and where to ask for the exact place, never a made-up street.
      expect(site.address.fr).toMatch(/demande/);
      expect(site.address.fr).not.toMatch(/\b(rue|avenue|bd|boulevard|n°)\b/i);
    }
  });
});

describe("demo data", () => {
  it("on the embedded database: one labelled demo advisor per seeded site, bookable at once, nobody can log in as them", async () => {
    const embedded = await openEmbedded();
    try {
      const db = embedded.database.db;
      const advisors = await db.select().from(staffUsers).where(inArray(staffUsers.email, demoEmails));
      expect(advisors).toHaveLength(5);
      for (const advisor of advisors) {
        expect(advisor.role).toBe("advisor");
        expect(advisor.name).toMatch(/démo/);
        expect(advisor.email.endsWith(`@${DEMO_EMAIL_DOMAIN}`)).toBe(true);
        expect(isArgon2idHash(advisor.passwordHash)).toBe(true);
        expect(await verifyPassword(advisor.passwordHash, "")).toBe(false);
      }
      const schedules = await loadSchedules(db, { siteId: "minassati-khouribga" });
      expect(schedules).toHaveLength(1);
      expect(schedules[0]).toMatchObject({ meetingMinutes: 45, bufferMinutes: 15, minNoticeMinutes: 120, horizonDays: 21, dailyCap: 8 });
      expect(schedules[0]?.weekly).toContainEqual({ weekday: 1, start: "09:00", end: "12:30" });
      expect(schedules[0]?.weekly).toContainEqual({ weekday: 5, start: "14:00", end: "17:00" });
      const free = await siteFreeTimes(db, "minassati-khouribga", NOW, NOW, minutes(NOW, 24 * 60));
      expect(free[0]?.start).toEqual(new Date("2026-03-02T11:00:00Z"));
    } finally {
      await embedded.close();
    }
  });

  it("is created once, is removed with its appointments, and does not come back at the next start", async () => {
    const embedded = await openEmbedded();
    try {
      const db = embedded.database.db;
      await seedBooking(embedded.database, { databaseUrl: undefined, at: NOW, log });
      expect(await db.select().from(staffUsers).where(like(staffUsers.email, "rafiq-demo-advisor.%"))).toHaveLength(5);

      const [schedule] = await loadSchedules(db, { siteId: "wec-khouribga" });
      if (!schedule) throw new Error("no demo schedule");
      const contactId = await addContact(db);
      const start = new Date("2026-03-03T09:00:00Z");
      const booked = await createAppointment(db, { contactId, siteId: "wec-khouribga", advisorId: schedule.advisorId, start, end: minutes(start, 45), topic: "sil-wec-khouribga", actor: { kind: "contact", id: contactId }, at: NOW });
      expect(booked.ok).toBe(true);

      expect(await removeDemoData(db, NOW)).toEqual({ advisors: 5, sites: 0, appointments: 1, admins: 0 });
      expect(await db.select().from(staffUsers).where(inArray(staffUsers.email, demoEmails))).toEqual([]);
      await seedBooking(embedded.database, { databaseUrl: undefined, at: NOW, log });
      expect(await db.select().from(staffUsers).where(inArray(staffUsers.email, demoEmails))).toEqual([]);
      expect(await loadSchedules(db, { siteId: "wec-khouribga" })).toEqual([]);
    } finally {
      await embedded.close();
    }
  });

  it("gives one demo admin and the Minassati demo advisor logins kept for the data folder, removed with the demo data", async () => {
    const embedded = await openEmbedded();
    const dataDir = mkdtempSync(join(tmpdir(), "rafiq-demo-logins-"));
    try {
      const db = embedded.database.db;
      const logins = await ensureDemoLogins(db, dataDir, NOW);
      if (!logins) throw new Error("no demo logins");
      expect(logins.advisor.email).toBe(demoEmail("minassati-khouribga"));
      const admin = await findStaffUserByEmail(db, logins.admin.email);
      expect(admin).toMatchObject({ role: "admin", name: expect.stringMatching(/démo/) });
      expect(await verifyPassword(admin!.passwordHash, logins.admin.password)).toBe(true);
      expect(await verifyPassword((await findStaffUserByEmail(db, logins.advisor.email))!.passwordHash, logins.advisor.password)).toBe(true);
      expect(statSync(join(dataDir, "demo-logins.json")).mode & 0o077).toBe(0);
      expect(await ensureDemoLogins(db, dataDir, NOW)).toEqual(logins);

      expect(await removeDemoData(db, NOW)).toMatchObject({ advisors: 5, admins: 1 });
      expect(await findStaffUserByEmail(db, logins.admin.email)).toBeNull();
      expect(await ensureDemoLogins(db, dataDir, NOW)).toBeNull();
      expect(existsSync(join(dataDir, "demo-logins.json"))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await embedded.close();
    }
  });

  it("is never created when a DATABASE_URL is configured", async () => {
    const database = await openDatabase({ dataDir: "", inMemory: true });
    try {
      await database.migrate();
      await seedBooking(database, { databaseUrl: "postgres://db.example.org/rafiq", at: NOW, log });
      expect((await loadSchedules(database.db)).length).toBe(0);
      expect(await database.db.select().from(staffUsers)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it.skipIf(isPglite())("is not on the real PostgreSQL the tests run on", async () => {
    const database = await openTestDatabase(1);
    try {
      const runtime = await openRuntime(loadConfig({ LOG_LEVEL: "silent" }), log, { clock: fixedClock(NOW), database });
      runtime.catalogue.stop();
      expect(await database.db.select().from(staffUsers).where(inArray(staffUsers.email, demoEmails))).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
