import { createHash, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { setAdvisorSites } from "../../../db/availability.ts";
import { createAppointment } from "../../../db/booking.ts";
import type { Db } from "../../../db/client.ts";
import { insertStaffUser } from "../../../db/staff.ts";
import { channelIdentities } from "../../../db/schema/index.ts";
import type { WeeklyWindow } from "../../../bot/booking/types.ts";
import type { Engine } from "../../../bot/core/engine.ts";
import type { Lang } from "../../../bot/core/types.ts";

/**
 * The world the typed conversations meet: advisors with office hours at every seeded
 * platform (enough that conversations asking for the same hour all get one), and, for
 * people who already have a meeting, that meeting.
 */
export const SITES = ["minassati-khouribga", "wec-khouribga", "learning-center-laayoune", "learning-center-dakhla", "um6p-sil-benguerir"];
const ADVISORS_PER_SITE = 8;
const WEEKLY: WeeklyWindow[] = ([1, 2, 3, 4, 5] as const).flatMap((weekday) => [
  { weekday, start: "09:00", end: "12:30" },
  { weekday, start: "14:00", end: "17:00" },
]);
const SETTINGS = { meetingMinutes: 45, bufferMinutes: 15, minNoticeMinutes: 120, horizonDays: 21, dailyCap: 8, weekly: WEEKLY };

async function addAdvisor(db: Db, runId: string, siteId: string, label: string, at: Date): Promise<string> {
  const user = await insertStaffUser(db, {
    email: `typed-${runId}-${siteId}-${label}@rafiq.test`,
    name: `Conseillère ${label}`,
    role: "advisor",
    // Unusable on purpose: nobody logs in as an evaluation advisor.
    passwordHash: `unusable-${randomBytes(24).toString("base64url")}`,
    at,
  });
  if (!user) throw new Error("could not add an evaluation advisor");
  await setAdvisorSites(db, user.id, [{ siteId, ...SETTINGS }], at);
  return user.id;
}

export async function addTypedAdvisors(db: Db, runId: string, at: Date): Promise<void> {
  for (const siteId of SITES) {
    for (let n = 0; n < ADVISORS_PER_SITE; n += 1) await addAdvisor(db, runId, siteId, String(n + 1), at);
  }
}

export const LANG_OF = { fr: "fr", ar: "ar", "ary-arab": "ary", "ary-latn": "ary" } as const satisfies Record<string, Lang>;

/** A person who already chose their language, agreed to the notice and gave a first name (as if with buttons). */
export async function onboard(engine: Engine, user: string, lang: Lang, name: string): Promise<void> {
  const steps = [
    { kind: "start" } as const,
    { kind: "choice", choiceId: `lang:${lang}` } as const,
    { kind: "choice", choiceId: "consent:yes" } as const,
    { kind: "text", text: name } as const,
  ];
  let n = 0;
  for (const content of steps) {
    n += 1;
    await engine.receive({ channel: "web", externalUserId: user, channelMessageId: `${user}-setup-${n}`, content });
  }
}

/**
 * Their meeting: at Minassati, on the day after `at` (or the Monday after a weekend) at
 * 11:00 local time, with an advisor of its own so that no conversation's meeting takes
 * another's slot.
 */
export async function giveMeeting(db: Db, runId: string, user: string, at: Date): Promise<{ id: string; start: Date }> {
  const [identity] = await db.select().from(channelIdentities).where(and(eq(channelIdentities.channel, "web"), eq(channelIdentities.externalId, user)));
  if (!identity) throw new Error(`no contact for ${user}`);
  const advisorId = await addAdvisor(db, runId, "minassati-khouribga", `rdv-${createHash("sha1").update(user).digest("hex").slice(0, 12)}`, at);
  const start = new Date(at);
  start.setUTCDate(start.getUTCDate() + 1);
  while (start.getUTCDay() === 0 || start.getUTCDay() === 6) start.setUTCDate(start.getUTCDate() + 1);
  // Africa/Casablanca is UTC+0 since 20 September 2026: 11:00 local is 11:00 UTC.
  start.setUTCHours(11, 0, 0, 0);
  const result = await createAppointment(db, {
    contactId: identity.contactId,
    siteId: "minassati-khouribga",
    advisorId,
    start,
    end: new Date(start.getTime() + 45 * 60_000),
    topic: "project",
    actor: { kind: "contact", id: identity.contactId },
    at,
  });
  if (!result.ok) throw new Error("could not give the evaluation meeting");
  return { id: result.appointment.id, start };
}
