import { randomBytes } from "node:crypto";
import type { Site, WeeklyWindow } from "../../bot/booking/types.ts";
import type { AdvisorSiteSettings } from "../../db/availability.ts";
import { setAdvisorSites } from "../../db/availability.ts";
import type { Db } from "../../db/client.ts";
import { contacts } from "../../db/schema/index.ts";
import { seedSites } from "../../db/sites.ts";
import { insertStaffUser } from "../../db/staff.ts";
import type { StaffRole } from "../../db/schema/index.ts";
import { uniqueUser } from "../helpers/database.ts";

/**
 * Booking fixtures with ids no other test uses, so test files can share one database
 * (and the seeded sites' demo advisors, on PGlite, never get in the way).
 */

const text = (fr: string) => ({ fr, ar: `${fr} (ar)`, ary: `${fr} (ary)` });

export function sampleSite(overrides: Partial<Site> = {}): Site {
  return {
    id: uniqueUser("site"),
    name: text("Site d'essai"),
    address: text("Khouribga, adresse à demander"),
    openingHours: text("Horaires à confirmer"),
    province: "khouribga",
    phone: null,
    programIds: ["minassati-khouribga"],
    demo: false,
    ...overrides,
  };
}

export async function addSite(db: Db, overrides: Partial<Site> = {}): Promise<Site> {
  const site = sampleSite(overrides);
  await seedSites(db, [site], new Date("2026-03-01T00:00:00Z"));
  return site;
}

export async function addStaffUser(db: Db, role: StaffRole = "advisor", name = "Conseillère d'essai"): Promise<string> {
  // Random and unusable: other tests look for every stored hash in their responses.
  const passwordHash = `unusable-${randomBytes(24).toString("base64url")}`;
  const user = await insertStaffUser(db, { email: `${uniqueUser(role)}@rafiq.test`, name, role, passwordHash, at: new Date("2026-03-01T00:00:00Z") });
  if (!user) throw new Error("no staff user");
  return user.id;
}

const WEEKDAYS = [1, 2, 3, 4, 5] as const;
export const OFFICE_HOURS: WeeklyWindow[] = WEEKDAYS.flatMap((weekday) => [
  { weekday, start: "09:00", end: "12:30" },
  { weekday, start: "14:00", end: "17:00" },
]);

export function settingsAt(siteId: string, overrides: Partial<AdvisorSiteSettings> = {}): AdvisorSiteSettings {
  return { siteId, meetingMinutes: 45, bufferMinutes: 15, minNoticeMinutes: 120, horizonDays: 21, dailyCap: 8, weekly: OFFICE_HOURS, ...overrides };
}

/** An advisor with office hours at the site. */
export async function addAdvisorAt(db: Db, siteId: string, overrides: Partial<AdvisorSiteSettings> = {}): Promise<string> {
  const id = await addStaffUser(db, "advisor");
  await setAdvisorSites(db, id, [settingsAt(siteId, overrides)], new Date("2026-03-01T00:00:00Z"));
  return id;
}

export async function addContact(db: Db, firstName = "Yassine", extra: Partial<typeof contacts.$inferInsert> = {}): Promise<string> {
  const [row] = await db.insert(contacts).values({ firstName, language: "ary", ...extra }).returning({ id: contacts.id });
  if (!row) throw new Error("no contact");
  return row.id;
}

export const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);
