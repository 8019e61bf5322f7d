import { randomBytes } from "node:crypto";
import { eq, inArray, like, or, sql } from "drizzle-orm";
import type { AuditActorType } from "../../db/audit.ts";
import { recordAudit } from "../../db/audit.ts";
import { setAdvisorSites, type AdvisorSiteSettings } from "../../db/availability.ts";
import type { Db } from "../../db/client.ts";
import { appointments, auditLog, sites, staffUsers } from "../../db/schema/index.ts";
import { findStaffUserByEmail, insertStaffUser } from "../../db/staff.ts";
import { hashPassword } from "../../lib/passwords.ts";
import { withdrawReminders } from "./reminders.ts";
import type { WeeklyWindow } from "./types.ts";

/**
 * Demo advisors for the embedded mode (no DATABASE_URL), so that a newcomer can book a
 * meeting in the web chat within a minute. Clearly labelled ("… démo"), with example.org
 * emails nobody reads and random passwords nobody knows (no one can log in as them), their
 * availability rows marked `demo`. Never created on a real PostgreSQL.
 *
 * Remove them with `DELETE /api/v1/admin/demo-data` (admin) or removeDemoData(): their
 * appointments, reminders and accounts go; they are not created again afterwards.
 */

export const DEMO_EMAIL_PREFIX = "rafiq-demo-advisor.";
export const DEMO_EMAIL_DOMAIN = "example.org";
/** The demo admin whose login `npm start` prints in embedded mode (bot/booking/demo-logins.ts). */
export const DEMO_ADMIN_EMAIL = `rafiq-demo-admin@${DEMO_EMAIL_DOMAIN}`;
const DEMO_REMOVED_ACTION = "demo.removed";

/** One demo advisor per seeded site. */
export const DEMO_ADVISORS: readonly { siteId: string; name: string }[] = [
  { siteId: "minassati-khouribga", name: "Conseillère démo (Minassati)" },
  { siteId: "learning-center-laayoune", name: "Conseiller démo (Learning Center Laâyoune)" },
  { siteId: "learning-center-dakhla", name: "Conseillère démo (Learning Center Dakhla)" },
  { siteId: "um6p-sil-benguerir", name: "Conseiller démo (UM6P SIL Benguérir)" },
  { siteId: "wec-khouribga", name: "Conseillère démo (WEC Khouribga)" },
];

const WEEKDAYS = [1, 2, 3, 4, 5] as const;
/** Monday to Friday, 09:00–12:30 and 14:00–17:00, local time. */
export const DEMO_WEEKLY: WeeklyWindow[] = WEEKDAYS.flatMap((weekday) => [
  { weekday, start: "09:00", end: "12:30" },
  { weekday, start: "14:00", end: "17:00" },
]);
export const DEMO_SETTINGS: Omit<AdvisorSiteSettings, "siteId"> = {
  meetingMinutes: 45,
  bufferMinutes: 15,
  minNoticeMinutes: 120,
  horizonDays: 21,
  dailyCap: 8,
  weekly: DEMO_WEEKLY,
};

export function demoEmail(siteId: string): string {
  return `${DEMO_EMAIL_PREFIX}${siteId}@${DEMO_EMAIL_DOMAIN}`;
}

/**
 * Creates the missing demo advisors at the sites that exist; one already there is left as
 * it is (staff may have changed its availability). Nothing after removeDemoData().
 * Returns the emails created.
 */
export async function seedDemoAdvisors(db: Db, at: Date): Promise<string[]> {
  if (await demoWasRemoved(db)) return [];
  const present = await db.select({ id: sites.id }).from(sites).where(inArray(sites.id, DEMO_ADVISORS.map((advisor) => advisor.siteId)));
  const siteIds = new Set(present.map((row) => row.id));
  const created: string[] = [];
  for (const advisor of DEMO_ADVISORS) {
    if (!siteIds.has(advisor.siteId)) continue;
    const email = demoEmail(advisor.siteId);
    if (await findStaffUserByEmail(db, email)) continue;
    const passwordHash = await unusablePasswordHash();
    const user = await insertStaffUser(db, { email, name: advisor.name, role: "advisor", passwordHash, at });
    // Another process created it meanwhile: it sets the availability.
    if (!user) continue;
    await setAdvisorSites(db, user.id, [{ siteId: advisor.siteId, ...DEMO_SETTINGS }], at, { demo: true });
    created.push(email);
  }
  return created;
}

/**
 * Deletes the demo data: demo advisors (by their email) with their appointments and
 * reminders, demo sites with theirs, and records that it was done so that the next start
 * does not create them again. Returns what was removed.
 */
export async function removeDemoData(db: Db, at: Date, actor: { actorType: AuditActorType; actorId: string | null } = { actorType: "system", actorId: null }) {
  return db.transaction(async (tx) => {
    const advisors = await tx
      .select({ id: staffUsers.id })
      .from(staffUsers)
      .where(like(sql`lower(${staffUsers.email})`, `${DEMO_EMAIL_PREFIX}%@${DEMO_EMAIL_DOMAIN}`));
    const advisorIds = advisors.map((row) => row.id);
    // The demo admin printed by `npm start` (bot/booking/demo-logins.ts) goes with them.
    const admins = await tx.delete(staffUsers).where(eq(sql`lower(${staffUsers.email})`, DEMO_ADMIN_EMAIL)).returning({ id: staffUsers.id });
    const demoSites = (await tx.select({ id: sites.id }).from(sites).where(eq(sites.demo, true))).map((row) => row.id);
    const touched = await tx
      .select({ id: appointments.id })
      .from(appointments)
      .where(
        or(
          advisorIds.length > 0 ? inArray(appointments.advisorId, advisorIds) : sql`false`,
          demoSites.length > 0 ? inArray(appointments.siteId, demoSites) : sql`false`,
        ),
      );
    for (const { id } of touched) await withdrawReminders(tx, id, at);
    if (touched.length > 0) await tx.delete(appointments).where(inArray(appointments.id, touched.map((row) => row.id)));
    if (advisorIds.length > 0) await tx.delete(staffUsers).where(inArray(staffUsers.id, advisorIds));
    if (demoSites.length > 0) await tx.delete(sites).where(inArray(sites.id, demoSites));
    const removed = { advisors: advisorIds.length, sites: demoSites.length, appointments: touched.length, admins: admins.length };
    await recordAudit(tx, { at, ...actor, action: DEMO_REMOVED_ACTION, subjectType: "demo", details: removed });
    return removed;
  });
}

// One hash of a random password nobody ever sees, for all demo accounts (argon2 is slow on purpose).
let unusableHash: Promise<string> | undefined;
function unusablePasswordHash(): Promise<string> {
  unusableHash ??= hashPassword(randomBytes(32).toString("base64url"));
  return unusableHash;
}

export async function demoWasRemoved(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, DEMO_REMOVED_ACTION)).limit(1);
  return row !== undefined;
}
