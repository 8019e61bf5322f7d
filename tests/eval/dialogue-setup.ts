import { randomBytes } from "node:crypto";
import { setAdvisorSites } from "../../db/availability.ts";
import type { Db } from "../../db/client.ts";
import { insertStaffUser } from "../../db/staff.ts";
import type { WeeklyWindow } from "../../bot/booking/types.ts";

/**
 * Advisors with office hours at the sites the scenarios book (both Khouribga platforms,
 * Laâyoune, Dakhla), enough of them that scenarios asking for the same slot all get one.
 * Works on the embedded database (which also has demo advisors) and on a real PostgreSQL.
 */
const SITES = ["minassati-khouribga", "wec-khouribga", "learning-center-laayoune", "learning-center-dakhla"];
const ADVISORS_PER_SITE = 6;
const WEEKLY: WeeklyWindow[] = ([1, 2, 3, 4, 5] as const).flatMap((weekday) => [
  { weekday, start: "09:00", end: "12:30" },
  { weekday, start: "14:00", end: "17:00" },
]);

export async function addEvalAdvisors(db: Db, runId: string, at: Date): Promise<void> {
  for (const siteId of SITES) {
    for (let n = 0; n < ADVISORS_PER_SITE; n += 1) {
      const user = await insertStaffUser(db, {
        email: `eval-${runId}-${siteId}-${n}@rafiq.test`,
        name: `Conseiller ${n + 1}`,
        role: "advisor",
        // Unusable on purpose: nobody logs in as an evaluation advisor.
        passwordHash: `unusable-${randomBytes(24).toString("base64url")}`,
        at,
      });
      if (!user) throw new Error("could not add an evaluation advisor");
      await setAdvisorSites(db, user.id, [{ siteId, meetingMinutes: 45, bufferMinutes: 15, minNoticeMinutes: 120, horizonDays: 21, dailyCap: 8, weekly: WEEKLY }], at);
    }
  }
}
