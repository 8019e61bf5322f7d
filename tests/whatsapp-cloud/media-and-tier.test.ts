import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBroadcastService } from "../../bot/broadcast/service.ts";
import { jobs, mediaFiles } from "../../db/schema/index.ts";
import { queryRows } from "../../db/sql.ts";
import { recordTemplateSend } from "../../db/whatsapp-cloud.ts";
import { fixedClock } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { addStaff } from "../api/staff-helpers.ts";
import { seedPeople } from "../broadcast/people.ts";
import { eventually } from "../telegram/harness.ts";
import { openCloudHarness, type CloudHarness } from "./harness.ts";

describe("media and the daily tier on the WhatsApp Cloud API", () => {
  let h: CloudHarness;
  beforeAll(async () => {
    h = await openCloudHarness({ env: { WHATSAPP_CLOUD_MEDIA_MAX_BYTES: "2048" } });
  });
  afterAll(() => h?.close());
  const db = () => h.runtime.database.db;

  it("fetches a voice note only once the person consented, within the size limit, and keeps it for a while", async () => {
    const person = h.person();
    h.fake.addMedia("voice-before", Buffer.alloc(500, 1), "audio/ogg");
    h.fake.addMedia("voice-after", Buffer.alloc(600, 2), "audio/ogg");
    h.fake.addMedia("image-big", Buffer.alloc(4096, 3), "image/jpeg");
    await person.text("salam", 1);
    await person.exchange({ type: "audio", audio: { id: "voice-before", mime_type: "audio/ogg", voice: true } }, 1);
    await person.press("lang:fr", 1);
    await person.press("consent:yes", 1);
    const contactId = (await person.recipient())!.contactId;
    await person.exchange({ type: "audio", audio: { id: "voice-after", mime_type: "audio/ogg", voice: true } }, 1);
    await person.exchange({ type: "image", image: { id: "image-big", mime_type: "image/jpeg" } }, 1);
    const kept = await eventually(async () => {
      const rows = await db().select().from(mediaFiles).where(eq(mediaFiles.contactId, contactId));
      return rows.length > 0 && rows;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.fake.mediaLookups).not.toContain("voice-before");
    expect(kept.map((row) => row.mediaId)).toEqual(["voice-after"]);
    expect(kept[0]?.sizeBytes).toBe(600);
    expect(kept[0]!.expiresAt.getTime() - kept[0]!.createdAt.getTime()).toBe(24 * 3_600_000);
  });

  it("refuses an announcement larger than what is left of the tier, with the numbers, or spreads it over days when asked", async () => {
    // Far from the other tests' template sends: the tier counts the last 24 hours.
    const clock = fixedClock(new Date("2031-01-06T09:00:00Z"));
    const service = createBroadcastService({ db: db(), clock, whatsappTier: { limit: 5 } });
    const province = `tier-${randomUUID().slice(0, 8)}`;
    await seedPeople(db(), Array.from({ length: 8 }, (_, index) => ({ channel: "whatsapp" as const, externalId: `2127${province}${index}`, profile: { province } })));
    await recordTemplateSend(db(), "212700000000", "rafiq_meeting_reminder", "wamid.earlier", clock.now());
    const staff = await addStaff(h.runtime.database, "staff", clock.now());
    const actor = { userId: staff.id, audit: { actorType: "staff" as const, actorId: staff.id, ip: null } };
    const draft = await service.create(actor, { title: "Tier", texts: { fr: "Appel ouvert", ar: "دعوة", ary: "عرض" }, action: null, segment: { provinces: [province] } });

    const refused = await service.schedule(actor, draft.id, null).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("tier_exceeded");
    expect((refused as AppError).details).toMatchObject({ needed: 8, left: 4, used: 1, tier: 5, days: 2 });

    await service.schedule(actor, draft.id, null, { spreadOverDays: true });
    const [job] = await db().select().from(jobs).where(eq(jobs.dedupeKey, `broadcast:${draft.id}`));
    await db().transaction((tx) => service.jobHandler()(job!, tx));
    const rows = await queryRows<{ later: boolean; n: number | string }>(
      db(),
      sql`select next_attempt_at is not null as later, count(*) as n from broadcast_recipients where broadcast_id = ${draft.id} group by 1 order by 1`,
    );
    expect(rows.map((row) => [row.later, Number(row.n)])).toEqual([
      [false, 4],
      [true, 4],
    ]);
  });
});
