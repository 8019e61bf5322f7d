import { recordAudit, type AuditActorType } from "../../db/audit.ts";
import {
  cancelPendingRecipients,
  findBroadcast,
  insertBroadcast,
  lockBroadcast,
  updateBroadcast,
  type BroadcastRow,
} from "../../db/broadcasts.ts";
import type { Db } from "../../db/client.ts";
import { cancelJobs, scheduleJob } from "../../db/jobs.ts";
import { fanOut } from "../../db/segments.ts";
import { countSegmentNeedingTemplate, countTemplateRecipients, spreadTemplateRecipients } from "../../db/whatsapp-cloud.ts";
import { z } from "zod";
import type { JobRow } from "../../db/jobs.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import type { BroadcastAction, BroadcastTexts, Segment } from "./types.ts";

export const BROADCAST_START_JOB = "broadcast.start";
const spreadSchema = z.object({ firstDay: z.number().int().min(0), perDay: z.number().int().min(1) });

/** Who acts, as the audit log names them. */
export interface BroadcastActor {
  userId: string;
  audit: { actorType: AuditActorType; actorId: string; ip: string | null };
}

export interface BroadcastDraft {
  title: string;
  texts: BroadcastTexts;
  action: BroadcastAction | null;
  segment: Segment;
}

const jobKey = (id: string) => `broadcast:${id}`;

/**
 * What staff do with announcements: write a draft, change it while it is one, send it
 * now or at a time, cancel it. Status changes happen under the broadcast's row lock, so
 * a cancel racing the start either stops it before the fan-out or withdraws everyone
 * not yet sent. The start itself is a job (db/jobs.ts): a scheduled announcement goes
 * out even if the process that scheduled it is gone.
 */
export function createBroadcastService(deps: {
  db: Db;
  clock: Clock;
  /** WhatsApp through the Cloud API: the number's daily tier of people reached with templates (null: unlimited). */
  whatsappTier?: { limit: number | null };
}) {
  const { db, clock } = deps;

  /**
   * What is left of Meta's daily tier against what this segment's WhatsApp people need
   * (those outside their window get a template); refused with the numbers when it does
   * not fit, unless staff chose to spread it over days.
   */
  async function checkTier(tx: Db, segment: Segment, spread: boolean): Promise<{ firstDay: number; perDay: number } | null> {
    const limit = deps.whatsappTier?.limit;
    if (limit === undefined || limit === null) return null;
    const now = clock.now();
    const needed = await countSegmentNeedingTemplate(tx, segment, now);
    const used = await countTemplateRecipients(tx, now);
    const left = Math.max(0, limit - used);
    if (needed <= left) return null;
    if (!spread) {
      throw new AppError(
        "tier_exceeded",
        `this announcement needs the WhatsApp template for ${needed} people; the number's daily tier (${limit}) has ${left} left today (${used} reached in the last 24 hours). Send it to fewer people, or spread it over days`,
        409,
        { needed, left, used, tier: limit, days: 1 + Math.ceil((needed - left) / limit) },
      );
    }
    return { firstDay: left, perDay: limit };
  }

  async function audit(tx: Db, actor: BroadcastActor | null, action: string, id: string, details: Record<string, unknown> = {}) {
    await recordAudit(tx, {
      at: clock.now(),
      ...(actor ? { actorType: actor.audit.actorType, actorId: actor.audit.actorId, ip: actor.audit.ip } : { actorType: "system" as const, actorId: null }),
      action,
      subjectType: "broadcast",
      subjectId: id,
      details,
    });
  }

  async function lockOrThrow(tx: Db, id: string): Promise<BroadcastRow> {
    const row = await lockBroadcast(tx, id);
    if (!row) throw new AppError("not_found", "no broadcast with this id", 404);
    return row;
  }

  function refuseUnlessDraft(row: BroadcastRow, doing: string) {
    if (row.status !== "draft") throw new AppError("not_a_draft", `only a draft can be ${doing}; this one is ${row.status}`, 409);
  }

  /**
   * The start job: evaluates the segment into one row per person, in the job's
   * transaction (all of them or none), and hands them to the senders.
   */
  async function start(tx: Db, broadcastId: string, spread?: { firstDay: number; perDay: number }): Promise<void> {
    const row = await lockBroadcast(tx, broadcastId);
    if (!row || row.status !== "scheduled") return;
    const now = clock.now();
    const count = await fanOut(tx, broadcastId, row.segment, now);
    if (spread) await spreadTemplateRecipients(tx, broadcastId, spread.firstDay, spread.perDay, now);
    await updateBroadcast(
      tx,
      broadcastId,
      count === 0 ? { status: "sent", startedAt: now, finishedAt: now, recipientCount: 0 } : { status: "sending", startedAt: now, recipientCount: count },
      now,
    );
    await audit(tx, null, "broadcast.started", broadcastId, { recipients: count });
  }

  return {
    async create(actor: BroadcastActor, draft: BroadcastDraft): Promise<BroadcastRow> {
      return db.transaction(async (tx) => {
        const row = await insertBroadcast(tx, { ...draft, createdBy: actor.userId, at: clock.now() });
        await audit(tx, actor, "broadcast.created", row.id, { title: row.title });
        return row;
      });
    },

    async update(actor: BroadcastActor, id: string, patch: Partial<BroadcastDraft>): Promise<BroadcastRow> {
      return db.transaction(async (tx) => {
        refuseUnlessDraft(await lockOrThrow(tx, id), "changed");
        const row = await updateBroadcast(tx, id, patch, clock.now());
        await audit(tx, actor, "broadcast.updated", id, { fields: Object.keys(patch) });
        return row;
      });
    },

    /**
     * Sends at `at` (null or past: now). The segment is read when it starts, not now; the
     * WhatsApp tier is checked now, and `spreadOverDays` spreads what does not fit.
     */
    async schedule(actor: BroadcastActor, id: string, at: Date | null, options: { spreadOverDays?: boolean } = {}): Promise<BroadcastRow> {
      return db.transaction(async (tx) => {
        const draft = await lockOrThrow(tx, id);
        refuseUnlessDraft(draft, "sent");
        const spread = await checkTier(tx, draft.segment, options.spreadOverDays ?? false);
        const now = clock.now();
        const runAt = at && at > now ? at : now;
        const row = await updateBroadcast(tx, id, { status: "scheduled", scheduledAt: runAt }, now);
        await scheduleJob(tx, { kind: BROADCAST_START_JOB, runAt, payload: { broadcastId: id, ...(spread ? { spread } : {}) }, dedupeKey: jobKey(id) });
        await audit(tx, actor, "broadcast.scheduled", id, { at: runAt.toISOString(), ...(spread ? { spread } : {}) });
        return row;
      });
    },

    /** Before it starts: it never goes. While sending: nobody else gets it. After: refused. */
    async cancel(actor: BroadcastActor, id: string): Promise<BroadcastRow> {
      return db.transaction(async (tx) => {
        const before = await lockOrThrow(tx, id);
        if (before.status === "sent" || before.status === "cancelled") {
          throw new AppError("already_finished", `this broadcast is already ${before.status}`, 409);
        }
        const now = clock.now();
        await cancelJobs(tx, { dedupeKeys: [jobKey(id)] }, now);
        const withdrawn = before.status === "sending" ? await cancelPendingRecipients(tx, id) : 0;
        const row = await updateBroadcast(tx, id, { status: "cancelled", cancelledAt: now }, now);
        await audit(tx, actor, "broadcast.cancelled", id, { from: before.status, withdrawn });
        return row;
      });
    },

    start,

    async find(id: string): Promise<BroadcastRow> {
      const row = await findBroadcast(db, id);
      if (!row) throw new AppError("not_found", "no broadcast with this id", 404);
      return row;
    },

    /** The job handler (main.ts registers it under BROADCAST_START_JOB). */
    jobHandler() {
      return async (job: JobRow, tx: Db) => {
        const id = job.payload.broadcastId;
        const spread = spreadSchema.safeParse(job.payload.spread);
        if (typeof id === "string") await start(tx, id, spread.success ? spread.data : undefined);
      };
    },
  };
}

export type BroadcastService = ReturnType<typeof createBroadcastService>;
